"""Biểu số 10-BTCTW — results of training in the year (Party organisation sector).

Counts completed enrolments (person-times) whose `completed_on` falls in the year, of learners
whose post on that day lay in the subtree of `unit`, by programme line × the learner's level
(province, district, commune) and, among them, leaders and managers (heads and deputies); and
the classes that started in the year, opened by provincial and by district-level organisers
in the subtree. The completions are read from the copy each carries of the learner's standing
that day (training.stamps, ADR 0011), grouped by class; the classes in one grouped query;
both folded into the form's lines in Python.

Lines with no source in the programme catalogue (degree training, the bachelor of political
theory, Party work, mass-organisation work, economic management) are printed empty, not zero:
the system does not record them. From the 2026 form on (after the 2025 reform) the district
columns are empty: districts no longer exist.
"""

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count

from dtbd.accounts.policy import LISTED_IDS, Scope
from dtbd.core.codes import EnrolmentStatus
from dtbd.organisation.models import UnitAncestry
from dtbd.organisation.selectors import subtree_during, whole_and_partly
from dtbd.training.models import Course, Enrolment

from .registry import Param, year_param
from .workforce import _echo, _unit_visible

LAST_YEAR_WITH_DISTRICTS = 2025

# (line, label, categories, mode rule) — mode rule: None any, "home"/"abroad",
# "concentrated"/"not_concentrated"; categories () = no source in the catalogue.
LINES: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("I", "ĐÀO TẠO", (), "heading"),
    ("1", "Đại học (trong nước / nước ngoài / liên kết)", (), None),
    ("2", "Thạc sĩ (trong nước / nước ngoài / liên kết)", (), None),
    ("3", "Tiến sĩ (trong nước / nước ngoài / liên kết)", (), None),
    ("II", "LÝ LUẬN CHÍNH TRỊ", (), "heading"),
    ("4", "Trung cấp - tập trung", ("political_theory_intermediate",), "concentrated"),
    ("5", "Trung cấp - không tập trung", ("political_theory_intermediate",), "not_concentrated"),
    ("6", "Cao cấp - tập trung", ("political_theory_advanced",), "concentrated"),
    ("7", "Cao cấp - không tập trung", ("political_theory_advanced",), "not_concentrated"),
    ("8", "Cử nhân", (), None),
    ("9", "Sơ cấp", ("political_theory_basic",), None),
    ("III", "BỒI DƯỠNG", (), "heading"),
    ("10", "Nghiệp vụ công tác Đảng", (), None),
    ("11", "Nghiệp vụ công tác dân vận, đoàn thể", (), None),
    (
        "12",
        "Quản lý nhà nước - trong nước",
        ("state_management_specialist", "state_management_principal", "state_management_senior"),
        "home",
    ),
    (
        "13",
        "Quản lý nhà nước - nước ngoài",
        ("state_management_specialist", "state_management_principal", "state_management_senior"),
        "abroad",
    ),
    ("14", "Quản lý kinh tế", (), None),
    ("15", "Lãnh đạo, quản lý", ("leadership_management",), None),
    ("16", "Ngoại ngữ", ("foreign_language",), None),
    ("17", "Tin học", ("it",), None),
    ("18", "Cập nhật kiến thức", ("knowledge_update",), None),
    ("19", "Quốc phòng và an ninh - đối tượng 1", ("defense_security_1",), None),
    ("20", "Quốc phòng và an ninh - đối tượng 2", ("defense_security_2",), None),
    ("21", "Quốc phòng và an ninh - đối tượng 3", ("defense_security_3",), None),
    ("22", "Quốc phòng và an ninh - đối tượng 4", ("defense_security_4",), None),
)
FIELDS = (
    "total",
    "province",
    "province_leaders",
    "district",
    "district_leaders",
    "commune",
    "classes_province",
    "classes_district",
)
HEADINGS = (
    ("Tổng số", ""),
    ("Tổng số", "Cấp tỉnh"),
    ("Trong đó: lãnh đạo, quản lý", "Cấp tỉnh"),
    ("Tổng số", "Cấp huyện"),
    ("Trong đó: lãnh đạo, quản lý", "Cấp huyện"),
    ("Cấp xã", ""),
    ("Cấp ủy tỉnh mở", "Số lớp"),
    ("Cấp ủy huyện mở", "Số lớp"),
)

PARAMS = (
    Param("unit", required=True, help="the province (or unit) reporting"),
    Param("year", year_param, required=True, help="the year reported"),
)


def columns(params: dict[str, Any]) -> tuple[str, ...]:
    return ("line", "label", *FIELDS)


def _matches(mode_rule: str | None, mode: str) -> bool:
    if mode_rule in (None, "heading"):
        return True
    if mode_rule == "home":
        return mode != "overseas"
    if mode_rule == "abroad":
        return mode == "overseas"
    if mode_rule == "concentrated":
        return mode == "concentrated"
    return mode != "concentrated"  # not_concentrated


def btctw10(scope: Scope, params: dict[str, Any]) -> dict:
    year = params["year"]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    unit = _unit_visible(scope, params["unit"], end)
    inside = subtree_during(unit.pk, start, end)
    levels = _levels_on(inside, start, end)
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for (line, level, leadership), n in _completions(scope, inside, start, end).items():
        if level in ("province", "district", "commune"):
            acc = counts.setdefault(line, dict.fromkeys(FIELDS, 0))
            acc[level] += n
            if leadership in ("head", "deputy") and level != "commune":
                acc[f"{level}_leaders"] += n
    courses = scope.limit(
        Course.objects.filter(start_date__gte=start, start_date__lte=end),
        unit="organizer_unit_id",
        institution="institution_id",
    )
    classes = (
        courses.filter(
            organizer_unit_id__in=UnitAncestry.objects.filter(ancestor=unit)
            .filter(valid_from__lte=end, valid_to__gte=start)
            .values("descendant_id")
        )
        .values("program_category", "mode", "organizer_unit_id", "start_date")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group in classes:
        level = _level(levels, group["organizer_unit_id"], group["start_date"])
        if level in ("province", "district"):
            key = (group["program_category"], group["mode"])
            acc = counts.setdefault(key, dict.fromkeys(FIELDS, 0))
            acc[f"classes_{level}"] += group["n"]
    districts = year <= LAST_YEAR_WITH_DISTRICTS
    rows = []
    grand = dict.fromkeys(FIELDS, 0)
    for line, label, categories, rule in LINES:
        row: dict[str, Any] = {"line": line, "label": label}
        if rule == "heading" or not categories:
            row.update(dict.fromkeys(FIELDS))
        else:
            figures = dict.fromkeys(FIELDS, 0)
            for (category, mode), acc in counts.items():
                if category in categories and _matches(rule, mode):
                    for f in FIELDS:
                        figures[f] += acc[f]
            figures["total"] = figures["province"] + figures["district"] + figures["commune"]
            for f in FIELDS:
                grand[f] += figures[f]
            row.update(figures)
            if not districts:
                row.update(district=None, district_leaders=None, classes_district=None)
        rows.append(row)
    total: dict[str, Any] = {"line": "", "label": "TỔNG CỘNG", **grand}
    if not districts:
        total.update(district=None, district_leaders=None, classes_district=None)
    rows.append(total)
    return {"report": "btctw10", "params": _echo(params), "rows": rows}


def _completions(
    scope: Scope, inside: dict[int, list[tuple[dt.date, dt.date]]], start: dt.date, end: dt.date
) -> Counter:
    """Completions of the year {((programme category, mode), level, leadership): n} of learners
    whose unit on the completion day lay in the subtree (`inside`, organisation.selectors.subtree_during), with that
    unit's level and their leadership post then.

    Read from each completion's copy of the learner's standing that day (training.stamps,
    ADR 0011) through the index that holds it: the learners of units in the subtree all year
    are counted by class alone; those of the few units that joined or left it during the
    year, day by day.
    """
    whole, partly = whole_and_partly(inside, start, end)
    done = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_on__gte=start, completed_on__lte=end
    )
    done = scope.limit(done, unit="learner_unit_id", on=end, listed=True)
    by_class: Counter = Counter()
    fields = ("course_id", "learner_unit_level", "learner_leadership")
    for part in _lists(whole):
        for course_id, level, leadership, n in (
            done.filter(learner_unit_id__any=part)
            .values(*fields)
            .annotate(n=Count("course_id"))
            .values_list(*fields, "n")
            .order_by()
        ):
            by_class[(course_id, level, leadership)] += n
    daily = ("learner_unit_id", "completed_on", *fields)
    for part in _lists(partly):
        for unit_id, day, course_id, level, leadership, n in (
            done.filter(learner_unit_id__any=part)
            .values(*daily)
            .annotate(n=Count("course_id"))
            .values_list(*daily, "n")
            .order_by()
        ):
            if any(a <= day <= b for a, b in inside[unit_id]):
                by_class[(course_id, level, leadership)] += n
    lines: dict[int, tuple[str, str]] = {}
    for part in _lists(sorted({course_id for course_id, _, _ in by_class})):
        for pk, category, mode in Course.objects.filter(pk__any=part).values_list(
            "pk", "program_category", "mode"
        ):
            lines[pk] = (category, mode)
    out: Counter = Counter()
    for (course_id, level, leadership), n in by_class.items():
        out[(lines[course_id], level, leadership)] += n
    return out


def _lists(ids: list[int]) -> list[list[int]]:
    """The ids in lists short enough for one statement's parameters."""
    return [ids[i : i + LISTED_IDS] for i in range(0, len(ids), LISTED_IDS)]


def _levels_on(
    inside: dict[int, list[tuple[dt.date, dt.date]]], start: dt.date, end: dt.date
) -> dict[int, list[tuple]]:
    """For every unit of the subtree during the year: its (from, to, level) periods, clipped
    to the periods it lay in the subtree. A province has hundreds of units."""
    from dtbd.organisation.models import UnitVersion

    out: dict[int, list[tuple]] = {}
    for v in UnitVersion.objects.filter(
        unit_id__any=list(inside), valid_from__lte=end, valid_to__gte=start
    ).only("unit_id", "valid_from", "valid_to", "level"):
        for lo, hi in inside[v.unit_id]:
            a, b = max(lo, v.valid_from), min(hi, v.valid_to)
            if a <= b:
                out.setdefault(v.unit_id, []).append((a, b, v.level))
    return out


def _level(levels: dict[int, list[tuple]], unit_id: int, on: dt.date) -> str | None:
    for lo, hi, level in levels.get(unit_id, ()):
        if lo <= on <= hi:
            return level
    return None


def _form(result: dict):
    from dtbd.organisation.models import Unit, UnitVersion

    from .official import Form

    params = result["params"]
    year = int(params["year"])
    unit = Unit.objects.filter(code=params["unit"]).first()
    end = dt.date(year, 12, 31)
    version = (
        UnitVersion.objects.filter(unit=unit, valid_from__lte=end, valid_to__gte=end).first()
        if unit
        else None
    )
    rows = [[r["line"], r["label"], *[r[f] for f in FIELDS]] for r in result["rows"]]
    headings = list(HEADINGS)
    return Form(
        code="Biểu số 10-BTCTW",
        basis="Kết quả đào tạo, bồi dưỡng cán bộ trong năm",
        body=version.name if version else params["unit"],
        title="KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ",
        subtitle=f"(Năm {year})",
        lead=[("STT", 5), ("Nội dung", 40)],
        figures=headings,
        rows=rows,
        bold_rows=frozenset(
            {i for i, r in enumerate(result["rows"]) if r["line"] in ("I", "II", "III", "")}
        ),
    )


def btctw10_xlsx(report: Any, result: dict) -> bytes:
    from .official import form_xlsx

    return form_xlsx(_form(result))


def btctw10_pdf(report: Any, result: dict) -> bytes:
    from .official import form_pdf

    return form_pdf(_form(result))
