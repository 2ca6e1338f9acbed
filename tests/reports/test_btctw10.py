"""Biểu số 10-BTCTW from the classes of test_volume, worked out by hand."""

import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from .test_volume import courses  # noqa: F401 — the fixture
from .test_workforce import run

ZERO = dict.fromkeys(
    (
        "total",
        "province",
        "province_leaders",
        "district",
        "district_leaders",
        "commune",
        "classes_province",
        "classes_district",
    ),
    0,
)


def lines(result):
    return {
        r["line"]: {k: v for k, v in r.items() if k not in ("line", "label")}
        for r in result["rows"]
    }


def test_2024_by_hand(courses):  # noqa: F811
    got = lines(run("btctw10", unit="01", year=2024))
    # K1 (political theory, intermediate, concentrated, opened by Sở Nội vụ): A2 a deputy of
    # the department, A8 a deputy in the district; B2 withdrew, A9 failed
    assert got["4"] == {
        **ZERO,
        "total": 2,
        "province": 1,
        "province_leaders": 1,
        "district": 1,
        "district_leaders": 1,
        "classes_province": 1,
    }
    # K2 (defence group 4, opened by the district): A9 and B2 of the communes; B1 attending
    assert got["22"] == {**ZERO, "total": 2, "commune": 2, "classes_district": 1}
    assert got[""] == {
        "total": 4,
        "province": 1,
        "province_leaders": 1,
        "district": 1,
        "district_leaders": 1,
        "commune": 2,
        "classes_province": 1,
        "classes_district": 1,
    }
    for line in ("1", "2", "3", "8", "10", "11", "14", "I", "II", "III"):
        assert set(got[line].values()) == {None}, line  # no source: printed empty
    assert got["5"] == ZERO  # no part-time class


def test_2025_after_the_merger(courses):  # noqa: F811
    got = lines(run("btctw10", unit="01", year=2025))
    # K3 (IT, opened by a commune): B3 completed on 20/07/2025 in Xã Chín; K4: B1 in Xã Một
    assert got["17"] == {**ZERO, "total": 2, "commune": 2}
    assert got[""]["total"] == 2


def test_district_columns_empty_from_2026(courses):  # noqa: F811
    got = lines(run("btctw10", unit="01", year=2026))
    assert got["4"]["district"] is None and got["4"]["classes_district"] is None
    assert got["4"]["province"] == 0


def test_the_other_province_is_apart(courses):  # noqa: F811
    got = lines(run("btctw10", unit="02", year=2024))
    # K6: X1 completed part-time intermediate political theory in 02
    assert got["5"] == {
        **ZERO,
        "total": 1,
        "province": 1,
        "province_leaders": 1,
        "classes_province": 1,
    }


def test_official_layout(courses, tmp_path):  # noqa: F811
    out = tmp_path / "b10.xlsx"
    call_command(
        "report",
        "btctw10",
        "--unit",
        "01",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--output",
        str(out),
    )
    sheet = load_workbook(out).active
    cells = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in (
        "Biểu số 10-BTCTW",
        "Đơn vị tính: người",
        "NGƯỜI LẬP BIỂU",
        "Cấp tỉnh",
        "Số lớp",
        "TỔNG CỘNG",
        "(Năm 2024)",
    ):
        assert text in cells, text
    assert [sheet.cell(10, c).value for c in range(1, 11)] == list(range(1, 11))
    pdf = tmp_path / "b10.pdf"
    call_command(
        "report",
        "btctw10",
        "--unit",
        "01",
        "--year",
        "2024",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "10-BTCTW" in text and "Đơn vị tính: người" in text


def test_year_is_required(courses):  # noqa: F811
    from dtbd.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="year is required"):
        run("btctw10", unit="01")
