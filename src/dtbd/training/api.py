"""/api/v1/courses, /api/v1/enrolments and /api/v1/programmes (contract: "HTTP API").

Lists and reads are limited by training.selectors; writes go through the services, which
check who may manage a class or nominate, and audit.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import Header, Query, Router, Schema, Status

from dtbd.accounts.policy import policy_for
from dtbd.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    paginate,
)
from dtbd.core.codes import EnrolmentStatus, Mode, ProgramCategory
from dtbd.core.errors import NotFound, PermissionDenied, ValidationFailed
from dtbd.organisation.models import Unit
from dtbd.people.models import Person

from . import access
from .models import Course, CourseStatus, Enrolment, Programme
from .nomination import enrolment_approve, enrolment_nominate, enrolment_withdraw
from .selectors import (
    CourseFilter,
    EnrolmentFilter,
    course_get,
    course_list,
    enrolment_get,
    enrolment_list,
)
from .services import course_create, course_set_status, course_update, resolve_institution

router = Router(tags=["courses"])


class CourseOut(Schema):
    course_code: str
    name: str
    programme_code: str | None
    program_category: str
    organizer_unit_code: str
    start_date: dt.date
    end_date: dt.date
    mode: str
    institution: str | None
    capacity: int | None
    budget_vnd: int | None
    venue: str
    status: str
    version: int


class CoursePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CourseOut]


class CourseIn(Schema):
    course_code: str
    name: str
    program_category: ProgramCategory | None = None
    programme_code: str | None = None
    organizer_unit_code: str
    start_date: dt.date
    end_date: dt.date
    mode: Mode = Mode.CONCENTRATED
    institution: str | None = None
    capacity: int | None = None
    budget_vnd: int | None = None
    venue: str = ""


class CoursePatch(Schema):
    name: str | None = None
    program_category: ProgramCategory | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    mode: Mode | None = None
    institution: str | None = None
    capacity: int | None = None
    budget_vnd: int | None = None
    venue: str | None = None
    status: CourseStatus | None = None
    version: int | None = None


def course_out(course: Course) -> dict[str, Any]:
    return {
        "course_code": course.course_code,
        "name": course.name,
        "programme_code": course.programme.code if course.programme_id else None,
        "program_category": course.program_category,
        "organizer_unit_code": course.organizer_unit.code,
        "start_date": course.start_date,
        "end_date": course.end_date,
        "mode": course.mode,
        "institution": course.institution_label or None,
        "capacity": course.capacity,
        "budget_vnd": course.budget_vnd,
        "venue": course.venue,
        "status": course.status,
        "version": course.version,
    }


def _unit(actor: Any, code: str, field: str) -> Unit:
    """A unit the caller may see: one outside their units is as unknown as a missing one."""
    unit = policy_for(actor).units().filter(code=code).first()
    if unit is None:
        raise ValidationFailed(f"unknown unit '{code}'", field=field, code="unknown_unit")
    return unit


def _expected_version(if_match: str | None, body_version: int | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return body_version
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ValidationFailed(
            f"If-Match must be a version number, not '{if_match}'", field="If-Match"
        )
    return int(text)


@router.get("/courses", response={200: CoursePage, **READ_ERRORS}, summary="List classes")
def courses_index(
    request: ApiRequest,
    q: str = Query("", description="part of the code or the name"),
    status: CourseStatus | None = None,
    program_category: ProgramCategory | None = None,
    mode: Mode | None = None,
    organizer_unit: str | None = Query(None, description="a unit code"),
    year: int | None = Query(None, description="the year the class starts"),
    start_from: dt.date | None = None,
    start_to: dt.date | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """Classes the caller may see, newest first."""
    filters = CourseFilter(
        q=q,
        status=status or "",
        program_category=program_category or "",
        mode=mode or "",
        organizer_unit_id=_unit(request.auth, organizer_unit, "organizer_unit").pk
        if organizer_unit
        else None,
        year=year,
        start_from=start_from,
        start_to=start_to,
    )
    result = paginate(
        course_list(actor=request.auth, filters=filters), page=page, page_size=page_size
    )
    result["results"] = [course_out(c) for c in result["results"]]
    return result


@router.get(
    "/courses/{course_code}", response={200: CourseOut, **READ_ERRORS}, summary="Read a class"
)
def courses_read(request: ApiRequest, response: HttpResponse, course_code: str):
    course = course_get(actor=request.auth, code=course_code)
    response["ETag"] = f'"{course.version}"'
    return course_out(course)


@router.post("/courses", response={201: CourseOut, **WRITE_ERRORS}, summary="Create a class")
def courses_create(request: ApiRequest, response: HttpResponse, payload: CourseIn):
    actor = request.auth
    scope = policy_for(actor)
    if not (scope.anywhere("write") or access.institution_unit_ids(actor)):
        raise PermissionDenied("your role may read but not change records")
    organizer = _unit(actor, payload.organizer_unit_code, "organizer_unit_code")
    programme = None
    if payload.programme_code:
        programme = Programme.objects.filter(code=payload.programme_code).first()
        if programme is None:
            raise ValidationFailed(
                f"unknown programme '{payload.programme_code}'", field="programme_code"
            )
    institution, institution_name = resolve_institution(
        payload.institution or "", payload.start_date
    )
    course = course_create(
        actor=actor,
        course_code=payload.course_code,
        name=payload.name,
        programme=programme,
        program_category=payload.program_category or "",
        organizer_unit=organizer,
        start_date=payload.start_date,
        end_date=payload.end_date,
        mode=payload.mode,
        institution=institution,
        institution_name=institution_name,
        capacity=payload.capacity,
        budget_vnd=payload.budget_vnd,
        venue=payload.venue,
    )
    response["ETag"] = f'"{course.version}"'
    return Status(201, course_out(course))


@router.patch(
    "/courses/{course_code}", response={200: CourseOut, **WRITE_ERRORS}, summary="Change a class"
)
def courses_update(
    request: ApiRequest,
    response: HttpResponse,
    course_code: str,
    payload: CoursePatch,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """Change what is sent; `status` moves the class along its workflow. A stale version is 409."""
    actor = request.auth
    course = course_get(actor=actor, code=course_code)
    access.require_manage(actor, course)
    sent = payload.dict(exclude_unset=True)
    expected = _expected_version(if_match, sent.pop("version", None))
    status = sent.pop("status", None)
    for name in ("name", "program_category", "start_date", "end_date", "mode"):
        if name in sent and sent[name] is None:
            raise ValidationFailed(f"{name} cannot be empty", field=name)
    if "institution" in sent:
        on = sent.get("start_date") or course.start_date
        sent["institution"], sent["institution_name"] = resolve_institution(
            sent["institution"] or "", on
        )
    if "venue" in sent:
        sent["venue"] = sent["venue"] or ""
    course = course_update(actor=actor, course=course, expected_version=expected, **sent)
    if status:
        course = course_set_status(actor=actor, course=course, status=status)
    response["ETag"] = f'"{course.version}"'
    return course_out(course)


# --- enrolments -------------------------------------------------------------------------------


class EnrolmentOut(Schema):
    id: int
    course_code: str
    person_code: str
    full_name: str
    status: str
    completed_on: dt.date | None
    score: Decimal | None
    certificate_no: str
    sending_unit_code: str | None
    decision_no: str
    decision_date: dt.date | None
    priority: int
    waitlisted: bool
    version: int


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EnrolmentOut]


class EnrolmentIn(Schema):
    course_code: str
    person_code: str
    sending_unit_code: str
    decision_no: str = ""
    decision_date: dt.date | None = None
    priority: int = 0
    priority_reason: str = ""


class EnrolmentPatch(Schema):
    status: EnrolmentStatus | None = None
    note: str = ""
    version: int | None = None


def enrolment_out(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "course_code": e.course.course_code,
        "person_code": e.person.code,
        "full_name": e.person.full_name,
        "status": e.status,
        "completed_on": e.completed_on,
        "score": e.score,
        "certificate_no": e.certificate_no,
        "sending_unit_code": e.sending_unit.code if e.sending_unit_id else None,
        "decision_no": e.decision_no,
        "decision_date": e.decision_date,
        "priority": e.priority,
        "waitlisted": e.waitlisted,
        "version": e.version,
    }


@router.get("/enrolments", response={200: EnrolmentPage, **READ_ERRORS}, summary="List enrolments")
def enrolments_index(
    request: ApiRequest,
    course: str | None = Query(None, description="a course_code"),
    person: str | None = Query(None, description="a person_code"),
    status: EnrolmentStatus | None = None,
    sending_unit: str | None = Query(None, description="a unit code"),
    q: str = Query("", description="the learner's name, diacritics not needed"),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    filters = EnrolmentFilter(
        course_code=course or "",
        person_code=person or "",
        status=status or "",
        sending_unit_id=_unit(request.auth, sending_unit, "sending_unit").pk
        if sending_unit
        else None,
        q=q,
    )
    result = paginate(
        enrolment_list(actor=request.auth, filters=filters), page=page, page_size=page_size
    )
    result["results"] = [enrolment_out(e) for e in result["results"]]
    return result


@router.get(
    "/enrolments/{enrolment_id}",
    response={200: EnrolmentOut, **READ_ERRORS},
    summary="Read an enrolment",
)
def enrolments_read(request: ApiRequest, response: HttpResponse, enrolment_id: int):
    enrolment = enrolment_get(actor=request.auth, pk=enrolment_id)
    response["ETag"] = f'"{enrolment.version}"'
    return enrolment_out(enrolment)


@router.post(
    "/enrolments", response={201: EnrolmentOut, **WRITE_ERRORS}, summary="Nominate a person"
)
def enrolments_create(request: ApiRequest, response: HttpResponse, payload: EnrolmentIn):
    """The sending unit nominates one of its people for an open class under its decision."""
    actor = request.auth
    if not policy_for(actor).anywhere("write"):
        raise PermissionDenied("your role may read but not change records")
    try:
        course = course_get(actor=actor, code=payload.course_code)
    except NotFound:
        raise ValidationFailed(
            f"unknown course '{payload.course_code}'", field="course_code"
        ) from None
    person = policy_for(actor).people().filter(code=payload.person_code).first()
    if person is None:
        raise ValidationFailed(f"unknown person '{payload.person_code}'", field="person_code")
    enrolment = enrolment_nominate(
        actor=actor,
        course=course,
        person=Person.objects.get(pk=person.pk),
        sending_unit=_unit(actor, payload.sending_unit_code, "sending_unit_code"),
        decision_no=payload.decision_no,
        decision_date=payload.decision_date,
        priority=payload.priority,
        priority_reason=payload.priority_reason,
    )
    enrolment = enrolment_get(actor=actor, pk=enrolment.pk)
    response["ETag"] = f'"{enrolment.version}"'
    return Status(201, enrolment_out(enrolment))


@router.patch(
    "/enrolments/{enrolment_id}",
    response={200: EnrolmentOut, **WRITE_ERRORS},
    summary="Approve or withdraw",
)
def enrolments_update(
    request: ApiRequest,
    response: HttpResponse,
    enrolment_id: int,
    payload: EnrolmentPatch,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """`status: approved` (the organiser) or `withdrawn` (organiser or sending unit). Results
    are recorded for a whole class at once (the results page or the enrolments import)."""
    from dtbd.core.errors import Conflict

    actor = request.auth
    enrolment = enrolment_get(actor=actor, pk=enrolment_id)
    if not policy_for(actor).anywhere("write") and not access.institution_unit_ids(actor):
        raise PermissionDenied("your role may read but not change records")
    sent = payload.dict(exclude_unset=True)
    expected = _expected_version(if_match, sent.get("version"))
    if expected is not None and expected != enrolment.version:
        raise Conflict(
            f"enrolment {enrolment.pk} was changed by someone else (version {enrolment.version}, "
            f"yours {expected}); reload and try again"
        )
    status = sent.get("status")
    if status == EnrolmentStatus.APPROVED:
        enrolment_approve(actor=actor, enrolment=enrolment)
    elif status == EnrolmentStatus.WITHDRAWN:
        enrolment_withdraw(actor=actor, enrolment=enrolment, reason=payload.note)
    elif status is not None and status != enrolment.status:
        raise ValidationFailed(
            "only 'approved' and 'withdrawn' can be set here; results are recorded per class",
            field="status",
        )
    enrolment = enrolment_get(actor=actor, pk=enrolment.pk)
    response["ETag"] = f'"{enrolment.version}"'
    return enrolment_out(enrolment)


# --- catalogue ----------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    code: str
    name: str
    category: str
    confers_dimension: str | None
    confers_level: str | None
    periods: int | None
    audience: str
    issuing_body: str
    valid_from: dt.date
    valid_to: dt.date


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **READ_ERRORS},
    summary="The programme catalogue",
)
def programmes_index(request: ApiRequest, category: ProgramCategory | None = None):
    qs = Programme.objects.all()
    if category:
        qs = qs.filter(category=category)
    out = []
    for p in qs:
        confers = p.confers()
        out.append(
            {
                "code": p.code,
                "name": p.name,
                "category": p.category,
                "confers_dimension": confers[0] if confers else None,
                "confers_level": confers[1] if confers else None,
                "periods": p.periods,
                "audience": p.audience,
                "issuing_body": p.issuing_body,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
            }
        )
    return out
