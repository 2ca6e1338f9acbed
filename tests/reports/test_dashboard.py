"""The overview page: the reports' figures, volume by year against a base year, drill-down
links and scope."""

import json
import re

from tests.api.conftest import user_with

from .conftest import BEFORE
from .test_volume import COURSES, courses  # noqa: F401 — the fixture
from .test_workforce import expected_attainment, expected_breakdown


def charts(html):
    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="chart-(\w+)" type="application/json">(.*?)</script>', html
        )
    }


def test_overview_figures(courses, client, admin_user):  # noqa: F811
    client.force_login(admin_user)
    page = client.get(
        "/reports/dashboard/", {"unit": "01", "as_of": "2024-06-01", "base_year": "2023"}
    )
    assert page.status_code == 200
    board = page.context["board"]
    structure = [{k: v for k, v in r.items() if k != "labels"} for r in board.structure["rows"]]
    assert structure == expected_breakdown("professional_band", "level", BEFORE, roots=["01"])
    leaders = [{k: v for k, v in r.items() if k != "labels"} for r in board.leaders["rows"]]
    assert leaders == expected_attainment(
        "political_theory", "leadership", BEFORE, at_least="intermediate", roots=["01"]
    )
    by_year = {r["year"]: r for r in board.volume_by_year}
    # 2023: K7 (its one enrolment withdrew); 2024: K1 and K2 in province 01
    assert [by_year[y]["courses"] for y in (2023, 2024)] == [1, 2]
    assert by_year[2024]["enrolments"] == 6 and by_year[2024]["completed"] == 4
    assert by_year[2023]["against_base"] is None  # a base of zero person-times
    html = page.content.decode()
    assert set(charts(html)) >= {"structure", "leaders", "volume"}
    assert (
        "/people/?on=2024-06-01&amp;unit=01&amp;leadership=head&amp;dimension=political_theory"
        "&amp;at_least=intermediate" in html
    )


def test_volume_against_the_base_year(courses, client, admin_user):  # noqa: F811
    client.force_login(admin_user)
    board = client.get(
        "/reports/dashboard/", {"unit": "01", "as_of": "2025-12-31", "base_year": "2024"}
    ).context["board"]
    rows = {r["year"]: r for r in board.volume_by_year}
    # 2025: K3 (2 counted), K4 (2), K5 (none) against 2024's 6 person-times
    assert rows[2025]["enrolments"] == 4 and rows[2025]["against_base"] == 66.67
    assert rows[2024]["against_base"] == 100.0
    assert len(COURSES) == 7


def test_overview_is_limited_to_the_viewers_units(courses, client):  # noqa: F811
    viewer = user_with("viewer", courses.units["01.D1"])
    client.force_login(viewer)
    board = client.get("/reports/dashboard/", {"as_of": "2024-06-01", "base_year": "2024"}).context[
        "board"
    ]
    assert sum(r["count"] for r in board.structure["rows"]) == 6  # the district's six
    assert {r["year"]: r["courses"] for r in board.volume_by_year}[2024] == 1  # K2 only
    other = client.get("/reports/dashboard/", {"unit": "02"}).context["board"]
    assert "not found" in other.errors["structure"]
