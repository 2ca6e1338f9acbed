"""Writes to the catalogue and to classes. Each is atomic and audited in its transaction.

Nomination and approval are in training.nomination; attendance, results, completion,
certificates and feedback in training.results.
"""

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction

from dtbd.accounts.policy import policy_for
from dtbd.audit.services import audit_record, diff
from dtbd.core.codes import SCALES, Mode, ProgramCategory, UnitKind
from dtbd.core.errors import Conflict, PermissionDenied, ValidationFailed
from dtbd.core.text import nfc
from dtbd.organisation.models import Unit, UnitVersion

from . import access
from .models import (
    BudgetLine,
    CostItem,
    Course,
    CourseStatus,
    Lecturer,
    Programme,
    Quota,
    Session,
)

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")

# planned → open (for nomination) → running → closed; cancelled from any but closed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CourseStatus.PLANNED: (CourseStatus.OPEN, CourseStatus.CANCELLED),
    CourseStatus.OPEN: (CourseStatus.RUNNING, CourseStatus.PLANNED, CourseStatus.CANCELLED),
    CourseStatus.RUNNING: (CourseStatus.CLOSED, CourseStatus.CANCELLED),
    CourseStatus.CLOSED: (),
    CourseStatus.CANCELLED: (),
}


# --- checks shared with the importer and the API ------------------------------------------


def check_code(value: str, field: str = "course_code") -> str:
    if not CODE_PATTERN.match(value or ""):
        raise ValidationFailed(
            f"'{value}' is not a valid code (letters, digits, '.', '_', '-'; at most 32)",
            field=field,
        )
    return value


def check_choice(field: str, value: str, choices: list[str]) -> str:
    if value not in choices:
        raise ValidationFailed(
            f"unknown {field} '{value}' (expected one of {', '.join(choices)})", field=field
        )
    return value


def check_confers(dimension: str, level: str) -> None:
    if not dimension and not level:
        return
    if dimension not in SCALES:
        raise ValidationFailed(f"unknown dimension '{dimension}'", field="confers_dimension")
    if level not in SCALES[dimension].values or level == "none":
        raise ValidationFailed(f"unknown {dimension} level '{level}'", field="confers_level")


def is_institution(unit: Unit, on: dt.date) -> bool:
    return UnitVersion.objects.filter(
        unit=unit, kind=UnitKind.TRAINING_INSTITUTION, valid_from__lte=on, valid_to__gte=on
    ).exists()


def resolve_institution(text: str, on: dt.date) -> tuple[Unit | None, str]:
    """The contract's `institution` cell: a training institution's unit code when one
    matches (on the class's start date), otherwise the text itself, e.g. "Học viện Chính trị
    quốc gia Hồ Chí Minh" (ADR 0005)."""
    text = nfc(text or "")
    if not text:
        return None, ""
    unit = Unit.objects.filter(code=text).first()
    if unit is not None and is_institution(unit, on):
        return unit, ""
    return None, text


# --- programmes -----------------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "category",
    "confers_dimension",
    "confers_level",
    "periods",
    "audience",
    "issuing_body",
    "compulsory_modules",
    "valid_from",
    "valid_to",
)


def _programme_snapshot(p: Programme) -> dict[str, Any]:
    return {
        f: (str(getattr(p, f)) if f.startswith("valid") else getattr(p, f))
        for f in PROGRAMME_FIELDS
    }


def _clean_programme(fields: dict[str, Any]) -> dict[str, Any]:
    clean = dict(fields)
    if "name" in clean:
        clean["name"] = nfc(clean["name"] or "")
        if not clean["name"]:
            raise ValidationFailed("the name is required", field="name")
    if "category" in clean:
        check_choice("category", clean["category"], ProgramCategory.values)
    for name in ("audience", "issuing_body"):
        if name in clean:
            clean[name] = nfc(clean[name] or "")
    if "compulsory_modules" in clean:  # one module per line
        lines = (nfc(line) for line in (clean["compulsory_modules"] or "").splitlines())
        clean["compulsory_modules"] = "\n".join(line for line in lines if line)
    unknown = set(clean) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationFailed(f"unknown field '{sorted(unknown)[0]}'", field=sorted(unknown)[0])
    return clean


@transaction.atomic
def programme_save(*, actor: Any, code: str, **fields: Any) -> tuple[Programme, str]:
    """Create or update the catalogue entry `code`; returns it and created/updated/unchanged.

    The catalogue is the province's: only those who may write everywhere (provincial
    administrators) keep it."""
    if not policy_for(actor).everything:
        raise PermissionDenied("only province-wide administrators keep the programme catalogue")
    check_code(code, "code")
    clean = _clean_programme(fields)
    programme = Programme.objects.select_for_update().filter(code=code).first()
    if programme is None:
        programme = Programme(code=code, **clean)
        check_confers(programme.confers_dimension, programme.confers_level)
        _check_period(programme.valid_from, programme.valid_to, "valid_to")
        programme.save()
        audit_record(
            actor=actor,
            event="programme.created",
            subject_type="programme",
            subject_key=code,
            data={"after": _programme_snapshot(programme)},
        )
        return programme, "created"
    before = _programme_snapshot(programme)
    for name, value in clean.items():
        setattr(programme, name, value)
    check_confers(programme.confers_dimension, programme.confers_level)
    _check_period(programme.valid_from, programme.valid_to, "valid_to")
    changes = diff(before, _programme_snapshot(programme))
    if not changes:
        return programme, "unchanged"
    programme.version += 1
    programme.save()
    audit_record(
        actor=actor,
        event="programme.updated",
        subject_type="programme",
        subject_key=code,
        data=changes,
    )
    return programme, "updated"


def _check_period(start: dt.date, end: dt.date, field: str) -> None:
    if start and end and end < start:
        raise ValidationFailed(f"{field} {end:%d/%m/%Y} is before {start:%d/%m/%Y}", field=field)


# --- classes --------------------------------------------------------------------------------

COURSE_FIELDS = (
    "name",
    "programme",
    "program_category",
    "confers_dimension",
    "confers_level",
    "organizer_unit",
    "start_date",
    "end_date",
    "mode",
    "institution",
    "institution_name",
    "capacity",
    "waitlist_places",
    "budget_vnd",
    "venue",
)


def course_snapshot(course: Course) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in COURSE_FIELDS:
        if f in ("programme", "organizer_unit", "institution"):
            related = getattr(course, f)
            out[f] = related.code if related is not None else None
        elif f in ("start_date", "end_date"):
            out[f] = str(getattr(course, f))
        else:
            out[f] = getattr(course, f)
    return out


def clean_course_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the fields of a class (as given; others are kept)."""
    clean = dict(fields)
    unknown = set(clean) - set(COURSE_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationFailed(f"unknown field '{name}'", field=name)
    if "name" in clean:
        clean["name"] = nfc(clean["name"] or "")
        if not clean["name"]:
            raise ValidationFailed("the name is required", field="name")
    if "program_category" in clean:
        check_choice("program_category", clean["program_category"], ProgramCategory.values)
    if "mode" in clean:
        check_choice("mode", clean["mode"] or Mode.CONCENTRATED, Mode.values)
        clean["mode"] = clean["mode"] or Mode.CONCENTRATED
    for name in ("capacity", "budget_vnd", "waitlist_places"):
        if clean.get(name) is not None and clean[name] < 0:
            raise ValidationFailed(f"{name} cannot be negative", field=name)
    if "capacity" in clean and clean["capacity"] == 0:
        raise ValidationFailed(
            "capacity must be at least 1 (leave it blank for no limit)", field="capacity"
        )
    for name in ("venue", "institution_name"):
        if name in clean:
            clean[name] = nfc(clean[name] or "")
    return clean


def _validate_course(course: Course) -> None:
    if course.end_date < course.start_date:
        raise ValidationFailed(
            f"end_date {course.end_date:%d/%m/%Y} is before start_date "
            f"{course.start_date:%d/%m/%Y}",
            field="end_date",
        )
    check_confers(course.confers_dimension, course.confers_level)
    if course.institution_id and not is_institution(course.institution, course.start_date):
        raise ValidationFailed(
            f"unit '{course.institution.code}' is not a training institution",
            field="institution",
        )
    if course.programme_id and not course.program_category:
        course.program_category = course.programme.category


@transaction.atomic
def course_create(*, actor: Any, course_code: str, **fields: Any) -> Course:
    check_code(course_code)
    clean = clean_course_fields(fields)
    for required in ("name", "organizer_unit", "start_date", "end_date"):
        if not clean.get(required):
            raise ValidationFailed(f"{required} is required", field=required)
    if not clean.get("program_category"):
        if clean.get("programme") is None:
            raise ValidationFailed("program_category is required", field="program_category")
        clean["program_category"] = clean["programme"].category
    organizer = clean["organizer_unit"]
    institution = clean.get("institution")
    if not access.may_create_course_at(
        actor, organizer.pk, institution.pk if institution else None
    ):
        raise PermissionDenied(f"you may not organise classes for unit '{organizer.code}'")
    if Course.objects.filter(course_code=course_code).exists():
        raise ValidationFailed(
            f"class '{course_code}' already exists", field="course_code", code="duplicate"
        )
    course = Course(course_code=course_code, **clean)
    _validate_course(course)
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as error:
        raise ValidationFailed(f"class '{course_code}' could not be saved: {error}") from error
    audit_record(
        actor=actor,
        event="course.created",
        subject_type="course",
        subject_key=course_code,
        data={"after": course_snapshot(course)},
    )
    return course


@transaction.atomic
def course_update(
    *, actor: Any, course: Course, expected_version: int | None = None, **fields: Any
) -> Course:
    locked = Course.objects.select_for_update().get(pk=course.pk)
    access.require_manage(actor, locked)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(
            f"class '{locked.course_code}' was changed by someone else (version "
            f"{locked.version}, yours {expected_version}); reload and try again"
        )
    clean = clean_course_fields(fields)
    before = course_snapshot(locked)
    for name, value in clean.items():
        setattr(locked, name, value)
    _validate_course(locked)
    if "organizer_unit" in clean and not access.may_manage_course(actor, locked):
        raise PermissionDenied("you may not hand the class to a unit outside your own")
    changes = diff(before, course_snapshot(locked))
    if not changes:
        return locked
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        event="course.updated",
        subject_type="course",
        subject_key=locked.course_code,
        data=changes,
    )
    return locked


@transaction.atomic
def course_set_status(*, actor: Any, course: Course, status: str) -> Course:
    """Move the class along planned → open → running → closed (or cancel it)."""
    from dtbd.core.codes import EnrolmentStatus as ES

    from .models import Enrolment

    locked = Course.objects.select_for_update().get(pk=course.pk)
    access.require_manage(actor, locked)
    check_choice("status", status, CourseStatus.values)
    if status == locked.status:
        return locked
    if status not in TRANSITIONS[locked.status]:
        raise ValidationFailed(
            f"a {locked.status} class cannot become {status}",
            field="status",
        )
    enrolments = Enrolment.objects.filter(course=locked)
    if status == CourseStatus.CLOSED:
        pending = enrolments.filter(status__in=[ES.APPROVED, ES.ATTENDING]).count()
        if pending:
            raise ValidationFailed(
                f"{pending} learner(s) have no result yet: record results before closing",
                field="status",
            )
    withdrawn = 0
    if status in (CourseStatus.CLOSED, CourseStatus.CANCELLED):
        # Nominations never approved lapse with the class.
        withdrawn = enrolments.filter(status=ES.REGISTERED).update(
            status=ES.WITHDRAWN, note="class " + status, waitlisted=False
        )
    before = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    audit_record(
        actor=actor,
        event="course.status_changed",
        subject_type="course",
        subject_key=locked.course_code,
        data={"status": [before, status], "nominations_lapsed": withdrawn},
    )
    return locked


# --- timetable, lecturers, quotas, budget --------------------------------------------------


@transaction.atomic
def session_add(
    *,
    actor: Any,
    course: Course,
    date: dt.date,
    topic: str,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    periods: int = 4,
    venue: str = "",
    online_link: str = "",
    lecturer: Lecturer | None = None,
) -> Session:
    access.require_manage(actor, course)
    topic = nfc(topic or "")
    if not topic:
        raise ValidationFailed("the topic is required", field="topic")
    if not course.start_date <= date <= course.end_date:
        raise ValidationFailed(
            f"{date:%d/%m/%Y} is outside the class ({course.start_date:%d/%m/%Y}–"
            f"{course.end_date:%d/%m/%Y})",
            field="date",
        )
    if start_time and end_time and end_time <= start_time:
        raise ValidationFailed("the session ends before it starts", field="end_time")
    session = Session.objects.create(
        course=course,
        date=date,
        topic=topic,
        start_time=start_time,
        end_time=end_time,
        periods=periods,
        venue=nfc(venue or "") or course.venue,
        online_link=online_link or "",
        lecturer=lecturer,
    )
    audit_record(
        actor=actor,
        event="course.session_added",
        subject_type="course",
        subject_key=course.course_code,
        data={
            "date": str(date),
            "topic": topic,
            "lecturer": lecturer.full_name if lecturer else None,
        },
    )
    return session


@transaction.atomic
def lecturer_create(
    *,
    actor: Any,
    full_name: str,
    institution: Unit | None = None,
    person: Any = None,
    is_visiting: bool = False,
    workplace: str = "",
    academic_title: str = "",
    pedagogical_certificate: str = "",
    subjects: str = "",
) -> Lecturer:
    if institution is not None and not (
        access.institution_covers(actor, [institution.pk])
        or policy_for(actor).covers("write", institution.pk)
    ):
        raise PermissionDenied(f"you may not add lecturers to '{institution.code}'")
    if institution is None and not policy_for(actor).everything:
        raise PermissionDenied("a lecturer outside any institution is for administrators")
    name = nfc(full_name or (person.full_name if person else ""))
    if not name:
        raise ValidationFailed("the full name is required", field="full_name")
    lecturer = Lecturer.objects.create(
        full_name=name,
        institution=institution,
        person=person,
        is_visiting=is_visiting,
        workplace=nfc(workplace),
        academic_title=nfc(academic_title),
        pedagogical_certificate=nfc(pedagogical_certificate),
        subjects=nfc(subjects),
    )
    audit_record(
        actor=actor,
        event="lecturer.created",
        subject_type="lecturer",
        subject_key=str(lecturer.pk),
        data={"full_name": name, "visiting": is_visiting},
    )
    return lecturer


@transaction.atomic
def quota_set(*, actor: Any, course: Course, unit: Unit, places: int | None) -> Quota | None:
    """Give a sending unit (and its subtree) `places` in the class; None removes its quota."""
    access.require_manage(actor, course)
    existing = Quota.objects.filter(course=course, unit=unit).first()
    if places is None:
        if existing:
            existing.delete()
    else:
        if places < 0:
            raise ValidationFailed("places cannot be negative", field="places")
        if existing:
            existing.places = places
            existing.save()
        else:
            existing = Quota.objects.create(course=course, unit=unit, places=places)
    audit_record(
        actor=actor,
        event="course.quota_set",
        subject_type="course",
        subject_key=course.course_code,
        data={"unit_code": unit.code, "places": places},
    )
    return existing if places is not None else None


@transaction.atomic
def budget_line_set(
    *,
    actor: Any,
    course: Course,
    item: str,
    planned_vnd: int,
    actual_vnd: int | None = None,
    note: str = "",
) -> BudgetLine:
    access.require_manage(actor, course)
    check_choice("item", item, CostItem.values)
    if planned_vnd < 0 or (actual_vnd is not None and actual_vnd < 0):
        raise ValidationFailed("amounts cannot be negative", field="planned_vnd")
    line, _ = BudgetLine.objects.update_or_create(
        course=course,
        item=item,
        defaults={"planned_vnd": planned_vnd, "actual_vnd": actual_vnd, "note": nfc(note)},
    )
    audit_record(
        actor=actor,
        event="course.budget_set",
        subject_type="course",
        subject_key=course.course_code,
        data={"item": item, "planned_vnd": planned_vnd, "actual_vnd": actual_vnd},
    )
    return line
