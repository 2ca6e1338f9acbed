"""Form BM02/BNV: every column of every row against the hand-written data set."""

import datetime as dt
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set
from tests.factories import ACTOR, make_person

from .conftest import AFTER, BEFORE, UNITS, age, held, in_post, unit_on
from .test_workforce import run

PROF = ["doctorate", "master", "university", "college", "intermediate", "elementary"]


def expected(root, on, category="civil_servant"):
    """The form's rows worked out from the data set: the root's own staff, then each unit
    directly under it on `on` (agencies first, then communes, by name), then the total."""
    children = [code for code in UNITS if unit_on(code, on) and unit_on(code, on)[5] == root]
    children.sort(key=lambda c: (unit_on(c, on)[4] == "area", unit_on(c, on)[2]))
    rows = []
    for code in [root, *children]:
        recs = in_post(on, [code], category=category)
        if code == root:
            recs = [r for r in recs if r["unit"] == root]
        if not recs:
            continue
        row = {
            "unit": code,
            "unit_name": unit_on(code, on)[2],
            "total": len(recs),
            "party": 0,
            "minorities": 0,
            "women": sum(r["gender"] == "female" for r in recs),
        }
        for rank in ("senior", "principal", "specialist", "officer", "staff"):
            row[f"rank_{rank}"] = 0
        for level in PROF:
            row[f"prof_{level}"] = sum(held(r["spec"], "professional", on) == level for r in recs)
        for level in ("advanced", "intermediate", "basic"):
            row[f"pol_{level}"] = sum(
                held(r["spec"], "political_theory", on) == level for r in recs
            )
        for field, level in (
            ("sm_senior", "senior_specialist"),
            ("sm_principal", "principal_specialist"),
            ("sm_specialist", "specialist"),
        ):
            row[field] = sum(held(r["spec"], "state_management", on) == level for r in recs)
        row["it"] = sum(held(r["spec"], "it", on) != "none" for r in recs)
        row["foreign_language"] = sum(
            held(r["spec"], "foreign_language", on) != "none" for r in recs
        )
        ages = [age(r["spec"].birth, on) for r in recs]
        row["age_30_or_under"] = sum(a <= 30 for a in ages)
        row["age_31_40"] = sum(31 <= a <= 40 for a in ages)
        row["age_41_50"] = sum(41 <= a <= 50 for a in ages)
        row["age_51_60"] = sum(51 <= a <= 60 for a in ages)
        row["age_over_60"] = sum(a > 60 for a in ages)
        rows.append(row)
    total = {"unit": None, "unit_name": "Tổng cộng"}
    for key in rows[0] if rows else []:
        if key not in ("unit", "unit_name"):
            total[key] = sum(r[key] for r in rows)
    return [*rows, total] if rows else rows


@pytest.mark.parametrize("on", [BEFORE, AFTER, dt.date(2023, 6, 1)])
@pytest.mark.parametrize("category", ["civil_servant", "cadre"])
def test_every_column_of_every_row(world, on, category):
    got = run("bm02", unit="01", as_of=on, category=category)["rows"]
    assert got == expected("01", on, category), (on, category)


def test_district_before_the_merger(world):
    got = run("bm02", unit="01.D1", as_of=BEFORE)["rows"]
    assert got == expected("01.D1", BEFORE)
    assert [r["unit"] for r in got] == ["01.D1", "01.C2", "01.C1", None]  # Hai before Một


def test_party_minorities_and_rank(world):
    snv = world.units["01.SNV"]
    tay = make_person(
        snv,
        code="T1",
        full_name="Nông Văn Tày",
        ethnicity="Tày",
        party_member=True,
        on=dt.date(2020, 1, 1),
    )
    post_set(
        actor=ACTOR,
        person=tay,
        on=dt.date(2021, 1, 1),
        post=PostFacts(unit_id=snv.pk, category="civil_servant", rank_code="01.002"),
    )
    kinh = make_person(
        snv,
        code="T2",
        full_name="Lê Thị Kinh",
        ethnicity="Kinh",
        party_member=False,
        gender="female",
        on=dt.date(2020, 1, 1),
    )
    post_set(
        actor=ACTOR,
        person=kinh,
        on=dt.date(2021, 1, 1),
        post=PostFacts(unit_id=snv.pk, category="civil_servant", rank_code="01.005"),
    )
    rows = {r["unit"]: r for r in run("bm02", unit="01", as_of=BEFORE)["rows"]}
    snv_row = rows["01.SNV"]
    assert (snv_row["party"], snv_row["minorities"]) == (1, 1)
    assert (snv_row["rank_principal"], snv_row["rank_staff"], snv_row["rank_senior"]) == (1, 1, 0)
    assert rows[None]["party"] == 1


def test_official_excel_layout(world, tmp_path):
    out = tmp_path / "bm02.xlsx"
    call_command(
        "report",
        "bm02",
        "--unit",
        "01",
        "--as-of",
        "2024-06-01",
        "--format",
        "xlsx",
        "--output",
        str(out),
    )
    sheet = load_workbook(out).active
    cells = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in (
        "Biểu số BM02/BNV",
        "Đơn vị tính: người",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG CÔNG CHỨC",
        "(Tính đến ngày 01/06/2024)",
        "Tổng cộng",
        "Trình độ chuyên môn",
        "Độ tuổi",
    ):
        assert text in cells, text
    assert [sheet.cell(10, c).value for c in range(1, 31)] == list(range(1, 31))
    assert {c.font.name for row in sheet.iter_rows() for c in row if c.value} == {"Times New Roman"}
    want = expected("01", BEFORE)
    total = [sheet.cell(11 + len(want) - 1, c).value for c in range(3, 31)]
    assert total[0] == want[-1]["total"] and total[-5:] == [
        want[-1][f]
        for f in ("age_30_or_under", "age_31_40", "age_41_50", "age_51_60", "age_over_60")
    ]


def test_official_pdf(world, tmp_path):
    out = tmp_path / "bm02.pdf"
    call_command(
        "report",
        "bm02",
        "--unit",
        "01",
        "--as-of",
        "2024-06-01",
        "--format",
        "pdf",
        "--output",
        str(out),
    )
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "BM02/BNV" in text and "Đơn vị tính: người" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Times" in fonts or "Liberation-Serif" in fonts


def test_unit_is_required(world):
    from dtbd.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="unit is required"):
        run("bm02")
