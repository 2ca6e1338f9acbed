"""The four faces of a report: the API, the command, the web page and the downloads."""

import json
import re
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from tests.api.conftest import Api, session_api, token_api, user_with

from .conftest import BEFORE
from .test_workforce import expected_breakdown


@pytest.fixture
def viewer_d1(world):
    return user_with("viewer", world.units["01.D1"])


@pytest.fixture
def viewer_01(world):
    return user_with("viewer", world.units["01"])


def test_api_needs_credentials(world):
    response = Api(Client()).get("reports/breakdown", dimension="gender")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_api_lists_the_reports(world, admin_user):
    names = [r["name"] for r in session_api(admin_user).get("reports").json()]
    assert {"breakdown", "attainment", "training-volume"} <= set(names)


def test_api_unknown_report_is_404(world, admin_user):
    response = session_api(admin_user).get("reports/headcount")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "unknown report 'headcount'" in response.json()["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"dimension": "height"}, "dimension"),
        ({"dimension": "gender", "as_of": "yesterday"}, "as_of"),
        ({"dimension": "gender", "colour": "red"}, "colour"),
        ({}, "dimension"),
    ],
)
def test_api_bad_parameter_is_422_naming_it(world, admin_user, params, field):
    response = session_api(admin_user).get("reports/breakdown", **params)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert field in response.json()["message"]


def test_api_answers_the_contract_json(world, admin_user):
    response = token_api(admin_user).get(
        "reports/breakdown", dimension="professional_band", by="level", as_of="2024-06-01"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["report"] == "breakdown"
    assert body["params"] == {
        "dimension": "professional_band",
        "by": "level",
        "as_of": "2024-06-01",
    }
    assert body["rows"] == expected_breakdown("professional_band", "level", BEFORE)
    assert isinstance(body["rows"][0]["percent"], float)


def test_api_is_limited_to_the_callers_units(world, viewer_d1, viewer_01):
    api = session_api(viewer_d1)
    body = api.get("reports/breakdown", dimension="gender", by="unit", as_of="2024-06-01").json()
    assert body["rows"] == expected_breakdown("gender", "unit", BEFORE, roots=["01.D1"])
    assert {r["unit"] for r in body["rows"]} == {"01.D1", "01.C1", "01.C2"}
    # another province's unit is as unknown as a missing one
    other = session_api(viewer_01).get("reports/breakdown", dimension="gender", unit="02")
    assert other.status_code == 404
    mine = (
        session_api(viewer_01)
        .get("reports/attainment", dimension="age", under="100", as_of="2024-06-01")
        .json()
    )
    assert mine["rows"] == [{"met": 12, "total": 12, "percent": 100.0}]  # not X1 of 02


def test_volume_is_limited_to_the_callers_units(world, viewer_d1):
    body = (
        session_api(viewer_d1)
        .get("reports/training-volume", **{"from": "2020-01-01"}, to="2026-12-31")
        .json()
    )
    assert body["rows"] == [{"courses": 0, "enrolments": 0, "people": 0, "completed": 0}]


def test_command_prints_json_and_writes_files(world, tmp_path, capsysbinary):
    call_command(
        "report",
        "breakdown",
        "--dimension",
        "professional_band",
        "--by",
        "level",
        "--as-of",
        "2024-06-01",
    )
    body = json.loads(capsysbinary.readouterr().out)
    assert body["rows"] == expected_breakdown("professional_band", "level", BEFORE)
    out = tmp_path / "b.csv"
    call_command(
        "report",
        "breakdown",
        "--dimension",
        "gender",
        "--as-of=2024-06-01",
        "--format",
        "csv",
        "--output",
        str(out),
    )
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "value,count,total,percent"
    rows = expected_breakdown("gender", None, BEFORE)
    assert lines[1:] == [f"{r['value']},{r['count']},{r['total']},{r['percent']}" for r in rows]


def test_xlsx_carries_every_figure(world, tmp_path):
    out = tmp_path / "b.xlsx"
    call_command(
        "report",
        "breakdown",
        "--dimension",
        "professional_band",
        "--by",
        "level",
        "--as-of",
        "2024-06-01",
        "--format",
        "xlsx",
        "--output",
        str(out),
    )
    sheet = load_workbook(out).active
    assert sheet["A4"].font.name == "Times New Roman"
    figures = [[c.value for c in row[2:]] for row in sheet.iter_rows(min_row=5) if row[0].value]
    want = expected_breakdown("professional_band", "level", BEFORE)
    assert figures == [[r["count"], r["total"], r["percent"]] for r in want]


def test_pdf_is_a_pdf_with_the_figures(world, tmp_path):
    out = tmp_path / "b.pdf"
    call_command(
        "report",
        "attainment",
        "--dimension",
        "age",
        "--under",
        "100",
        "--as-of",
        "2024-06-01",
        "--unit",
        "01",
        "--format",
        "pdf",
        "--output",
        str(out),
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "12" in text and "100.00" in text


def test_command_names_the_bad_option(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--at-least: at_least is required"):
        call_command("report", "attainment", "--dimension", "it")


def test_page_shows_table_chart_and_downloads(world, client, admin_user):
    client.force_login(admin_user)
    page = client.get(
        "/reports/breakdown/", {"dimension": "gender", "by": "level", "as_of": "2024-06-01"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="report-chart-data"' in html and "chart.umd.min.js" in html
    # no inline script under the CSP: every script is a file, or data (json_script)
    assert all(
        "src=" in tag or 'type="application/json"' in tag
        for tag in re.findall(r"<script[^>]*>", html)
    )
    found = re.search(
        r'<script id="report-chart-data" type="application/json">(.*?)</script>', html
    )
    chart = json.loads(found.group(1))
    rows = expected_breakdown("gender", "level", BEFORE)
    assert sum(len([v for v in s["data"] if v is not None]) for s in chart["series"]) == len(rows)
    for fmt in ("json", "csv", "xlsx", "pdf"):
        assert f"format={fmt}" in html
    download = client.get(
        "/reports/breakdown/download/",
        {"dimension": "gender", "by": "level", "as_of": "2024-06-01", "format": "json"},
    )
    assert json.loads(download.content)["rows"] == rows
    assert download["Content-Disposition"] == 'attachment; filename="breakdown.json"'


def test_page_shows_a_bad_parameter_beside_its_field(world, client, admin_user):
    client.force_login(admin_user)
    html = client.get("/reports/attainment/", {"dimension": "it"}).content.decode()
    assert "at_least is required with dimension it" in html


def test_page_and_download_are_limited_to_the_callers_units(world, client, viewer_d1):
    client.force_login(viewer_d1)
    download = client.get(
        "/reports/breakdown/download/",
        {"dimension": "gender", "by": "unit", "as_of": "2024-06-01", "format": "json"},
    )
    units = {r["unit"] for r in json.loads(download.content)["rows"]}
    assert units == {"01.D1", "01.C1", "01.C2"}
    assert (
        client.get(
            "/reports/breakdown/download/", {"dimension": "gender", "unit": "02", "format": "csv"}
        ).status_code
        == 404
    )
    assert client.get("/reports/nothing/").status_code == 404


def test_pages_need_a_login(world, client):
    response = client.get("/reports/breakdown/", {"dimension": "gender"})
    assert response.status_code == 302 and "/login/" in response["Location"]
