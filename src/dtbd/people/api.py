"""/api/v1/people: list, read, create and edit personnel records within the caller's units.

Writes go through people.services (which audit); reading one record is itself audited,
because it shows personal data.
"""

import datetime as dt
from enum import Enum
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Header, Query, Router, Schema, Status

from dtbd.accounts.policy import WRITE, may_write_anything, may_write_unit, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    paginate,
)
from dtbd.core.codes import (
    SCALES,
    Category,
    DefenseSecurity,
    Dimension,
    ForeignLanguage,
    Gender,
    InformationTechnology,
    Leadership,
    Level,
    PoliticalTheory,
    Professional,
    StateManagement,
)
from dtbd.core.dates import open_end, today
from dtbd.core.errors import NotFound, PermissionDenied, ValidationFailed
from dtbd.organisation.api import unit_by_code
from dtbd.organisation.models import UnitVersion

from . import rules
from .models import Person, Post
from .selectors import (
    PeopleFilter,
    people_list,
    person_current,
    person_get,
    person_posts,
    person_qualifications,
)
from .services import person_create, person_edit

router = Router(tags=["people"])

PERSON_FIELDS = ("full_name", "birth_date", "gender", "ethnicity", "party_member", "national_id")
POST_FIELDS = ("unit_code", "category", "leadership", "rank_code", "position_code")
DIMENSIONS = tuple(Dimension.values)
# Fields a PATCH may not set to null: a person always has these.
NOT_NULL = ("full_name", "birth_date", "gender", "unit_code", "category", "leadership")


# --- representations ---------------------------------------------------------------------


class PostOut(Schema):
    unit_code: str
    unit_name: str
    category: str
    leadership: str
    rank_code: str
    position_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class QualificationOut(Schema):
    dimension: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    certificate_no: str
    institution: str


class HeldOut(Schema):
    """The level held on every qualification dimension on `as_of` ("none" if nothing)."""

    professional: str
    political_theory: str
    state_management: str
    defense_security: str
    foreign_language: str
    it: str


class PersonOut(Schema):
    person_code: str
    full_name: str
    birth_date: dt.date
    gender: str
    ethnicity: str
    party_member: bool | None
    national_id: str | None
    version: int
    as_of: dt.date
    post: PostOut | None
    held: HeldOut
    posts: list[PostOut]
    qualifications: list[QualificationOut]


class PersonListItem(Schema):
    person_code: str
    full_name: str
    birth_date: dt.date
    gender: str
    unit_code: str
    unit_name: str | None
    category: str
    leadership: str
    rank_code: str
    position_code: str
    version: int


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PersonListItem]


# --- input ---------------------------------------------------------------------------------


class PersonIn(Schema):
    """The people file's columns; the person holds the post and levels from `as_of` on."""

    person_code: str
    full_name: str
    birth_date: dt.date
    gender: Gender
    unit_code: str
    category: Category
    leadership: Leadership = Leadership.NONE
    rank_code: str = ""
    position_code: str = ""
    ethnicity: str = ""
    party_member: bool | None = None
    national_id: str | None = None
    professional: Professional | None = None
    political_theory: PoliticalTheory | None = None
    state_management: StateManagement | None = None
    defense_security: DefenseSecurity | None = None
    foreign_language: ForeignLanguage | None = None
    it: InformationTechnology | None = None
    as_of: dt.date | None = None


class PersonPatch(Schema):
    """Only the fields sent change. Post fields and levels change from `as_of` (default today)
    on; earlier history stays. `version` (or the If-Match header) is the version the edit is
    based on: if the record changed since, nothing is written and the answer is 409."""

    full_name: str | None = None
    birth_date: dt.date | None = None
    gender: Gender | None = None
    ethnicity: str | None = None
    party_member: bool | None = None
    national_id: str | None = None
    unit_code: str | None = None
    category: Category | None = None
    leadership: Leadership | None = None
    rank_code: str | None = None
    position_code: str | None = None
    professional: Professional | None = None
    political_theory: PoliticalTheory | None = None
    state_management: StateManagement | None = None
    defense_security: DefenseSecurity | None = None
    foreign_language: ForeignLanguage | None = None
    it: InformationTechnology | None = None
    as_of: dt.date | None = None
    version: int | None = None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- building the representation -----------------------------------------------------------


def _unit_name(unit_id: int, on: dt.date) -> str | None:
    version = UnitVersion.objects.filter(
        unit_id=unit_id, valid_from__lte=on, valid_to__gte=on
    ).first()
    return version.name if version else None


def _post_out(post: Post, unit_name: str | None) -> dict[str, Any]:
    return {
        "unit_code": post.unit.code,
        "unit_name": unit_name or post.unit.code,
        "category": post.category,
        "leadership": post.leadership,
        "rank_code": post.rank_code,
        "position_code": post.position_code,
        "valid_from": open_end(post.valid_from),
        "valid_to": open_end(post.valid_to),
    }


def person_out(person: Person, on: dt.date) -> dict[str, Any]:
    posts = person_posts(person=person)
    current = next((p for p in posts if p.valid_from <= on <= p.valid_to), None)
    return {
        "person_code": person.code,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "party_member": person.party_member,
        "national_id": person.national_id,
        "version": person.version,
        "as_of": on,
        "post": _post_out(current, _unit_name(current.unit_id, on)) if current else None,
        "held": person_current(person=person, on=on),
        "posts": [_post_out(p, getattr(p, "unit_name", None)) for p in posts],
        "qualifications": [
            {
                "dimension": q.dimension,
                "level": q.level,
                "valid_from": open_end(q.valid_from),
                "valid_to": open_end(q.valid_to),
                "source": q.source,
                "certificate_no": q.certificate_no,
                "institution": q.institution,
            }
            for q in person_qualifications(person=person)
        ],
    }


# --- endpoints -----------------------------------------------------------------------------


@router.get("", response={200: PersonPage, **READ_ERRORS}, summary="List people")
def people_index(
    request: ApiRequest,
    as_of: dt.date | None = None,
    q: str = Query("", description="name without diacritics needed, or the person code"),
    unit: str | None = Query(None, description="a unit code: people in its subtree"),
    level: Level | None = None,
    category: Category | None = None,
    leadership: Leadership | None = None,
    dimension: Dimension | None = None,
    at_least: str | None = Query(None, description="with `dimension`: this level or higher"),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """People in post on `as_of` (default today) in the caller's units, by given name."""
    on = as_of or today()
    if at_least and not dimension:
        raise ValidationFailed("at_least needs a dimension", field="dimension")
    if dimension and at_least:
        rules.choice("at_least", at_least, SCALES[dimension].values)
    unit_id = unit_by_code(actor=request.auth, code=unit, field="unit").pk if unit else None
    filters = PeopleFilter(
        on=on,
        q=q,
        unit_id=unit_id,
        level=level or "",
        category=category or "",
        leadership=leadership or "",
        dimension=(dimension or "") if at_least else "",
        at_least=at_least or "",
    )
    posts = people_list(actor=request.auth, filters=filters).select_related("unit")
    result = paginate(posts, page=page, page_size=page_size)
    result["results"] = [
        {
            "person_code": post.person.code,
            "full_name": post.person.full_name,
            "birth_date": post.person.birth_date,
            "gender": post.person.gender,
            "unit_code": post.unit.code,
            "unit_name": getattr(post, "unit_name", None),
            "category": post.category,
            "leadership": post.leadership,
            "rank_code": post.rank_code,
            "position_code": post.position_code,
            "version": post.person.version,
        }
        for post in result["results"]
    ]
    return result


@router.get("/{person_code}", response={200: PersonOut, **READ_ERRORS}, summary="Read a person")
def people_read(
    request: ApiRequest, response: HttpResponse, person_code: str, as_of: dt.date | None = None
):
    """The record with what the person held on `as_of` (default today) and the history.

    The ETag header carries the version, ready to send back as If-Match with a PATCH.
    """
    person = _person(request.auth, person_code)
    on = as_of or today()
    with transaction.atomic():
        audit_record(
            actor=request.auth,
            event="person.viewed",
            subject_type="person",
            subject_key=person.code,
            data={"via": "api", "as_of": str(on)},
        )
    response["ETag"] = f'"{person.version}"'
    return person_out(person, on)


@router.post("", response={201: PersonOut, **WRITE_ERRORS}, summary="Create a person")
def people_create(request: ApiRequest, response: HttpResponse, payload: PersonIn):
    """A new person in post at `unit_code` from `as_of` (default today); needs write rights."""
    actor = request.auth
    if not may_write_anything(actor):
        raise PermissionDenied("your role may read but not change records")
    on = payload.as_of or today()
    unit = unit_by_code(actor=actor, code=payload.unit_code, field="unit_code")
    if not may_write_unit(actor, unit.pk, on):
        raise PermissionDenied(f"you may not change records of unit '{unit.code}'")
    data = {k: _plain(v) for k, v in payload.dict().items()}
    person = person_create(
        actor=actor,
        code=data["person_code"],
        on=on,
        post=rules.PostFacts(
            unit_id=unit.pk,
            category=data["category"],
            leadership=data["leadership"],
            rank_code=data["rank_code"].strip(),
            position_code=data["position_code"].strip(),
        ),
        qualifications={d: data[d] for d in DIMENSIONS if data[d] is not None},
        **{f: data[f] for f in PERSON_FIELDS},
    )
    response["ETag"] = f'"{person.version}"'
    return Status(201, person_out(person, on))


@router.patch(
    "/{person_code}", response={200: PersonOut, **WRITE_ERRORS}, summary="Change a person"
)
def people_update(
    request: ApiRequest,
    response: HttpResponse,
    person_code: str,
    payload: PersonPatch,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """Change only what is sent, in one transaction; a stale `version`/If-Match is 409."""
    actor = request.auth
    person = _person(actor, person_code)
    sent = {k: _plain(v) for k, v in payload.dict(exclude_unset=True).items()}
    on = sent.pop("as_of", None) or today()
    _check_may_write(actor, person, on)
    expected = _expected_version(if_match, sent.pop("version", None))
    for name in NOT_NULL:
        if name in sent and sent[name] is None:
            raise ValidationFailed(f"{name} cannot be empty", field=name)

    post = None
    if any(name in sent for name in POST_FIELDS):
        post = _post_after(actor, person, on, sent)
    person = person_edit(
        actor=actor,
        person=person,
        on=on,
        expected_version=expected,
        fields={f: _blank_to_default(f, sent[f]) for f in PERSON_FIELDS if f in sent},
        post=post,
        qualifications={d: sent[d] or "none" for d in DIMENSIONS if d in sent},
    )
    response["ETag"] = f'"{person.version}"'
    return person_out(person, on)


def _person(actor: Any, code: str) -> Person:
    try:
        return person_get(actor=actor, code=code)
    except NotFound:
        # One body for "missing" and "not yours", so neither can be told from the other.
        raise NotFound("no person with this code in your units") from None


def _blank_to_default(name: str, value: Any) -> Any:
    if name == "ethnicity":
        return value or ""
    return value


def _expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version the edit is based on: If-Match ("3", W/"3" or 3) wins over the body."""
    if if_match is None or if_match.strip() == "*":
        return body_version
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ValidationFailed(
            f"If-Match must be a version number, not '{if_match}'", field="If-Match"
        )
    return int(text)


def _check_may_write(actor: Any, person: Person, on: dt.date) -> None:
    """Write rights on the unit of the post held on `on` (else the latest post's unit)."""
    scope = policy_for(actor)
    if not scope.anywhere(WRITE):
        raise PermissionDenied("your role may read but not change records")
    if not scope.can(WRITE, person, on=on):
        raise PermissionDenied(f"you may not change the record of '{person.code}'")


def _post_after(actor: Any, person: Person, on: dt.date, sent: dict[str, Any]) -> rules.PostFacts:
    """The post from `on`: the one held then, with the sent fields changed."""
    held = person.posts.filter(valid_from__lte=on, valid_to__gte=on).first()
    if held is None and not {"unit_code", "category"} <= sent.keys():
        raise ValidationFailed(
            f"'{person.code}' holds no post on {on:%d/%m/%Y}: send unit_code and category",
            field="unit_code",
        )
    unit_id = held.unit_id if held else None
    if "unit_code" in sent:
        unit = unit_by_code(actor=actor, code=sent["unit_code"], field="unit_code")
        if not may_write_unit(actor, unit.pk, on):
            raise PermissionDenied(f"you may not change records of unit '{unit.code}'")
        unit_id = unit.pk
    assert unit_id is not None

    def value(name: str, current: str) -> str:
        return (sent[name] or "").strip() if name in sent else current

    return rules.PostFacts(
        unit_id=unit_id,
        category=sent.get("category") or (held.category if held else ""),
        leadership=sent.get("leadership") or (held.leadership if held else Leadership.NONE),
        rank_code=value("rank_code", held.rank_code if held else ""),
        position_code=value("position_code", held.position_code if held else ""),
    )
