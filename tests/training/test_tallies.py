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


def recount() -> dict[int, tuple[int, int, list[int]]]:
    """Independently of the triggers: the ORM's own count of every class's enrolments, and
    its learners (the people of those that count) in id order."""
    counted = Course.objects.annotate(
        n=Count("enrolments", filter=~Q(enrolments__status="withdrawn")),
        done=Count("enrolments", filter=Q(enrolments__status="completed")),
    )
    learners: dict[int, list[int]] = {}
    for course, person in (
        Enrolment.objects.exclude(status="withdrawn")
        .order_by("person_id")
        .values_list("course_id", "person_id")
    ):
        learners.setdefault(course, []).append(person)
    return {c.pk: (c.n, c.done, learners.get(c.pk, [])) for c in counted}


def tallied() -> dict[int, tuple[int, int, list[int]]]:
    held = {
        t.course_id: (t.enrolled, t.completed, sorted(tallies.learner_ids(t.learners).tolist()))
        for t in ClassTally.objects.all()
    }
    return {pk: held.get(pk, (0, 0, [])) for pk in Course.objects.values_list("pk", flat=True)}


def test_the_services_writes_are_tallied(running):  # noqa: F811
    course, a, b = running
    learners = sorted([a.person_id, b.person_id])
    assert tallied()[course.pk] == (2, 0, learners)
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True), b.pk: Result(False)},
    )
    assert tallied()[course.pk] == (2, 1, learners)
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
    assert tallied()[course.pk][:2] == (2, 0)


def test_learners_are_compared_as_a_set(running):  # noqa: F811
    course, a, b = running
    tally = ClassTally.objects.get(course=course)
    first, second = tally.learners[:16], tally.learners[16:]
    assert {int(first, 16), int(second, 16)} == {a.person_id, b.person_id}
    ClassTally.objects.filter(course=course).update(learners=second + first)
    assert tallies.differences() == []  # another order, the same learners
    ClassTally.objects.filter(course=course).update(learners=first + first)
    assert tallies.differences() == [course.pk]  # counts right, a learner wrong


def test_distinct_learners_of_many_classes():
    def hexed(*ids):
        return "".join(f"{i:016x}" for i in ids)

    assert tallies.count_learners([]) == 0
    assert tallies.count_learners([hexed(5, 7), "", hexed(7, 9, 5)]) == 3
    far = 1 << 40  # ids too far apart for one flag each: counted by sorting
    assert tallies.count_learners([hexed(1, far), hexed(far, 2)]) == 3
