"""/api/v1/careers: annual assessments, rotations and their reviews, commendations,
discipline, the planning pool and a person's career timeline, within the caller's units."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import Header, Query, Router, Schema, Status

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    paginate,
)
from dtbd.core.codes import Leadership, Rating
from dtbd.core.dates import today
from dtbd.core.errors import NotFound, PermissionDenied
from dtbd.organisation.api import unit_by_code
from dtbd.people.api import _expected_version, _person

from . import selectors
from .assessments import assessment_create, assessment_update
from .audit import viewed
from .models import Direction, DisciplineLevel, RemovalReason, RotationOutcome
from .pool import (
    pool_candidate_add,
    pool_candidate_remove,
    pool_post_add,
    pool_post_approve,
    pool_targets,
    pool_term_create,
)
from .records import commendation_create, discipline_create
from .rotations import review_add, review_record, rotation_create, rotation_end

router = Router(tags=["careers"])


def _may_write(actor: Any) -> None:
    if not policy_for(actor).anywhere(WRITE):
        raise PermissionDenied("your role may read but not change records")


# --- assessments ---------------------------------------------------------------------------


class AssessmentOut(Schema):
    person_code: str
    full_name: str
    year: int
    rating: str
    points: Decimal | None
    unit_code: str
    decision_no: str
    decided_by: str
    decided_on: dt.date | None
    version: int


class AssessmentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AssessmentOut]


class AssessmentIn(Schema):
    person_code: str
    year: int
    rating: Rating
    points: Decimal | None = None
    decision_no: str = ""
    decided_by: str = ""
    decided_on: dt.date | None = None


class AssessmentPatch(Schema):
    rating: Rating
    points: Decimal | None = None
    decision_no: str | None = None
    decided_by: str | None = None
    decided_on: dt.date | None = None
    version: int | None = None


def _assessment_out(a) -> dict[str, Any]:
    return {
        "person_code": a.person.code,
        "full_name": a.person.full_name,
        "year": a.year,
        "rating": a.rating,
        "points": a.points,
        "unit_code": a.unit.code,
        "decision_no": a.decision_no,
        "decided_by": a.decided_by,
        "decided_on": a.decided_on,
        "version": a.version,
    }


@router.get("/assessments", response={200: AssessmentPage, **READ_ERRORS}, summary="List ratings")
def assessments_index(
    request: ApiRequest,
    year: int | None = None,
    unit: str | None = Query(None, description="a unit code: ratings in its subtree"),
    rating: Rating | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    unit_id = unit_by_code(actor=request.auth, code=unit, field="unit").pk if unit else None
    qs = selectors.assessments_list(actor=request.auth, year=year, unit_id=unit_id)
    if rating:
        qs = qs.filter(rating=rating)
    result = paginate(qs, page=page, page_size=page_size)
    result["results"] = [_assessment_out(a) for a in result["results"]]
    return result


@router.post("/assessments", response={201: AssessmentOut, **WRITE_ERRORS}, summary="Rate a person")
def assessments_create(request: ApiRequest, payload: AssessmentIn):
    """One rating per person and year; the dated quota and head rules apply (422 naming
    the rule and its source)."""
    _may_write(request.auth)
    person = _person(request.auth, payload.person_code)
    a = assessment_create(
        actor=request.auth,
        person=person,
        year=payload.year,
        rating=str(payload.rating.value),
        points=payload.points,
        decision_no=payload.decision_no,
        decided_by=payload.decided_by,
        decided_on=payload.decided_on,
    )
    return Status(201, _assessment_out(a))


@router.get(
    "/assessments/{person_code}/{year}",
    response={200: AssessmentOut, **READ_ERRORS},
    summary="Read a rating",
)
def assessments_read(request: ApiRequest, person_code: str, year: int):
    return _assessment_out(
        selectors.assessment_get(actor=request.auth, person_code=person_code, year=year)
    )


@router.patch(
    "/assessments/{person_code}/{year}",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Correct a rating",
)
def assessments_update(
    request: ApiRequest,
    response: HttpResponse,
    person_code: str,
    year: int,
    payload: AssessmentPatch,
    if_match: str | None = Header(None, alias="If-Match"),
):
    a = selectors.assessment_get(actor=request.auth, person_code=person_code, year=year)
    _may_write(request.auth)
    a = assessment_update(
        actor=request.auth,
        assessment=a,
        rating=str(payload.rating.value),
        points=payload.points,
        expected_version=_expected_version(if_match, payload.version),
        decision_no=payload.decision_no,
        decided_by=payload.decided_by,
        decided_on=payload.decided_on,
    )
    response["ETag"] = f'"{a.version}"'
    return _assessment_out(a)


# --- rotations -------------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    due_on: dt.date
    done_on: dt.date | None
    notes: str
    reviewer: str
    overdue: bool


class RotationOut(Schema):
    id: int
    person_code: str
    full_name: str
    from_unit_code: str
    from_leadership: str
    to_unit_code: str
    to_leadership: str
    direction: str
    decision_no: str
    decision_date: dt.date
    start: dt.date
    planned_end: dt.date
    ended_on: dt.date | None
    outcome: str
    purpose: str
    exception_reason: str
    exception_by: str
    reviews: list[ReviewOut]
    version: int


class RotationIn(Schema):
    person_code: str
    to_unit_code: str
    to_leadership: Leadership
    to_position_code: str = ""
    direction: Direction
    decision_no: str
    decision_date: dt.date
    start: dt.date
    planned_end: dt.date | None = None
    purpose: str = ""
    exception_reason: str = ""
    review_every_months: int | None = None


class RotationEndIn(Schema):
    ended_on: dt.date
    outcome: RotationOutcome
    note: str = ""


class ReviewIn(Schema):
    due_on: dt.date


class ReviewDoneIn(Schema):
    done_on: dt.date
    notes: str = ""
    reviewer: str = ""


def _rotation_out(r, on: dt.date | None = None) -> dict[str, Any]:
    on = on or today()
    return {
        "id": r.pk,
        "person_code": r.person.code,
        "full_name": r.person.full_name,
        "from_unit_code": r.from_unit.code,
        "from_leadership": r.from_leadership,
        "to_unit_code": r.to_unit.code,
        "to_leadership": r.to_leadership,
        "direction": r.direction,
        "decision_no": r.decision_no,
        "decision_date": r.decision_date,
        "start": r.start,
        "planned_end": r.planned_end,
        "ended_on": r.ended_on,
        "outcome": r.outcome,
        "purpose": r.purpose,
        "exception_reason": r.exception_reason,
        "exception_by": r.exception_by_label,
        "reviews": [
            {
                "id": v.pk,
                "due_on": v.due_on,
                "done_on": v.done_on,
                "notes": v.notes,
                "reviewer": v.reviewer,
                "overdue": v.done_on is None and v.due_on < on and r.ended_on is None,
            }
            for v in r.reviews.order_by("due_on")
        ],
        "version": r.version,
    }


class RotationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[RotationOut]


@router.get("/rotations", response={200: RotationPage, **READ_ERRORS}, summary="List rotations")
def rotations_index(
    request: ApiRequest,
    under_way_on: dt.date | None = None,
    unit: str | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    unit_id = unit_by_code(actor=request.auth, code=unit, field="unit").pk if unit else None
    qs = selectors.rotations_list(actor=request.auth, under_way_on=under_way_on, unit_id=unit_id)
    result = paginate(qs, page=page, page_size=page_size)
    result["results"] = [_rotation_out(r) for r in result["results"]]
    return result


@router.post("/rotations", response={201: RotationOut, **WRITE_ERRORS}, summary="Rotate")
def rotations_create(request: ApiRequest, payload: RotationIn):
    """Refused (422, naming the rule and its source): overlaps, a person outside the pool
    or a post that is not equivalent without an exception, a period under the minimum."""
    _may_write(request.auth)
    person = _person(request.auth, payload.person_code)
    unit = unit_by_code(actor=request.auth, code=payload.to_unit_code, field="to_unit_code")
    r = rotation_create(
        actor=request.auth,
        person=person,
        to_unit_id=unit.pk,
        to_leadership=str(payload.to_leadership.value),
        to_position_code=payload.to_position_code,
        direction=str(payload.direction.value),
        decision_no=payload.decision_no,
        decision_date=payload.decision_date,
        start=payload.start,
        planned_end=payload.planned_end,
        purpose=payload.purpose,
        exception_reason=payload.exception_reason,
        review_every_months=payload.review_every_months,
    )
    return Status(201, _rotation_out(r))


@router.get("/rotations/{rotation_id}", response={200: RotationOut, **READ_ERRORS})
def rotations_read(request: ApiRequest, rotation_id: int):
    return _rotation_out(selectors.rotation_get(actor=request.auth, pk=rotation_id))


@router.post("/rotations/{rotation_id}/end", response={200: RotationOut, **WRITE_ERRORS})
def rotations_end(request: ApiRequest, rotation_id: int, payload: RotationEndIn):
    r = selectors.rotation_get(actor=request.auth, pk=rotation_id)
    _may_write(request.auth)
    r = rotation_end(
        actor=request.auth,
        rotation=r,
        ended_on=payload.ended_on,
        outcome=str(payload.outcome.value),
        note=payload.note,
    )
    return _rotation_out(r)


@router.post("/rotations/{rotation_id}/reviews", response={201: RotationOut, **WRITE_ERRORS})
def rotations_review_add(request: ApiRequest, rotation_id: int, payload: ReviewIn):
    r = selectors.rotation_get(actor=request.auth, pk=rotation_id)
    _may_write(request.auth)
    review_add(actor=request.auth, rotation=r, due_on=payload.due_on)
    return Status(201, _rotation_out(r))


@router.patch(
    "/rotations/{rotation_id}/reviews/{review_id}", response={200: RotationOut, **WRITE_ERRORS}
)
def rotations_review_done(
    request: ApiRequest, rotation_id: int, review_id: int, payload: ReviewDoneIn
):
    r = selectors.rotation_get(actor=request.auth, pk=rotation_id)
    review = r.reviews.filter(pk=review_id).first()
    if review is None:
        raise NotFound("no such review of this rotation")
    _may_write(request.auth)
    review_record(
        actor=request.auth,
        review=review,
        done_on=payload.done_on,
        notes=payload.notes,
        reviewer=payload.reviewer,
    )
    return _rotation_out(r)


class DueOut(Schema):
    rotation_id: int
    person_code: str
    full_name: str
    to_unit_code: str
    due_on: dt.date
    overdue: bool


@router.get("/reviews-due", response={200: list[DueOut], **READ_ERRORS}, summary="Reviews due")
def reviews_due(request: ApiRequest, as_of: dt.date | None = None, within_days: int = 30):
    """Reviews not yet held: overdue on `as_of`, or due within `within_days`."""
    on = as_of or today()
    return [
        {
            "rotation_id": v.rotation_id,
            "person_code": v.rotation.person.code,
            "full_name": v.rotation.person.full_name,
            "to_unit_code": v.rotation.to_unit.code,
            "due_on": v.due_on,
            "overdue": v.due_on < on,
        }
        for v in selectors.reviews_due(actor=request.auth, on=on, within_days=within_days)
    ]


# --- commendation and discipline ---------------------------------------------------------------


class RecordOut(Schema):
    id: int
    person_code: str
    kind: str  # form of a commendation, or measure of a discipline
    title: str
    decision_no: str
    decided_on: dt.date


class CommendationIn(Schema):
    person_code: str
    form: str
    title: str
    decision_no: str
    decided_on: dt.date
    issuer: str = ""
    reason: str = ""


class DisciplineIn(Schema):
    person_code: str
    level: DisciplineLevel
    decision_no: str
    decided_on: dt.date
    effective_to: dt.date | None = None
    issuer: str = ""
    reason: str = ""


@router.get("/commendations", response={200: list[RecordOut], **READ_ERRORS})
def commendations_index(request: ApiRequest, person_code: str | None = None):
    qs = selectors.commendations_list(actor=request.auth)
    if person_code:
        qs = qs.filter(person__code=person_code)
    return [
        {
            "id": c.pk,
            "person_code": c.person.code,
            "kind": c.form,
            "title": c.title,
            "decision_no": c.decision_no,
            "decided_on": c.decided_on,
        }
        for c in qs[:MAX_PAGE_SIZE]
    ]


@router.post("/commendations", response={201: RecordOut, **WRITE_ERRORS})
def commendations_create(request: ApiRequest, payload: CommendationIn):
    _may_write(request.auth)
    person = _person(request.auth, payload.person_code)
    data = payload.dict()
    data.pop("person_code")
    c = commendation_create(actor=request.auth, person=person, **data)
    return Status(
        201,
        {
            "id": c.pk,
            "person_code": person.code,
            "kind": c.form,
            "title": c.title,
            "decision_no": c.decision_no,
            "decided_on": c.decided_on,
        },
    )


@router.get("/disciplines", response={200: list[RecordOut], **READ_ERRORS})
def disciplines_index(request: ApiRequest, person_code: str | None = None):
    qs = selectors.disciplines_list(actor=request.auth)
    if person_code:
        qs = qs.filter(person__code=person_code)
    return [
        {
            "id": d.pk,
            "person_code": d.person.code,
            "kind": d.level,
            "title": str(d.get_level_display()),
            "decision_no": d.decision_no,
            "decided_on": d.decided_on,
        }
        for d in qs[:MAX_PAGE_SIZE]
    ]


@router.post("/disciplines", response={201: RecordOut, **WRITE_ERRORS})
def disciplines_create(request: ApiRequest, payload: DisciplineIn):
    """At reprimand or above the person leaves the planning pool at once (audited)."""
    _may_write(request.auth)
    person = _person(request.auth, payload.person_code)
    data = payload.dict()
    data.pop("person_code")
    data["level"] = str(payload.level.value)
    d = discipline_create(actor=request.auth, person=person, **data)
    return Status(
        201,
        {
            "id": d.pk,
            "person_code": person.code,
            "kind": d.level,
            "title": str(d.get_level_display()),
            "decision_no": d.decision_no,
            "decided_on": d.decided_on,
        },
    )


# --- planning pool -----------------------------------------------------------------------------


class CandidateOut(Schema):
    id: int
    post_id: int
    person_code: str
    full_name: str
    post: str
    unit_code: str
    leadership: str
    status: str
    decision_no: str
    removal_reason: str


class TargetOut(Schema):
    measure: str
    actual: int
    total: int
    percent: Decimal | None
    target_percent: Decimal | None
    met: bool | None
    source: str


class PoolPostOut(Schema):
    id: int
    title: str
    unit_code: str
    leadership: str
    position_code: str


class TermOut(Schema):
    code: str
    name: str
    unit_code: str
    start: dt.date
    end: dt.date
    decision_no: str
    posts: list[PoolPostOut]
    candidates: list[CandidateOut]
    targets: list[TargetOut]


def _term_out(term, on: dt.date) -> dict[str, Any]:
    return {
        "code": term.code,
        "name": term.name,
        "unit_code": term.unit.code,
        "start": term.start,
        "end": term.end,
        "decision_no": term.decision_no,
        "posts": [
            {
                "id": p.pk,
                "title": p.title,
                "unit_code": p.unit.code,
                "leadership": p.leadership,
                "position_code": p.position_code,
            }
            for p in term.posts.select_related("unit").order_by("unit__code", "leadership", "title")
        ],
        "candidates": [
            {
                "id": c.pk,
                "post_id": c.post_id,
                "person_code": c.person.code,
                "full_name": c.person.full_name,
                "post": c.post.title,
                "unit_code": c.post.unit.code,
                "leadership": c.post.leadership,
                "status": c.status,
                "decision_no": c.decision_no,
                "removal_reason": c.removal_reason,
            }
            for c in selectors.term_candidates(term=term)
        ],
        "targets": [t.__dict__ for t in pool_targets(term, on)],
    }


@router.get("/pool-terms", response={200: list[TermOut], **READ_ERRORS}, summary="Pool terms")
def terms_index(request: ApiRequest, as_of: dt.date | None = None):
    on = as_of or today()
    return [_term_out(t, on) for t in selectors.terms_list(actor=request.auth)]


@router.get("/pool-terms/{code}", response={200: TermOut, **READ_ERRORS})
def terms_read(request: ApiRequest, code: str, as_of: dt.date | None = None):
    term = selectors.term_get(actor=request.auth, code=code)
    return _term_out(term, as_of or max(term.start, min(today(), term.end)))


class TermIn(Schema):
    code: str
    name: str
    unit_code: str
    start: dt.date
    end: dt.date
    decision_no: str = ""
    decision_date: dt.date | None = None


class PostIn(Schema):
    unit_code: str
    leadership: Leadership
    title: str
    position_code: str = ""


class CandidateIn(Schema):
    person_code: str


class ApproveIn(Schema):
    decision_no: str
    decided_on: dt.date


class RemoveIn(Schema):
    removed_on: dt.date
    reason: RemovalReason
    note: str = ""


def _term_on(term) -> dt.date:
    return max(term.start, min(today(), term.end))


def _term_post(actor: Any, code: str, post_id: int):
    term = selectors.term_get(actor=actor, code=code)
    post = term.posts.filter(pk=post_id).first()
    if post is None:
        raise NotFound(f"no post {post_id} in planning term '{code}'")
    return term, post


@router.post("/pool-terms", response={201: TermOut, **WRITE_ERRORS}, summary="Open a term")
def terms_create(request: ApiRequest, payload: TermIn):
    _may_write(request.auth)
    unit = unit_by_code(actor=request.auth, code=payload.unit_code, field="unit_code")
    term = pool_term_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        unit_id=unit.pk,
        start=payload.start,
        end=payload.end,
        decision_no=payload.decision_no,
        decision_date=payload.decision_date,
    )
    return Status(201, _term_out(term, _term_on(term)))


@router.post("/pool-terms/{code}/posts", response={201: TermOut, **WRITE_ERRORS})
def terms_post_add(request: ApiRequest, code: str, payload: PostIn):
    """A head or deputy post of a unit, planned for in the term."""
    term = selectors.term_get(actor=request.auth, code=code)
    unit = unit_by_code(actor=request.auth, code=payload.unit_code, field="unit_code")
    pool_post_add(
        actor=request.auth,
        term=term,
        unit_id=unit.pk,
        leadership=str(payload.leadership.value),
        title=payload.title,
        position_code=payload.position_code,
    )
    return Status(201, _term_out(term, _term_on(term)))


@router.post(
    "/pool-terms/{code}/posts/{post_id}/candidates", response={201: TermOut, **WRITE_ERRORS}
)
def terms_candidate_add(request: ApiRequest, code: str, post_id: int, payload: CandidateIn):
    """Refused (422, naming the rule): a fifth candidate, a fourth post for the person, a
    person over the age for planning or under discipline."""
    term, post = _term_post(request.auth, code, post_id)
    person = _person(request.auth, payload.person_code)
    pool_candidate_add(actor=request.auth, post=post, person=person)
    return Status(201, _term_out(term, _term_on(term)))


@router.post("/pool-terms/{code}/posts/{post_id}/approve", response={200: TermOut, **WRITE_ERRORS})
def terms_post_approve(request: ApiRequest, code: str, post_id: int, payload: ApproveIn):
    """The post's candidates approved by decision; refused unless it has 2–4 of them."""
    term, post = _term_post(request.auth, code, post_id)
    pool_post_approve(
        actor=request.auth,
        post=post,
        decision_no=payload.decision_no,
        decided_on=payload.decided_on,
    )
    return _term_out(term, _term_on(term))


@router.post(
    "/pool-terms/{code}/candidates/{candidate_id}/remove", response={200: TermOut, **WRITE_ERRORS}
)
def terms_candidate_remove(request: ApiRequest, code: str, candidate_id: int, payload: RemoveIn):
    term = selectors.term_get(actor=request.auth, code=code)
    candidate = selectors.term_candidates(term=term).filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound(f"no candidate {candidate_id} in planning term '{code}'")
    pool_candidate_remove(
        actor=request.auth,
        candidate=candidate,
        on=payload.removed_on,
        reason=str(payload.reason.value),
        note=payload.note,
    )
    return _term_out(term, _term_on(term))


# --- the career timeline -----------------------------------------------------------------------


class EventOut(Schema):
    on: dt.date
    kind: str
    title: str
    detail: str


@router.get("/people/{person_code}/timeline", response={200: list[EventOut], **READ_ERRORS})
def person_timeline(request: ApiRequest, person_code: str):
    """Posts, rotations, ratings, training, commendations, discipline and planning, newest
    first."""
    person = _person(request.auth, person_code)
    viewed(actor=request.auth, person=person, via="api")
    return [e.__dict__ for e in selectors.person_timeline(person=person)]
