"""Each completion carries the learner's standing on its day (training.stamps, ADR 0011):
written by every writer of completions and of posts, checked and repaired by
`dtbd rebuild_standings`."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set
from dtbd.training import stamps
from dtbd.training.models import Enrolment
from dtbd.training.results import Result, course_complete

from .test_import import ENROLMENTS, courses, run, write  # noqa: F401 — fixtures
from .test_services import running  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db
D = dt.date


def stamp_of(enrolment) -> tuple:
    e = Enrolment.objects.get(pk=enrolment.pk)
    return (e.learner_unit_id, e.learner_unit_level, e.learner_leadership)


def test_a_completion_carries_where_the_learner_stood_that_day(running, province):  # noqa: F811
    course, a, b = running
    assert stamp_of(a) == (None, "", "")  # not completed yet
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True), b.pk: Result(False)},
    )
    assert stamp_of(a) == (province.ys.pk, "district", "none")
    assert stamp_of(b) == (None, "", "")  # failed: nothing to copy
    assert stamps.differences(None) == []


def test_a_post_recorded_later_moves_the_stamp_when_it_covers_the_day(running, province):  # noqa: F811
    course, a, _ = running
    course_complete(
        actor="tests", course=course, completed_on=D(2024, 9, 30), results={a.pk: Result(True)}
    )
    deputy = PostFacts(unit_id=province.btc.pk, category="civil_servant", leadership="deputy")
    post_set(actor="tests", person=province.cu, on=D(2024, 10, 1), post=deputy)
    assert stamp_of(a) == (province.ys.pk, "district", "none")  # after the day: unchanged
    post_set(actor="tests", person=province.cu, on=D(2024, 6, 1), post=deputy)
    assert stamp_of(a) == (province.btc.pk, "province", "deputy")
    assert stamps.differences(None) == []


def test_the_enrolments_import_stamps_and_clears(courses, write, province):  # noqa: F811
    assert run("enrolments", write("e.csv", ENROLMENTS)).ok
    cu = Enrolment.objects.get(course__course_code="LTC-24", person=province.cu)
    dao = Enrolment.objects.get(course__course_code="LTC-24", person=province.dao)
    assert stamp_of(cu) == (province.ys.pk, "district", "none")
    assert stamp_of(dao) == (province.kp.pk, "commune", "none")
    withdrawn = ENROLMENTS.replace(
        "LTC-24,P-DAO,completed,30/09/2024,7,TCT-2024-002", "LTC-24,P-DAO,withdrawn,,,"
    )
    assert run("enrolments", write("e.csv", withdrawn)).ok
    assert stamp_of(dao) == (None, "", "")
    assert stamp_of(cu) == (province.ys.pk, "district", "none")
    assert stamps.differences(None) == []


def test_rebuild_standings_checks_and_repairs_the_stamps(running, province, capsys):  # noqa: F811
    course, a, b = running
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True), b.pk: Result(False)},
    )
    call_command("rebuild_standings", "--check")
    Enrolment.objects.filter(pk=a.pk).update(learner_leadership="head")
    Enrolment.objects.filter(pk=b.pk).update(learner_unit=province.sd)
    assert stamps.differences(None) == sorted([province.cu.pk, province.dao.pk])
    assert stamps.differences([province.cu.pk]) == [province.cu.pk]
    with pytest.raises(CommandError, match="2 people's standings differ"):
        call_command("rebuild_standings", "--check")
    assert "2 people's completions do not carry their standing" in capsys.readouterr().err
    call_command("rebuild_standings")
    assert stamp_of(a) == (province.ys.pk, "district", "none")
    assert stamp_of(b) == (None, "", "")
    call_command("rebuild_standings", "--check")
