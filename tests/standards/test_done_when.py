"""The issue's "done when", end to end through the training app: completing a class removes
exactly the gap its programme closes, on the completion date and not before."""

import datetime as dt

import pytest

from dtbd.accounts.policy import policy_for
from dtbd.standards import gaps
from dtbd.standards.services import standard_create, standard_version_add
from dtbd.training.nomination import enrolment_approve, enrolment_nominate
from dtbd.training.results import Result, course_complete
from dtbd.training.services import course_create, course_set_status
from tests.factories import make_unit

from .conftest import ACTOR, make_ranked

pytestmark = pytest.mark.django_db
D = dt.date


def _found(person, on):
    return sorted((g.rule.dimension, g.rule.min_level, g.category)
                  for g in gaps.person_gaps(person=person, on=on).current)  # fmt: skip


def test_completing_a_state_management_class_removes_that_gap(world):
    """Lan: university, basic political theory, no state-management certificate, in job
    position CV-TH which requires university, intermediate political theory and the
    specialist certificate. She shows exactly two gaps (political theory -> the intermediate
    programme, state management -> the specialist programme). After she completes a
    state_management_specialist class on 30/09/2024, only the political theory gap is left
    from that day on; on 29/09/2024 both are still there; the unit's counts follow."""
    position = standard_create(
        actor=ACTOR, kind="position", code="CV-TH", name="Chuyên viên tổng hợp"
    )
    standard_version_add(
        actor=ACTOR, standard=position, valid_from=D(2020, 1, 1), document="QĐ 5/2023/QĐ-UBND",
        requirements={"professional": "university", "political_theory": "intermediate",
                      "state_management": "specialist"},
    )  # fmt: skip
    lan = make_ranked(world.snv, code="lan", full_name="Ngô Thị Lan", on=D(2020, 1, 1),
                      position_code="CV-TH",
                      qualifications={"professional": "university",
                                      "political_theory": "basic"})  # fmt: skip
    both = [
        ("political_theory", "intermediate", "political_theory_intermediate"),
        ("state_management", "specialist", "state_management_specialist"),
    ]
    assert _found(lan, D(2024, 6, 1)) == both

    school = make_unit("08.TCT", name="Trường Chính trị tỉnh", kind="training_institution",
                       parent=world.root)  # fmt: skip
    course = course_create(
        actor=ACTOR, course_code="QLNN-CV-2024", name="Bồi dưỡng QLNN ngạch chuyên viên",
        program_category="state_management_specialist", organizer_unit=world.snv,
        institution=school, start_date=D(2024, 3, 1), end_date=D(2024, 9, 30),
        mode="part_time", capacity=30,
    )  # fmt: skip
    course = course_set_status(actor=ACTOR, course=course, status="open")
    enrolment = enrolment_nominate(
        actor=ACTOR, course=course, person=lan, sending_unit=world.snv,
        decision_no="7/QĐ-SNV", decision_date=D(2024, 2, 20),
    )  # fmt: skip
    enrolment_approve(actor=ACTOR, enrolment=enrolment)
    course = course_set_status(actor=ACTOR, course=course, status="running")
    before = gaps.summary(scope=policy_for(ACTOR), on=D(2024, 10, 1), unit_id=world.snv.pk)
    course_complete(actor=ACTOR, course=course, completed_on=D(2024, 9, 30),
                    results={enrolment.pk: Result(True)})  # fmt: skip

    assert _found(lan, D(2024, 9, 29)) == both
    assert _found(lan, D(2024, 9, 30)) == both[:1]
    after = gaps.summary(scope=policy_for(ACTOR), on=D(2024, 10, 1), unit_id=world.snv.pk)
    sm = "state_management_specialist"
    assert after.by_category.get(sm, 0) == before.by_category.get(sm, 0) - 1
    assert (
        after.by_category["political_theory_intermediate"]
        == (before.by_category["political_theory_intermediate"])
    )
