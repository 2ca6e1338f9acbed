"""Each class's tally of enrolments (training.tallies, ADR 0012) is kept by the database:
whatever writes the enrolments, the tally equals a recount."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtbd.core.db import bulk_insert
from dtbd.training import tallies
from dtbd.training.models import ClassTally, Course, Enrolment
from dtbd.training.results import Result, course_complete

from .conftest import make_course
from .test_services import running  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db
D = dt.date
STATUSES = ("registered", "approved", "attending", "completed", "failed", "withdrawn")


def recount() -> dict[int, tuple[int, int]]:
    """Independently of the triggers: the ORM's own count of every class's enrolments."""
    counted = Course.objects.annotate(
        n=Count("enrolments", filter=~Q(enrolments__status="withdrawn")),
        done=Count("enrolments", filter=Q(enrolments__status="completed")),
    )
    return {c.pk: (c.n, c.done) for c in counted}


def tallied() -> dict[int, tuple[int, int]]:
    held = {t.course_id: (t.enrolled, t.completed) for t in ClassTally.objects.all()}
    return {pk: held.get(pk, (0, 0)) for pk in Course.objects.values_list("pk", flat=True)}


def test_the_services_writes_are_tallied(running):  # noqa: F811
    course, a, b = running
    assert tallied()[course.pk] == (2, 0)
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True), b.pk: Result(False)},
    )
    assert tallied()[course.pk] == (2, 1)
    assert tallies.differences() == []


ENROLMENT_COLUMNS = (
    "course_id",
    "person_id",
    "status",
    "completed_on",
    "certificate_no",
    "decision_no",
    "priority",
    "priority_reason",
    "waitlisted",
    "note",
    "version",
    "created_at",
    "updated_at",
)
# One write of enrolments: (what, a class index, a person index, a status index)
WRITES = st.lists(
    st.tuples(
        st.sampled_from(["add", "bulk", "set", "update_all", "move", "delete", "delete_all"]),
        st.integers(0, 2),
        st.integers(0, 2),
        st.integers(0, len(STATUSES) - 1),
    ),
    max_size=25,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=WRITES)
def test_any_sequence_of_writes_keeps_every_tally_equal_to_a_recount(province, writes):
    Enrolment.objects.all().delete()
    Course.objects.all().delete()
    courses = [make_course(province, code=f"K{n}") for n in range(3)]
    people = [province.cu, province.dao, province.binh]
    for what, c, p, s in writes:
        course, person, status = courses[c], people[p], STATUSES[s]
        done = D(2024, 9, 30) if status == "completed" else None
        mine = Enrolment.objects.filter(course=course, person=person)
        if what == "add" and not mine.exists():
            Enrolment.objects.create(course=course, person=person, status=status, completed_on=done)
        elif what == "bulk":  # COPY on PostgreSQL, a multi-row INSERT on SQLite
            taken = set(Enrolment.objects.filter(course=course).values_list("person_id", flat=True))
            now = dt.datetime.now(dt.UTC)
            bulk_insert(
                Enrolment._meta.db_table,
                ENROLMENT_COLUMNS,
                [
                    (course.pk, x.pk, status, done, "", "", 0, "", False, "", 1, now, now)
                    for x in people
                    if x.pk not in taken
                ],
            )
        elif what == "set":
            for e in mine:
                e.status, e.completed_on = status, done
                e.save()
        elif what == "update_all":
            Enrolment.objects.filter(course=course).update(status=status, completed_on=done)
        elif what == "move":
            target = courses[(c + 1) % 3]
            if not Enrolment.objects.filter(course=target, person=person).exists():
                mine.update(course=target)
        elif what == "delete":
            mine.delete()
        elif what == "delete_all":
            course.delete()
            courses[c] = make_course(province, code=f"K{c}-{len(Course.objects.all())}")
    assert tallied() == recount()
    assert tallies.differences() == []


def test_rebuild_repairs_and_check_names_the_wrong_classes(running):  # noqa: F811
    course, _a, _b = running
    ClassTally.objects.filter(course=course).update(enrolled=7)
    assert tallies.differences() == [course.pk]
    with pytest.raises(CommandError, match="1 classes' tallies"):
        call_command("rebuild_tallies", "--check")
    call_command("rebuild_tallies")
    assert tallies.differences() == []
    assert tallied()[course.pk] == (2, 0)
