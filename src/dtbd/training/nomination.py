"""Sending people to a class: nomination by their unit, approval by the organiser,
the waiting list, withdrawal.

Places: a class's `capacity` counts the admitted (approved, attending, completed, failed).
Nominations beyond it wait, in order of priority then of nomination, up to `waitlist_places`
more; beyond that a nomination is refused. A quota gives a sending unit (and the units under
it) a number of places, counting every nomination from there that was not withdrawn.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.core.codes import EnrolmentStatus as ES
from dtbd.core.dates import today
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.core.text import nfc
from dtbd.organisation.models import Unit, UnitAncestry
from dtbd.people.models import Person, Post

from . import access
from .models import Course, CourseStatus, Enrolment, Quota

ADMITTED = (ES.APPROVED, ES.ATTENDING, ES.COMPLETED, ES.FAILED)
ACTIVE = (ES.REGISTERED, *ADMITTED)


def enrolment_key(enrolment: Enrolment) -> str:
    return f"{enrolment.course.course_code}/{enrolment.person.code}"


def _quota_for(course: Course, unit: Unit, on: dt.date) -> Quota | None:
    """The quota of the sending unit or of its nearest ancestor that has one."""
    quotas = {q.unit_id: q for q in Quota.objects.filter(course=course)}
    if not quotas:
        return None
    ancestry = UnitAncestry.objects.filter(
        descendant=unit, ancestor_id__in=list(quotas), valid_from__lte=on, valid_to__gte=on
    ).order_by("depth")
    nearest = ancestry.values_list("ancestor_id", flat=True).first()
    return quotas.get(nearest) if nearest else None


def _check_quota(course: Course, unit: Unit, on: dt.date) -> None:
    quota = _quota_for(course, unit, on)
    if quota is None:
        if Quota.objects.filter(course=course).exists():
            raise ValidationFailed(
                f"unit '{unit.code}' has no places in class '{course.course_code}' "
                "(the class is shared out by quotas)",
                field="sending_unit",
                code="over_quota",
            )
        return
    subtree = UnitAncestry.objects.filter(
        ancestor_id=quota.unit_id, valid_from__lte=on, valid_to__gte=on
    ).values("descendant_id")
    used = Enrolment.objects.filter(
        course=course, status__in=ACTIVE, sending_unit_id__in=subtree
    ).count()
    if used >= quota.places:
        raise ValidationFailed(
            f"unit '{quota.unit.code}' has used its quota of {quota.places} place(s) in class "
            f"'{course.course_code}'",
            field="sending_unit",
            code="over_quota",
        )


def _in_unit(person: Person, unit: Unit, on: dt.date) -> bool:
    subtree = UnitAncestry.objects.filter(
        ancestor=unit, valid_from__lte=on, valid_to__gte=on
    ).values("descendant_id")
    return Post.objects.filter(
        person=person, unit_id__in=subtree, valid_from__lte=on, valid_to__gte=on
    ).exists()


@transaction.atomic
def enrolment_nominate(
    *,
    actor: Any,
    course: Course,
    person: Person,
    sending_unit: Unit,
    decision_no: str = "",
    decision_date: dt.date | None = None,
    priority: int = 0,
    priority_reason: str = "",
    on: dt.date | None = None,
) -> Enrolment:
    """The sending unit puts `person` forward for the class under its decision."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    on = on or decision_date or today()
    if not access.may_nominate_from(actor, sending_unit.pk, on):
        raise PermissionDenied(f"you may not nominate people of unit '{sending_unit.code}'")
    if course.status != CourseStatus.OPEN:
        raise ValidationFailed(
            f"class '{course.course_code}' is not open for nomination (it is {course.status})",
            field="course",
        )
    if not _in_unit(person, sending_unit, on):
        raise ValidationFailed(
            f"{person.full_name} ({person.code}) does not work in unit '{sending_unit.code}' "
            f"on {on:%d/%m/%Y}",
            field="person",
        )
    existing = Enrolment.objects.filter(course=course, person=person).first()
    if existing is not None and existing.status != ES.WITHDRAWN:
        raise ValidationFailed(
            f"{person.full_name} is already in class '{course.course_code}'",
            field="person",
            code="duplicate",
        )
    _check_quota(course, sending_unit, on)
    active = Enrolment.objects.filter(course=course, status__in=ACTIVE).count()
    waitlisted = False
    if course.capacity is not None:
        if active >= course.capacity + course.waitlist_places:
            raise ValidationFailed(
                f"class '{course.course_code}' is full ({course.capacity} place(s) and "
                f"{course.waitlist_places} on the waiting list)",
                field="course",
                code="over_capacity",
            )
        waitlisted = active >= course.capacity
    fields = {
        "status": ES.REGISTERED,
        "sending_unit": sending_unit,
        "decision_no": nfc(decision_no or ""),
        "decision_date": decision_date,
        "priority": priority,
        "priority_reason": nfc(priority_reason or ""),
        "waitlisted": waitlisted,
        "completed_on": None,
        "score": None,
        "note": "",
    }
    if existing is not None:  # nominated again after a withdrawal
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.version += 1
        existing.save()
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(course=course, person=person, **fields)
    audit_record(
        actor=actor,
        event="enrolment.nominated",
        subject_type="enrolment",
        subject_key=f"{course.course_code}/{person.code}",
        data={
            "sending_unit": sending_unit.code,
            "decision_no": enrolment.decision_no,
            "decision_date": str(decision_date) if decision_date else None,
            "priority": priority,
            "waitlisted": waitlisted,
        },
    )
    return enrolment


def waiting_list(course: Course):
    """Nominations awaiting the organiser's decision, in the order they are to be admitted."""
    return (
        Enrolment.objects.filter(course=course, status=ES.REGISTERED)
        .select_related("person", "sending_unit")
        .order_by("-priority", "created_at", "pk")
    )


@transaction.atomic
def enrolment_approve(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The organiser admits a nominee, if a place is free."""
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    access.require_manage(actor, course)
    enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
    if enrolment.status != ES.REGISTERED:
        raise ValidationFailed(
            f"only a nomination awaiting approval can be approved (this one is {enrolment.status})",
            field="status",
        )
    if course.status not in (CourseStatus.OPEN, CourseStatus.RUNNING):
        raise ValidationFailed(
            f"class '{course.course_code}' is {course.status}",
            field="course",
        )
    if course.capacity is not None:
        admitted = Enrolment.objects.filter(course=course, status__in=ADMITTED).count()
        if admitted >= course.capacity:
            raise ValidationFailed(
                f"class '{course.course_code}' is full ({course.capacity} place(s)); "
                "a place frees when someone withdraws",
                field="course",
                code="over_capacity",
            )
    enrolment.status = ES.APPROVED
    enrolment.waitlisted = False
    enrolment.version += 1
    enrolment.save(update_fields=["status", "waitlisted", "version", "updated_at"])
    audit_record(
        actor=actor,
        event="enrolment.approved",
        subject_type="enrolment",
        subject_key=f"{course.course_code}/{enrolment.person.code}",
        data={"priority": enrolment.priority},
    )
    return enrolment


@transaction.atomic
def approve_from_waiting_list(*, actor: Any, course: Course) -> int:
    """Admit nominees in waiting-list order until the class is full; returns how many."""
    access.require_manage(actor, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    free = None
    if course.capacity is not None:
        free = (
            course.capacity - Enrolment.objects.filter(course=course, status__in=ADMITTED).count()
        )
    approved = 0
    for enrolment in waiting_list(course):
        if free is not None and approved >= free:
            break
        enrolment_approve(actor=actor, enrolment=enrolment)
        approved += 1
    return approved


@transaction.atomic
def enrolment_withdraw(*, actor: Any, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Withdraw a nominee or learner (by the sending unit or the organiser)."""
    enrolment = Enrolment.objects.select_related("course", "person").get(pk=enrolment.pk)
    course = enrolment.course
    if not (
        access.may_manage_course(actor, course)
        or (
            enrolment.sending_unit_id and access.may_nominate_from(actor, enrolment.sending_unit_id)
        )
    ):
        raise PermissionDenied("you may not withdraw this learner")
    if enrolment.status in (ES.COMPLETED, ES.FAILED, ES.WITHDRAWN):
        raise ValidationFailed(f"a {enrolment.status} learner cannot be withdrawn", field="status")
    before = enrolment.status
    enrolment.status = ES.WITHDRAWN
    enrolment.waitlisted = False
    enrolment.note = nfc(reason or "")[:255]
    enrolment.version += 1
    enrolment.save(update_fields=["status", "waitlisted", "note", "version", "updated_at"])
    audit_record(
        actor=actor,
        event="enrolment.withdrawn",
        subject_type="enrolment",
        subject_key=f"{course.course_code}/{enrolment.person.code}",
        data={"status": [before, ES.WITHDRAWN], "reason": enrolment.note},
    )
    return enrolment
