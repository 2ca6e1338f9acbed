"""Reads of classes and enrolments, limited to what the caller may see (ADR 0005).

Who sees a class: the organiser unit's subtree (registry roles), the `institution` role of its
institution or organiser, and units that sent people to it. Classes open for nomination,
running or closed are announcements: anyone holding a registry role somewhere sees them, so
that HR officers can find classes to nominate for.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from dtbd.accounts.policy import READ, policy_for
from dtbd.core.errors import NotFound
from dtbd.core.text import fold

from .access import institution_unit_ids
from .models import BudgetLine, Certificate, Course, CourseStatus, Enrolment, Feedback

ANNOUNCED = (CourseStatus.OPEN, CourseStatus.RUNNING, CourseStatus.CLOSED)


def _institution_subtree(actor: Any) -> QuerySet | None:
    from dtbd.organisation.models import UnitAncestry

    granted = institution_unit_ids(actor)
    if not granted:
        return None
    return UnitAncestry.objects.filter(ancestor_id__in=granted).values("descendant_id")


def courses_visible(actor: Any) -> QuerySet[Course]:
    scope = policy_for(actor)
    qs = Course.objects.all()
    if scope.everything:
        return qs
    units = scope.unit_ids(None)
    condition = Q(organizer_unit_id__in=units) | Q(
        pk__in=Enrolment.objects.filter(sending_unit_id__in=units).values("course_id")
    )
    inst = _institution_subtree(actor)
    if inst is not None:
        condition |= Q(organizer_unit_id__in=inst) | Q(institution_id__in=inst)
    if scope.anywhere(READ):
        condition |= Q(status__in=ANNOUNCED)
    own = scope.own_person_ids()
    if own:
        condition |= Q(pk__in=Enrolment.objects.filter(person_id__in=own).values("course_id"))
    return qs.filter(condition)


def enrolments_visible(actor: Any) -> QuerySet[Enrolment]:
    """Enrolments of classes the actor organises (or its institution runs), of people the
    actor's units sent, and the actor's own."""
    scope = policy_for(actor)
    qs = Enrolment.objects.all()
    if scope.everything:
        return qs
    units = scope.unit_ids(None)
    condition = Q(course__organizer_unit_id__in=units) | Q(sending_unit_id__in=units)
    inst = _institution_subtree(actor)
    if inst is not None:
        condition |= Q(course__organizer_unit_id__in=inst) | Q(course__institution_id__in=inst)
    own = scope.own_person_ids()
    if own:
        condition |= Q(person_id__in=own)
    return qs.filter(condition)


@dataclass
class CourseFilter:
    q: str = ""
    status: str = ""
    program_category: str = ""
    mode: str = ""
    organizer_unit_id: int | None = None
    institution_id: int | None = None
    year: int | None = None
    start_from: dt.date | None = None
    start_to: dt.date | None = None


def course_list(*, actor: Any, filters: CourseFilter | None = None) -> QuerySet[Course]:
    f = filters or CourseFilter()
    qs = courses_visible(actor).select_related("organizer_unit", "institution", "programme")
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(course_code__icontains=text) | Q(name__icontains=text))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.program_category:
        qs = qs.filter(program_category=f.program_category)
    if f.mode:
        qs = qs.filter(mode=f.mode)
    if f.organizer_unit_id:
        qs = qs.filter(organizer_unit_id=f.organizer_unit_id)
    if f.institution_id:
        qs = qs.filter(institution_id=f.institution_id)
    if f.year:
        qs = qs.filter(start_date__year=f.year)
    if f.start_from:
        qs = qs.filter(start_date__gte=f.start_from)
    if f.start_to:
        qs = qs.filter(start_date__lte=f.start_to)
    return qs.annotate(
        enrolled=Count("enrolments", filter=~Q(enrolments__status="withdrawn"))
    ).order_by("-start_date", "course_code")


def course_get(*, actor: Any, code: str) -> Course:
    course = courses_visible(actor).filter(course_code=code).first()
    if course is None:
        raise NotFound(f"class '{code}' not found")
    return course


@dataclass
class EnrolmentFilter:
    course_code: str = ""
    person_code: str = ""
    status: str = ""
    sending_unit_id: int | None = None
    q: str = ""


def enrolment_list(*, actor: Any, filters: EnrolmentFilter | None = None) -> QuerySet[Enrolment]:
    f = filters or EnrolmentFilter()
    qs = enrolments_visible(actor).select_related("course", "person", "sending_unit")
    if f.course_code:
        qs = qs.filter(course__course_code=f.course_code)
    if f.person_code:
        qs = qs.filter(person__code=f.person_code)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.sending_unit_id:
        qs = qs.filter(sending_unit_id=f.sending_unit_id)
    if f.q:
        qs = qs.filter(person__search_name__contains=fold(f.q))
    return qs.order_by("course__course_code", "person__sort_key", "pk")


def enrolment_get(*, actor: Any, pk: int) -> Enrolment:
    enrolment = enrolments_visible(actor).select_related("course", "person").filter(pk=pk).first()
    if enrolment is None:
        raise NotFound(f"enrolment {pk} not found")
    return enrolment


def person_history(*, actor: Any, person_id: int) -> QuerySet[Enrolment]:
    """A person's classes, newest first (the learner's own page and the person's page)."""
    return (
        enrolments_visible(actor)
        .filter(person_id=person_id)
        .select_related("course", "course__institution", "certificate")
        .order_by("-course__start_date")
    )


def course_costs(course_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{course id: (planned VND, actual VND)} summed over the budget lines; a class without
    lines counts its `budget_vnd` as planned. Actual costs not yet entered count 0. (For the
    plans app, which has already limited the classes to its caller's scope.)"""
    ids = list(course_ids)
    out = {
        pk: (budget or 0, 0)
        for pk, budget in Course.objects.filter(pk__in=ids).values_list("pk", "budget_vnd")
    }
    lines = (
        BudgetLine.objects.filter(course_id__in=ids)
        .values("course_id")
        .annotate(planned=Sum("planned_vnd"), actual=Sum("actual_vnd"))
    )
    for line in lines:
        out[line["course_id"]] = (line["planned"] or 0, line["actual"] or 0)
    return out


def certificate_by_token(token: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("enrolment__person", "enrolment__course__programme")
        .filter(token=token)
        .first()
    )


def certificate_by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("enrolment__person", "enrolment__course__programme")
        .filter(number=number.strip())
        .first()
    )


def ratings_by_lecturer(*, courses: QuerySet[Course] | None = None) -> list[dict]:
    qs = Feedback.objects.filter(lecturer__isnull=False)
    if courses is not None:
        qs = qs.filter(enrolment__course__in=courses)
    return list(
        qs.values("lecturer_id", "lecturer__full_name")
        .annotate(ratings=Count("pk"), average=Avg("rating"))
        .order_by("-average", "lecturer__full_name")
    )


def ratings_by_programme(*, courses: QuerySet[Course] | None = None) -> list[dict]:
    """Class ratings (no lecturer) per programme, or per category for classes without one."""
    qs = Feedback.objects.filter(lecturer__isnull=True)
    if courses is not None:
        qs = qs.filter(enrolment__course__in=courses)
    return list(
        qs.values(
            "enrolment__course__programme__code",
            "enrolment__course__programme__name",
            "enrolment__course__program_category",
        )
        .annotate(ratings=Count("pk"), average=Avg("rating"))
        .order_by("-average")
    )
