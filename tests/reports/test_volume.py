"""training-volume against the hand-written courses below, counted independently."""

import datetime as dt
import itertools

import pytest

from dtbd.core.errors import NotFound, ValidationFailed
from dtbd.training import stamps
from dtbd.training.models import Enrolment
from dtbd.training.services import course_create
from tests.factories import ACTOR

from .conftest import MERGER, in_subtree, unit_on
from .test_workforce import run

D = dt.date
# code: (organiser, category, mode, start, [(person, status)])
COURSES = {
    "K1": (
        "01.SNV",
        "political_theory_intermediate",
        "concentrated",
        D(2024, 3, 1),
        [("A2", "completed"), ("A8", "completed"), ("B2", "withdrawn"), ("A9", "failed")],
    ),
    "K2": (
        "01.D1",
        "defense_security_4",
        "concentrated",
        D(2024, 5, 10),
        [("A9", "completed"), ("B1", "attending"), ("B2", "completed"), ("B3", "withdrawn")],
    ),
    "K3": ("01.C2", "it", "online", D(2025, 6, 30), [("B3", "completed"), ("B2", "registered")]),
    # the commune after the merger: under the province, no longer under the district
    "K4": ("01.C1", "it", "online", D(2025, 9, 1), [("A9", "approved"), ("B1", "completed")]),
    "K5": ("01.SNV", "knowledge_update", "blended", D(2025, 12, 1), []),
    "K6": (
        "02.SNV",
        "political_theory_intermediate",
        "part_time",
        D(2024, 4, 1),
        [("X1", "completed")],
    ),
    "K7": ("01.SYT", "professional", "on_the_job", D(2023, 12, 31), [("A4", "withdrawn")]),
}
RANGES = [
    (D(2024, 1, 1), D(2024, 12, 31)),
    (D(2023, 1, 1), D(2025, 12, 31)),
    (D(2025, 1, 1), D(2025, 12, 31)),
    (D(2025, 6, 30), D(2025, 6, 30)),
    (D(2019, 1, 1), D(2019, 12, 31)),
]
LEVELS = ["central", "province", "district", "commune"]
CATEGORIES = [
    "political_theory_basic",
    "political_theory_intermediate",
    "political_theory_advanced",
    "state_management_specialist",
    "state_management_principal",
    "state_management_senior",
    "defense_security_1",
    "defense_security_2",
    "defense_security_3",
    "defense_security_4",
    "leadership_management",
    "knowledge_update",
    "professional",
    "foreign_language",
    "it",
    "ethnic_language",
    "on_the_job",
    "other",
]
MODES = ["concentrated", "part_time", "online", "blended", "on_the_job", "overseas"]


@pytest.fixture
def courses(world):
    for code, (organiser, category, mode, start, enrolled) in COURSES.items():
        course = course_create(
            actor=ACTOR,
            course_code=code,
            name=f"Lớp {code}",
            program_category=category,
            mode=mode,
            organizer_unit=world.units[organiser],
            start_date=start,
            end_date=start + dt.timedelta(days=20),
        )
        for person, status in enrolled:
            # Test data written straight to the table: the nomination rules are training's
            Enrolment.objects.create(
                course=course,
                person=world.people[person],
                status=status,
                completed_on=start + dt.timedelta(days=20) if status == "completed" else None,
            )
    # and stamped as training's writers stamp what they write (training.stamps)
    stamps.stamp(None)
    return world


def expected(start, end, by=None, unit=None):
    groups = {}
    for organiser, category, mode, begins, enrolled in COURSES.values():
        if not start <= begins <= end:
            continue
        if unit and not in_subtree(organiser, unit, begins):
            continue
        g = {
            "organizer_level": unit_on(organiser, begins)[3],
            "program_category": category,
            "mode": mode,
        }.get(by)
        counted = [(p, s) for p, s in enrolled if s != "withdrawn"]
        acc = groups.setdefault(g, {"courses": 0, "enrolments": 0, "people": set(), "completed": 0})
        acc["courses"] += 1
        acc["enrolments"] += len(counted)
        acc["people"] |= {p for p, _ in counted}
        acc["completed"] += sum(s == "completed" for _, s in counted)
    if not by and not groups:
        groups[None] = {"courses": 0, "enrolments": 0, "people": set(), "completed": 0}
    order = {"organizer_level": LEVELS, "mode": MODES, "program_category": CATEGORIES}
    keys = sorted(groups, key=lambda g: order[by].index(g) if by in order else (g or ""))
    rows = []
    for g in keys:
        row = {by: g} if by else {}
        acc = groups[g]
        row.update(
            courses=acc["courses"],
            enrolments=acc["enrolments"],
            people=len(acc["people"]),
            completed=acc["completed"],
        )
        rows.append(row)
    return rows


def test_every_period_grouping_and_unit(courses):
    for (start, end), by, unit in itertools.product(
        RANGES, [None, "organizer_level", "program_category", "mode"], [None, "01", "01.D1", "02"]
    ):
        got = run("training-volume", **{"from": start, "to": end}, by=by, unit=unit)
        assert got["rows"] == expected(start, end, by, unit), (start, end, by, unit)


def test_by_hand(courses):
    got = run(
        "training-volume",
        **{"from": "2024-01-01", "to": "2024-12-31"},
        unit="01",
        by="organizer_level",
    )
    assert got == {
        "report": "training-volume",
        "params": {"from": "2024-01-01", "to": "2024-12-31", "unit": "01", "by": "organizer_level"},
        "rows": [
            {
                "organizer_level": "province",
                "courses": 1,
                "enrolments": 3,
                "people": 3,
                "completed": 2,
            },
            {
                "organizer_level": "district",
                "courses": 1,
                "enrolments": 3,
                "people": 3,
                "completed": 2,
            },
        ],
    }


def test_a_course_of_a_merged_commune_counts_under_the_district_of_its_day(courses):
    in_district = run("training-volume", **{"from": "2025-01-01", "to": "2025-12-31"}, unit="01.D1")
    # K3 started on the commune's last day under the district; K4 after the merger does not
    assert in_district["rows"] == [{"courses": 1, "enrolments": 2, "people": 2, "completed": 1}]
    assert D(2025, 6, 30) < MERGER


def test_period_refusals(courses):
    with pytest.raises(ValidationFailed, match="is before from") as caught:
        run("training-volume", **{"from": "2025-01-01", "to": "2024-01-01"})
    assert caught.value.field == "to"
    with pytest.raises(ValidationFailed, match="not a date"):
        run("training-volume", **{"from": "2025-13-01"})
    with pytest.raises(NotFound):
        run("training-volume", unit="nowhere")
