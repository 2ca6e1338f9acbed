"""Form BM02/BNV — number and quality of civil servants (Circular 11/2012/TT-BNV).

One row per unit directly under the chosen unit (each with its whole subtree) and one for the
chosen unit's own staff, then the total; the columns are the form's: headcount; of whom Party
members, women, ethnic minorities; by rank; professional level; political theory; state
management; IT; foreign language; age bands. Counted as of the report date like `breakdown`
(people in post, what they held, units as they were), in ONE grouped query by the post's unit,
folded into the form's rows in Python (a province has hundreds of units, not millions).
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from dtbd.accounts.policy import Scope
from dtbd.core.codes import AGE_BANDS, NONE, Category
from dtbd.organisation.models import UnitAncestry, UnitVersion

from .registry import Param, date_param
from .workforce import _echo, _unit_visible, people_in_post, years_before

# Ranks by their general-administration code; other sectors' equivalents are added here.
RANKS = {
    "rank_senior": ("01.001",),
    "rank_principal": ("01.002",),
    "rank_specialist": ("01.003",),
    "rank_officer": ("01.004",),
    "rank_staff": ("01.005",),
}

# (field, column heading in the form, group heading); the order is the form's.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("total", "Tổng số", ""),
    ("party", "Đảng viên", "Trong đó"),
    ("women", "Nữ", "Trong đó"),
    ("minorities", "Dân tộc thiểu số", "Trong đó"),
    ("rank_senior", "CVCC và tương đương", "Ngạch công chức"),
    ("rank_principal", "CVC và tương đương", "Ngạch công chức"),
    ("rank_specialist", "CV và tương đương", "Ngạch công chức"),
    ("rank_officer", "Cán sự và tương đương", "Ngạch công chức"),
    ("rank_staff", "Nhân viên", "Ngạch công chức"),
    ("prof_doctorate", "Tiến sĩ", "Trình độ chuyên môn"),
    ("prof_master", "Thạc sĩ", "Trình độ chuyên môn"),
    ("prof_university", "Đại học", "Trình độ chuyên môn"),
    ("prof_college", "Cao đẳng", "Trình độ chuyên môn"),
    ("prof_intermediate", "Trung cấp", "Trình độ chuyên môn"),
    ("prof_elementary", "Sơ cấp", "Trình độ chuyên môn"),
    ("pol_advanced", "Cao cấp, cử nhân", "Lý luận chính trị"),
    ("pol_intermediate", "Trung cấp", "Lý luận chính trị"),
    ("pol_basic", "Sơ cấp", "Lý luận chính trị"),
    ("sm_senior", "CVCC", "Quản lý nhà nước"),
    ("sm_principal", "CVC", "Quản lý nhà nước"),
    ("sm_specialist", "CV", "Quản lý nhà nước"),
    ("it", "Tin học", "Chứng chỉ"),
    ("foreign_language", "Ngoại ngữ", "Chứng chỉ"),
    ("age_30_or_under", "Từ 30 trở xuống", "Độ tuổi"),
    ("age_31_40", "Từ 31 đến 40", "Độ tuổi"),
    ("age_41_50", "Từ 41 đến 50", "Độ tuổi"),
    ("age_51_60", "Từ 51 đến 60", "Độ tuổi"),
    ("age_over_60", "Trên 60", "Độ tuổi"),
)
FIELDS = tuple(name for name, _, _ in COLUMNS)

PARAMS = (
    Param("unit", required=True, help="the unit reporting: one row per unit under it"),
    Param("as_of", date_param, help="report date, YYYY-MM-DD (default: today)"),
    Param(
        "category",
        choices=tuple(Category.values),
        help="whom to count (default: civil_servant, as the form says)",
    ),
)


def columns(params: dict[str, Any]) -> tuple[str, ...]:
    return ("unit", "unit_name", *FIELDS)


def _counts(on: dt.date) -> dict[str, Any]:
    """Every column as a filtered count over the joined rows."""
    counts: dict[str, Any] = {
        "total": Count("pk"),
        "party": Count("pk", filter=Q(party_member=True)),
        "women": Count("pk", filter=Q(gender="female")),
        # Ethnicity is free text: everyone recorded as other than Kinh is a minority.
        "minorities": Count("pk", filter=~Q(ethnicity="") & ~Q(ethnicity__iexact="kinh")),
    }
    for field, codes in RANKS.items():
        counts[field] = Count("pk", filter=Q(rank_code__in=codes))
    for level in ("doctorate", "master", "university", "college", "intermediate", "elementary"):
        counts[f"prof_{level}"] = Count("pk", filter=Q(professional=level))
    for level in ("advanced", "intermediate", "basic"):
        counts[f"pol_{level}"] = Count("pk", filter=Q(political_theory=level))
    for field, level in (
        ("sm_senior", "senior_specialist"),
        ("sm_principal", "principal_specialist"),
        ("sm_specialist", "specialist"),
    ):
        counts[field] = Count("pk", filter=Q(state_management=level))
    counts["it"] = Count("pk", filter=~Q(it=NONE))
    counts["foreign_language"] = Count("pk", filter=~Q(foreign_language=NONE))
    previous = None
    for code, _lowest, highest in AGE_BANDS:
        band = Q()
        if highest is not None:
            band &= Q(birth_date__gt=years_before(on, highest + 1))
        if previous is not None:
            band &= Q(birth_date__lte=years_before(on, previous + 1))
        counts[f"age_{code}"] = Count("pk", filter=band)
        previous = highest
    return counts


def bm02(scope: Scope, params: dict[str, Any]) -> dict:
    params = {**params}
    params.setdefault("category", Category.CIVIL_SERVANT)
    qs, on = people_in_post(scope, params)
    by_unit = {
        row["unit_id"]: row for row in qs.values("unit_id").annotate(**_counts(on)).order_by()
    }
    reporting = _unit_visible(scope, params["unit"], on)
    groups = _rows_of(reporting.pk, on)
    rows = []
    for unit_id, (code, name) in groups["rows"].items():
        members = groups["members"][unit_id]
        figures = {f: sum(by_unit[u][f] for u in members if u in by_unit) for f in FIELDS}
        rows.append({"unit": code, "unit_name": name, **figures})
    rows = [r for r in rows if r["total"]] or rows[:0]
    total = {f: sum(r[f] for r in rows) for f in FIELDS}
    rows.append({"unit": None, "unit_name": "Tổng cộng", **total})
    return {"report": "bm02", "params": _echo(params), "rows": rows}


def _rows_of(unit_id: int, on: dt.date) -> dict[str, Any]:
    """The form's rows: the unit's own staff, then each unit directly under it (with its
    subtree), in name order; `members` lists the units each row sums."""
    from dtbd.core.text import text_sort_key

    children = sorted(
        UnitVersion.objects.filter(
            parent_id=unit_id, valid_from__lte=on, valid_to__gte=on
        ).select_related("unit"),
        key=lambda v: (v.kind == "area", text_sort_key(v.name)),  # agencies, then communes
    )
    own = UnitVersion.objects.filter(unit_id=unit_id, valid_from__lte=on, valid_to__gte=on)
    own_version = own.select_related("unit").first()
    rows = {unit_id: (own_version.unit.code, own_version.name)} if own_version else {}
    members: dict[int, list[int]] = {unit_id: [unit_id]}
    for child in children:
        rows[child.unit_id] = (child.unit.code, child.name)
        members[child.unit_id] = []
    # every child's subtree in one query (a province has a hundred or more children)
    for ancestor, descendant in UnitAncestry.objects.filter(
        ancestor_id__in=[child.unit_id for child in children], valid_from__lte=on, valid_to__gte=on
    ).values_list("ancestor_id", "descendant_id"):
        members[ancestor].append(descendant)
    return {"rows": rows, "members": members}


def _form(result: dict):
    from dtbd.organisation.models import Unit

    from .official import Form

    params = result["params"]
    on = dt.date.fromisoformat(params["as_of"]) if params.get("as_of") else None
    unit = Unit.objects.filter(code=params["unit"]).first()
    when = on or dt.date.today()
    version = (
        UnitVersion.objects.filter(unit=unit, valid_from__lte=when, valid_to__gte=when).first()
        if unit
        else None
    )
    rows = []
    for n, row in enumerate(result["rows"], start=1):
        total_row = row["unit"] is None
        rows.append(["" if total_row else n, row["unit_name"], *[row[f] for f in FIELDS]])
    return Form(
        code="Biểu số BM02/BNV",
        basis="Ban hành kèm theo Thông tư số 11/2012/TT-BNV",
        body=version.name if version else params["unit"],
        title="BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG CÔNG CHỨC",
        subtitle=f"(Tính đến ngày {when:%d/%m/%Y})",
        lead=[("STT", 5), ("Tên đơn vị", 34)],
        figures=[(heading, group) for _, heading, group in COLUMNS],
        rows=rows,
        bold_rows=frozenset({len(rows) - 1}),
    )


def bm02_xlsx(report: Any, result: dict) -> bytes:
    from .official import form_xlsx

    return form_xlsx(_form(result))


def bm02_pdf(report: Any, result: dict) -> bytes:
    from .official import form_pdf

    return form_pdf(_form(result))
