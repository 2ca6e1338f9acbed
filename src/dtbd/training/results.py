"""Attendance, results, completion (with conferral), certificates and feedback."""

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dtbd.accounts.policy import policy_for
from dtbd.audit.services import audit_record
from dtbd.core.codes import EnrolmentStatus as ES
from dtbd.core.db import lock
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.core.text import nfc

from . import access, stamps
from .audit import audit_bulk
from .conferral import Conferral, confer_many
from .models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    Course,
    CourseStatus,
    Enrolment,
    Feedback,
    Lecturer,
    Session,
)

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
MAX_SCORE = Decimal("10")


@transaction.atomic
def attendance_record(*, actor: Any, session: Session, marks: Mapping[int, str]) -> int:
    """Bulk entry: {enrolment id: attendance status} for one session. Returns rows written.

    An approved learner marked present starts attending.
    """
    course = session.course
    access.require_manage(actor, course)
    if course.status != CourseStatus.RUNNING:
        raise ValidationFailed("attendance is taken while the class is running", field="course")
    admitted = {
        e.pk: e
        for e in Enrolment.objects.filter(
            course=course, status__in=(ES.APPROVED, ES.ATTENDING, ES.COMPLETED, ES.FAILED)
        )
    }
    for enrolment_id, status in marks.items():
        if enrolment_id not in admitted:
            raise ValidationFailed(
                f"enrolment {enrolment_id} is not an admitted learner of this class",
                field="enrolment",
            )
        if status not in AttendanceStatus.values:
            raise ValidationFailed(f"unknown attendance '{status}'", field="status")
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    new, changed = [], []
    for enrolment_id, status in marks.items():
        row = existing.get(enrolment_id)
        if row is None:
            new.append(Attendance(session=session, enrolment_id=enrolment_id, status=status))
        elif row.status != status:
            row.status = status
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status"])
    starting = [
        pk
        for pk, status in marks.items()
        if status in ATTENDED and admitted[pk].status == ES.APPROVED
    ]
    Enrolment.objects.filter(pk__in=starting).update(status=ES.ATTENDING, updated_at=timezone.now())
    audit_record(
        actor=actor,
        event="course.attendance_recorded",
        subject_type="course",
        subject_key=course.course_code,
        data={
            "session": f"{session.date} {session.topic}",
            "marked": len(marks),
            "present": sum(1 for s in marks.values() if s in ATTENDED),
        },
    )
    return len(new) + len(changed)


@dataclass(frozen=True)
class Result:
    passed: bool
    score: Decimal | None = None


def check_completion(course: Course, completed_on: dt.date | None) -> dt.date:
    if completed_on is None:
        raise ValidationFailed("a completion needs its date (completed_on)", field="completed_on")
    if completed_on < course.start_date:
        raise ValidationFailed(
            f"completed_on {completed_on:%d/%m/%Y} is before class '{course.course_code}' starts "
            f"({course.start_date:%d/%m/%Y})",
            field="completed_on",
        )
    return completed_on


def check_score(score: Decimal | None) -> Decimal | None:
    if score is not None and not Decimal(0) <= score <= MAX_SCORE:
        raise ValidationFailed(f"score {score} is not between 0 and 10", field="score")
    return score


def institution_text(course: Course) -> str:
    if course.institution_name:
        return course.institution_name
    unit = course.institution or course.organizer_unit
    from dtbd.organisation.services import version_on

    version = version_on(unit, course.end_date) or version_on(unit, course.start_date)
    return version.name if version else unit.code


@transaction.atomic
def course_complete(
    *,
    actor: Any,
    course: Course,
    completed_on: dt.date | None,
    results: Mapping[int, Result],
    issue_certificates: bool = True,
) -> dict[str, int]:
    """Record the results of admitted learners {enrolment id: Result}: those who passed
    complete on `completed_on`, which confers the class's level (only raising it) with the
    class as its source; certificates are numbered in the institution's register. One
    transaction: all of it, or nothing."""
    course = (
        Course.objects.select_for_update(of=("self",))
        .select_related("programme", "institution", "organizer_unit")
        .get(pk=course.pk)
    )
    access.require_manage(actor, course)
    if course.status != CourseStatus.RUNNING:
        raise ValidationFailed("results are recorded while the class is running", field="course")
    completed_on = check_completion(course, completed_on)
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            course=course, pk__in=list(results), status__in=(ES.APPROVED, ES.ATTENDING)
        ).select_related("person")
    }
    for pk, result in results.items():
        if pk not in enrolments:
            raise ValidationFailed(
                f"enrolment {pk} is not a learner of this class awaiting a result",
                field="enrolment",
            )
        check_score(result.score)
    now = timezone.now()
    passed = [enrolments[pk] for pk, r in results.items() if r.passed]
    failed = [enrolments[pk] for pk, r in results.items() if not r.passed]
    for e in passed:
        e.status, e.completed_on, e.score = ES.COMPLETED, completed_on, results[e.pk].score
    for e in failed:
        e.status, e.completed_on, e.score = ES.FAILED, None, results[e.pk].score
    for e in passed + failed:
        e.version += 1
        e.updated_at = now
    Enrolment.objects.bulk_update(
        passed + failed,
        ["status", "completed_on", "score", "version", "updated_at"],
        batch_size=500,
    )
    certificates = (
        issue_for(actor=actor, course=course, enrolments=passed) if issue_certificates else {}
    )
    conferred = confer_completed(course, passed, certificates)
    stamps.stamp(sorted({e.person_id for e in passed + failed}))
    audit_bulk(
        actor=actor,
        event="person.qualification_set",
        subject_type="person",
        items=conferred,
    )
    audit_bulk(
        actor=actor,
        event="enrolment.result_recorded",
        subject_type="enrolment",
        items=[
            (
                f"{course.course_code}/{e.person.code}",
                {
                    "status": e.status,
                    "completed_on": str(completed_on) if e.status == ES.COMPLETED else None,
                    "score": str(e.score) if e.score is not None else None,
                    "certificate_no": certificates.get(e.pk, ""),
                },
            )
            for e in passed + failed
        ],
    )
    return {
        "completed": len(passed),
        "failed": len(failed),
        "conferred": len(conferred),
        "certificates": len(certificates),
    }


def confer_completed(
    course: Course, completed: list[Enrolment], certificates: Mapping[int, str] | None = None
) -> list[tuple[str, dict]]:
    confers = course.confers()
    if confers is None or not completed:
        return []
    dimension, level = confers
    institution = institution_text(course)
    return confer_many(
        [
            Conferral(
                person_id=e.person_id,
                person_code=e.person.code,
                dimension=dimension,
                level=level,
                on=e.completed_on,
                source_ref=course.course_code,
                certificate_no=(certificates or {}).get(e.pk, e.certificate_no),
                institution=institution,
            )
            for e in completed
        ]
    )


def register_of(course: Course) -> str:
    """The certificate register: the institution's unit code, else the organiser's."""
    unit = course.institution or course.organizer_unit
    return unit.code


def issue_for(*, actor: Any, course: Course, enrolments: list[Enrolment]) -> dict[int, str]:
    """Number certificates for completed learners who have none; {enrolment id: number}."""
    wanting = [e for e in enrolments if e.status == ES.COMPLETED and not e.certificate_no]
    if not wanting:
        return {}
    register = register_of(course)
    lock(f"certificate-register:{register}")
    by_year: dict[int, list[Enrolment]] = {}
    for e in wanting:
        by_year.setdefault(e.completed_on.year, []).append(e)
    rows, numbers = [], {}
    for year, group in by_year.items():
        last = (
            Certificate.objects.filter(register=register, year=year).aggregate(m=Max("serial"))["m"]
            or 0
        )
        for serial, e in enumerate(
            sorted(group, key=lambda x: (bytes(x.person.sort_key), x.person.code)), last + 1
        ):
            number = f"{serial:05d}/{year}/{register}"
            numbers[e.pk] = number
            rows.append(
                Certificate(
                    enrolment=e,
                    number=number,
                    register=register,
                    year=year,
                    serial=serial,
                    issued_on=e.completed_on,
                    token=secrets.token_urlsafe(16)[:22],
                )
            )
    clash = set(
        Enrolment.objects.filter(certificate_no__in=list(numbers.values())).values_list(
            "certificate_no", flat=True
        )
    )
    if clash:
        raise ValidationFailed(
            f"certificate number {sorted(clash)[0]} is already used",
            field="certificate_no",
            code="duplicate",
        )
    Certificate.objects.bulk_create(rows, batch_size=500)
    for e in wanting:
        e.certificate_no = numbers[e.pk]
    Enrolment.objects.bulk_update(wanting, ["certificate_no"], batch_size=500)
    audit_bulk(
        actor=actor,
        event="certificate.issued",
        subject_type="certificate",
        items=[
            (numbers[e.pk], {"person": e.person.code, "course": course.course_code})
            for e in wanting
        ],
    )
    return numbers


@transaction.atomic
def certificates_issue(*, actor: Any, course: Course) -> int:
    """Number certificates for every completed learner of the class who has none."""
    access.require_manage(actor, course)
    course = Course.objects.select_related("institution", "organizer_unit").get(pk=course.pk)
    completed = list(
        Enrolment.objects.filter(
            course=course, status=ES.COMPLETED, certificate_no=""
        ).select_related("person")
    )
    return len(issue_for(actor=actor, course=course, enrolments=completed))


@transaction.atomic
def certificate_revoke(
    *, actor: Any, certificate: Certificate, reason: str, on: dt.date | None = None
) -> Certificate:
    certificate = Certificate.objects.select_related("enrolment__course").get(pk=certificate.pk)
    access.require_manage(actor, certificate.enrolment.course)
    reason = nfc(reason or "")
    if not reason:
        raise ValidationFailed("give the reason for revoking the certificate", field="reason")
    if certificate.revoked_on:
        raise ValidationFailed("the certificate is already revoked", field="certificate")
    certificate.revoked_on = on or timezone.localdate()
    certificate.revoked_reason = reason[:255]
    certificate.save(update_fields=["revoked_on", "revoked_reason"])
    audit_record(
        actor=actor,
        event="certificate.revoked",
        subject_type="certificate",
        subject_key=certificate.number,
        data={"reason": certificate.revoked_reason, "on": str(certificate.revoked_on)},
    )
    return certificate


def has_attended(enrolment: Enrolment) -> bool:
    if enrolment.status == ES.COMPLETED:
        return True
    return Attendance.objects.filter(enrolment=enrolment, status__in=ATTENDED).exists()


@transaction.atomic
def feedback_give(
    *,
    actor: Any,
    enrolment: Enrolment,
    rating: int,
    comment: str = "",
    lecturer: Lecturer | None = None,
) -> Feedback:
    """A learner rates the class (no lecturer) or one of its lecturers, once each, 1–5."""
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    own = policy_for(actor).own_person_ids()
    if enrolment.person_id not in own:
        raise PermissionDenied("only the learner can give feedback on their own class")
    if not has_attended(enrolment):
        raise ValidationFailed(
            "only learners who attended the class can rate it",
            field="enrolment",
            code="not_attended",
        )
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed("the rating is from 1 to 5", field="rating")
    if (
        lecturer is not None
        and not Session.objects.filter(course_id=enrolment.course_id, lecturer=lecturer).exists()
    ):
        raise ValidationFailed(f"{lecturer.full_name} did not teach this class", field="lecturer")
    if Feedback.objects.filter(enrolment=enrolment, lecturer=lecturer).exists():
        raise ValidationFailed("you have already rated this", field="rating", code="duplicate")
    feedback = Feedback.objects.create(
        enrolment=enrolment, lecturer=lecturer, rating=rating, comment=nfc(comment or "")
    )
    audit_record(
        actor=actor,
        event="feedback.given",
        subject_type="enrolment",
        subject_key=str(enrolment.pk),
        data={"lecturer": lecturer.full_name if lecturer else None, "rating": rating},
    )
    return feedback
