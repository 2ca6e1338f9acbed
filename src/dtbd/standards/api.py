"""/api/v1/standards: the dated standards, gap analysis and the needs survey.

Standards are readable by everyone signed in and written by the province's roles; gaps,
needs and a person's gaps are limited to the caller's units like the registry.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from ninja import Query, Router, Schema, Status

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, READ_ERRORS, WRITE_ERRORS, ApiRequest
from dtbd.core.codes import ProgramCategory
from dtbd.core.dates import END, open_end, today
from dtbd.core.errors import NotFound, PermissionDenied
from dtbd.people.models import Person
from dtbd.people.selectors import person_get

from . import gaps, selectors, services
from .models import Equivalence, Priority, Standard, TargetKind

router = Router(tags=["standards"])


# --- representations ---------------------------------------------------------------------


class RequirementOut(Schema):
    dimension: str
    min_level: str
    program_category: str


class VersionOut(Schema):
    valid_from: dt.date | None
    valid_to: dt.date | None
    document: str
    requirements: list[RequirementOut]


class StandardOut(Schema):
    id: int
    kind: str
    code: str
    unit_level: str
    name: str
    version: int
    versions: list[VersionOut]


class StandardIn(Schema):
    kind: TargetKind
    code: str
    unit_level: str = ""
    name: str


class VersionIn(Schema):
    valid_from: dt.date
    valid_to: dt.date | None = None
    document: str
    requirements: dict[str, str]
    note: str = ""
    version: int | None = None


class EquivalenceIo(Schema):
    dimension: str
    level: str
    satisfies_dimension: str
    satisfies_level: str
    document: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def standard_out(standard: Standard) -> dict[str, Any]:
    from .rules import closing_category

    return {
        "id": standard.pk,
        "kind": standard.kind,
        "code": standard.code,
        "unit_level": standard.unit_level,
        "name": standard.name,
        "version": standard.version,
        "versions": [
            {
                "valid_from": open_end(v.valid_from),
                "valid_to": open_end(v.valid_to),
                "document": v.document,
                "requirements": [
                    {
                        "dimension": r.dimension,
                        "min_level": r.min_level,
                        "program_category": closing_category(r.dimension, r.min_level),
                    }
                    for r in v.requirements.all()
                ],
            }
            for v in standard.versions.all()
        ],
    }


def _must_edit(actor: Any) -> None:
    if not selectors.may_edit_standards(actor):
        raise PermissionDenied("standards are edited by the province's administrators and managers")


# --- standards -----------------------------------------------------------------------------


@router.get("", response={200: list[StandardOut], **READ_ERRORS}, summary="List standards")
def standards_index(request: ApiRequest):
    """Every standard with all its versions (old ones kept) and their requirements."""
    return [standard_out(s) for s in selectors.standards_list()]


@router.post("", response={201: StandardOut, **WRITE_ERRORS}, summary="Create a standard")
def standards_create(request: ApiRequest, payload: StandardIn):
    """A standard for a rank (`code` = rank code), a job position, or a leadership post
    (`code` head or deputy, with `unit_level`). Its rules are added as versions."""
    _must_edit(request.auth)
    standard = services.standard_create(
        actor=request.auth, kind=payload.kind.value, code=payload.code,
        unit_level=payload.unit_level, name=payload.name,
    )  # fmt: skip
    return Status(201, standard_out(standard))


@router.get(
    "/{int:standard_id}", response={200: StandardOut, **READ_ERRORS}, summary="Read a standard"
)
def standards_read(request: ApiRequest, standard_id: int):
    return standard_out(selectors.standard_get(standard_id))


@router.post(
    "/{int:standard_id}/versions",
    response={201: StandardOut, **WRITE_ERRORS},
    summary="Change a standard's rule from a date",
)
def standards_version_add(request: ApiRequest, standard_id: int, payload: VersionIn):
    """A new version from `valid_from`: the open version before it ends the day before; an
    overlap with any other version is refused (422). `version` (optional) is the standard's
    version the change is based on; an outdated one answers 409."""
    _must_edit(request.auth)
    standard = selectors.standard_get(standard_id)
    services.standard_version_add(
        actor=request.auth, standard=standard, valid_from=payload.valid_from,
        valid_to=payload.valid_to or END, document=payload.document,
        requirements=payload.requirements, note=payload.note, expected_version=payload.version,
    )  # fmt: skip
    return Status(201, standard_out(selectors.standard_get(standard_id)))


@router.get(
    "/equivalences",
    response={200: list[EquivalenceIo], **READ_ERRORS},
    summary="List equivalences",
)
def equivalences_index(request: ApiRequest):
    return [
        {**{f: getattr(e, f) for f in ("dimension", "level", "satisfies_dimension",
                                       "satisfies_level", "document")},
         "valid_from": open_end(e.valid_from), "valid_to": open_end(e.valid_to)}
        for e in Equivalence.objects.all()
    ]  # fmt: skip


@router.post(
    "/equivalences",
    response={201: EquivalenceIo, **WRITE_ERRORS},
    summary="Add an equivalence",
)
def equivalences_create(request: ApiRequest, payload: EquivalenceIo):
    """Holding `level` on `dimension` counts as `satisfies_level` on `satisfies_dimension`.
    A cycle of equivalences is refused (422) with the cycle named."""
    from dtbd.core.dates import BEGINNING

    _must_edit(request.auth)
    services.equivalence_add(
        actor=request.auth, dimension=payload.dimension, level=payload.level,
        satisfies_dimension=payload.satisfies_dimension, satisfies_level=payload.satisfies_level,
        document=payload.document, valid_from=payload.valid_from or BEGINNING,
        valid_to=payload.valid_to or END,
    )  # fmt: skip
    return Status(201, payload.dict())


# --- gaps ----------------------------------------------------------------------------------


class RequirementCountOut(Schema):
    requirement: int
    standard: str
    kind: str
    code: str
    unit_level: str
    dimension: str
    min_level: str
    program_category: str
    document: str
    applies: int
    unmet: int


class UnitCountOut(Schema):
    unit_code: str
    name: str
    people: int
    standardised: int
    percent: float | None


class GapSummaryOut(Schema):
    as_of: dt.date
    unit_code: str | None
    people: int
    with_standards: int
    standardised: int
    percent: float | None
    requirements: list[RequirementCountOut]
    by_category: dict[str, int]
    units: list[UnitCountOut]


def _unit_id(actor: Any, code: str | None, on: dt.date) -> int | None:
    return selectors.unit_visible(actor=actor, code=code, on=on).pk if code else None


@router.get("/gaps", response={200: GapSummaryOut, **READ_ERRORS}, summary="Gap summary")
def gaps_summary(
    request: ApiRequest,
    unit: str | None = Query(None, description="a unit code: its subtree (default: all yours)"),
    as_of: dt.date | None = None,
):
    """Counts under the rules of `as_of` (default today): per requirement, the people it
    applies to and those who do not meet it; people meeting all their standards; people with a
    gap per closing programme category; and the same per unit directly below `unit`."""
    from dtbd.organisation.models import Unit

    on = as_of or today()
    unit_id = _unit_id(request.auth, unit, on)
    s = gaps.summary(scope=policy_for(request.auth), on=on, unit_id=unit_id, children=True)
    codes = dict(Unit.objects.filter(pk__in=[c.unit_id for c in s.children])
                 .values_list("pk", "code"))  # fmt: skip
    return {
        "as_of": on, "unit_code": unit, "people": s.people, "with_standards": s.with_standards,
        "standardised": s.standardised, "percent": s.percent,
        "requirements": [
            {"requirement": c.rule.id, "standard": c.rule.standard_name, "kind": c.rule.kind,
             "code": c.rule.code, "unit_level": c.rule.unit_level,
             "dimension": c.rule.dimension, "min_level": c.rule.min_level,
             "program_category": c.rule.category, "document": c.rule.document,
             "applies": c.applies, "unmet": c.unmet}
            for c in s.requirements
        ],
        "by_category": s.by_category,
        "units": [
            {"unit_code": codes[c.unit_id], "name": c.name, "people": c.people,
             "standardised": c.standardised, "percent": gaps.percent(c.standardised, c.people)}
            for c in s.children
        ],
    }  # fmt: skip


class GapPersonOut(Schema):
    person_code: str
    full_name: str
    unit_code: str
    gaps: list[RequirementOut]


class GapPeoplePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[GapPersonOut]


@router.get("/gaps/people", response={200: GapPeoplePage, **READ_ERRORS}, summary="People behind")
def gaps_people(
    request: ApiRequest,
    unit: str | None = None,
    as_of: dt.date | None = None,
    requirement: int | None = Query(None, description="only this requirement (its id)"),
    program_category: ProgramCategory | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """The drill-down: people who do not meet a requirement, in Vietnamese name order."""
    on = as_of or today()
    rows = drill_down(
        actor=request.auth, on=on, unit_id=_unit_id(request.auth, unit, on),
        rule_id=requirement, category=program_category.value if program_category else "",
    )  # fmt: skip
    start = (page - 1) * page_size
    return {"count": len(rows), "page": page, "page_size": page_size,
            "results": rows[start:start + page_size]}  # fmt: skip


def drill_down(
    *, actor: Any, on: dt.date, unit_id: int | None, rule_id: int | None = None,
    category: str = "",
) -> list[dict[str, Any]]:  # fmt: skip
    """People behind, each with their unmet requirements (shared by the page and the API)."""
    from dtbd.organisation.models import Unit

    found, rows = gaps.unmet_rows(
        scope=policy_for(actor), on=on, unit_id=unit_id, rule_id=rule_id, category=category
    )
    rules_by_id = {r.id: r for r in found}
    by_person = gaps.group_unmet(rows)
    unit_of = {p: u for p, u, _ in rows}
    people = selectors.people_in_name_order(by_person)
    codes = dict(Unit.objects.filter(pk__in=set(unit_of.values())).values_list("pk", "code"))
    return [
        {
            "person_code": p.code,
            "full_name": p.full_name,
            "unit_code": codes[unit_of[p.pk]],
            "gaps": [
                {
                    "dimension": rules_by_id[r].dimension,
                    "min_level": rules_by_id[r].min_level,
                    "program_category": rules_by_id[r].category,
                }
                for r in by_person[p.pk]
            ],
        }
        for p in people
    ]


class PersonGapOut(Schema):
    standard: str
    dimension: str
    min_level: str
    held: str
    program_category: str
    document: str
    post: str


class PersonGapsOut(Schema):
    person_code: str
    as_of: dt.date
    in_post: bool
    standardised: bool
    gaps: list[PersonGapOut]
    planned: list[PersonGapOut]


def _gap_out(g: gaps.Gap) -> dict[str, Any]:
    return {"standard": g.rule.standard_name, "dimension": g.rule.dimension,
            "min_level": g.rule.min_level, "held": g.held, "program_category": g.category,
            "document": g.rule.document, "post": g.post}  # fmt: skip


@router.get(
    "/people/{person_code}",
    response={200: PersonGapsOut, **READ_ERRORS},
    summary="What a person's post still requires",
)
def person_gaps(request: ApiRequest, person_code: str, as_of: dt.date | None = None):
    person = person_get(actor=request.auth, code=person_code)
    on = as_of or today()
    result = gaps.person_gaps(person=person, on=on)
    return {
        "person_code": person.code, "as_of": on, "in_post": result.in_post,
        "standardised": result.standardised,
        "gaps": [_gap_out(g) for g in result.current],
        "planned": [_gap_out(g) for _, found in result.planned for g in found],
    }  # fmt: skip


# --- the needs survey ------------------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    year: int
    title: str
    unit_code: str
    opens_on: dt.date
    closes_on: dt.date
    status: str


class NeedIn(Schema):
    unit_code: str
    program_category: ProgramCategory
    people_count: int | None = None
    person_codes: list[str] = []
    priority: int = Priority.MEDIUM
    reason: str = ""


class NeedOut(Schema):
    unit_code: str
    program_category: str
    people_count: int
    person_codes: list[str]
    priority: int
    reason: str


class LineOut(Schema):
    program_category: str
    registered: int
    interests: int
    gap: int | None
    difference: int | None
    verdict: str


def _survey_out(c: Any) -> dict[str, Any]:
    return {"id": c.pk, "year": c.year, "title": c.title, "unit_code": c.unit.code,
            "opens_on": c.opens_on, "closes_on": c.closes_on, "status": c.status}  # fmt: skip


def _need_out(n: Any) -> dict[str, Any]:
    return {"unit_code": n.unit.code, "program_category": n.program_category,
            "people_count": n.people_count, "person_codes": [p.code for p in n.people.all()],
            "priority": n.priority, "reason": n.reason}  # fmt: skip


@router.get("/surveys", response={200: list[SurveyOut], **READ_ERRORS}, summary="Needs surveys")
def surveys_index(request: ApiRequest):
    return [_survey_out(c) for c in selectors.campaigns_visible(actor=request.auth)]


@router.get(
    "/surveys/{int:survey_id}/needs",
    response={200: list[NeedOut], **READ_ERRORS},
    summary="Registered needs",
)
def survey_needs(request: ApiRequest, survey_id: int, unit: str | None = None):
    campaign = selectors.campaign_get(actor=request.auth, pk=survey_id)
    unit_obj = selectors.unit_visible(actor=request.auth, code=unit) if unit else None
    needs = selectors.needs_visible(actor=request.auth, campaign=campaign, unit=unit_obj)
    return [_need_out(n) for n in needs]


@router.post(
    "/surveys/{int:survey_id}/needs",
    response={201: NeedOut, **WRITE_ERRORS},
    summary="Register a unit's need",
)
def survey_need_register(request: ApiRequest, survey_id: int, payload: NeedIn):
    """A unit's need for one programme category: a number of people or named people (the
    number is at least as many as named); registering the category again replaces it."""
    actor = request.auth
    campaign = selectors.campaign_get(actor=actor, pk=survey_id)
    unit = selectors.unit_visible(actor=actor, code=payload.unit_code)
    if not policy_for(actor).covers(WRITE, unit.pk, today()):
        raise PermissionDenied(f"you may not register needs for unit '{unit.code}'")
    people = []
    for code in payload.person_codes:
        person = Person.objects.filter(code=code).first()
        if person is None or not policy_for(actor).can(WRITE, person):
            raise NotFound(f"person '{code}' not found", field="person_codes")
        people.append(person)
    with transaction.atomic():
        need = services.need_register(
            actor=actor, campaign=campaign, unit=unit,
            program_category=payload.program_category.value, people_count=payload.people_count,
            people=people, priority=payload.priority, reason=payload.reason,
        )  # fmt: skip
    return Status(201, _need_out(need))


@router.get(
    "/surveys/{int:survey_id}/consolidation",
    response={200: list[LineOut], **READ_ERRORS},
    summary="Registered needs beside computed gaps",
)
def survey_consolidation(
    request: ApiRequest, survey_id: int, unit: str | None = None, as_of: dt.date | None = None
):
    """Per programme category in the subtree of `unit` (default the survey's unit): people
    registered by units, individual interests, and people whose standards call for it."""
    actor = request.auth
    campaign = selectors.campaign_get(actor=actor, pk=survey_id)
    on = as_of or min(today(), campaign.closes_on)
    unit_obj = selectors.unit_visible(actor=actor, code=unit, on=on) if unit else campaign.unit
    if not unit and not policy_for(actor).can("read", unit_obj, on=on):
        unit_obj = selectors.default_unit(actor=actor, on=on)
        if unit_obj is None:
            raise NotFound("no unit of yours takes part in this survey")
    lines = selectors.consolidation(actor=actor, campaign=campaign, unit=unit_obj, on=on)
    return [
        {"program_category": ln.category, "registered": ln.registered,
         "interests": ln.interests, "gap": ln.gap, "difference": ln.difference,
         "verdict": ln.verdict}
        for ln in lines
    ]  # fmt: skip


class SurveyIn(Schema):
    unit_code: str
    year: int
    title: str = ""
    opens_on: dt.date
    closes_on: dt.date


@router.post("/surveys", response={201: SurveyOut, **WRITE_ERRORS}, summary="Open a needs survey")
def surveys_open(request: ApiRequest, payload: SurveyIn):
    """The province opens the year's survey over a unit it manages (one per unit and year)."""
    from .editing import may_run_survey

    actor = request.auth
    _must_edit(actor)
    unit = selectors.unit_visible(actor=actor, code=payload.unit_code)
    if not may_run_survey(actor, unit):
        raise PermissionDenied(f"you may not open a survey over unit '{unit.code}'")
    campaign = services.campaign_open(
        actor=actor, unit=unit, year=payload.year, title=payload.title,
        opens_on=payload.opens_on, closes_on=payload.closes_on,
    )  # fmt: skip
    return Status(201, _survey_out(campaign))


@router.post(
    "/surveys/{int:survey_id}/close",
    response={200: SurveyOut, **WRITE_ERRORS},
    summary="Close a needs survey",
)
def surveys_close(request: ApiRequest, survey_id: int):
    """No need or wish is registered after this; closing a closed survey answers 409."""
    from dtbd.core.errors import Conflict

    from .editing import may_run_survey

    actor = request.auth
    campaign = selectors.campaign_get(actor=actor, pk=survey_id)
    if not may_run_survey(actor, campaign.unit):
        raise PermissionDenied("surveys are closed by the province's administrators and managers")
    if campaign.status != campaign.Status.OPEN:
        raise Conflict(f"the survey '{campaign.title}' is already closed")
    return _survey_out(services.campaign_close(actor=actor, campaign=campaign))


class InterestIn(Schema):
    person_code: str | None = None
    program_category: ProgramCategory
    reason: str = ""


class InterestOut(Schema):
    person_code: str
    full_name: str
    program_category: str
    reason: str


@router.get(
    "/surveys/{int:survey_id}/interests",
    response={200: list[InterestOut], **READ_ERRORS},
    summary="Individuals' wishes",
)
def survey_interests(request: ApiRequest, survey_id: int):
    """The wishes of the people the caller may read (one's own for a `self` role)."""
    from dtbd.people.selectors import people_visible

    from .models import Interest

    actor = request.auth
    campaign = selectors.campaign_get(actor=actor, pk=survey_id)
    rows = (
        Interest.objects.filter(campaign=campaign, person__in=people_visible(actor=actor))
        .select_related("person")
        .order_by("person__sort_key", "person__code", "program_category")
    )
    return [{"person_code": i.person.code, "full_name": i.person.full_name,
             "program_category": i.program_category, "reason": i.reason} for i in rows]  # fmt: skip


@router.post(
    "/surveys/{int:survey_id}/interests",
    response={201: InterestOut, **WRITE_ERRORS},
    summary="Register a wish",
)
def survey_interest_register(request: ApiRequest, survey_id: int, payload: InterestIn):
    """One's own wish (no `person_code`, for a `self` role), or the wish of a person the
    caller may edit; registering the same category again replaces its reason."""
    actor = request.auth
    campaign = selectors.campaign_get(actor=actor, pk=survey_id)
    scope = policy_for(actor)
    own = scope.own_person_ids()
    if payload.person_code:
        person = person_get(actor=actor, code=payload.person_code)
        if person.pk not in own and not scope.can(WRITE, person):
            raise PermissionDenied(f"you may not register wishes for '{person.code}'")
    elif own:
        person = Person.objects.get(pk=own[0])
    else:
        from dtbd.core.errors import ValidationFailed

        raise ValidationFailed("name the person (person_code)", field="person_code")
    row = services.interest_register(
        actor=actor, campaign=campaign, person=person,
        program_category=payload.program_category.value, reason=payload.reason,
    )  # fmt: skip
    return Status(201, {"person_code": person.code, "full_name": person.full_name,
                        "program_category": row.program_category, "reason": row.reason})  # fmt: skip


class HoursPersonOut(Schema):
    person_code: str
    full_name: str
    unit_code: str
    done: float
    required: int
    missing: float


class HoursUnitOut(Schema):
    unit_code: str
    name: str
    people: int
    behind: int


class HoursOut(Schema):
    year: int
    as_of: dt.date
    unit_code: str | None
    required: int | None
    document: str | None
    people: int
    behind: int
    units: list[HoursUnitOut]
    count: int
    page: int
    page_size: int
    results: list[HoursPersonOut]


@router.get("/hours", response={200: HoursOut, **READ_ERRORS}, summary="Behind on training hours")
def hours_behind(
    request: ApiRequest,
    unit: str | None = Query(None, description="a unit code: its subtree (default: all yours)"),
    year: int | None = Query(None, ge=1900, le=2200, description="default: this year"),
    as_of: dt.date | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """People who completed fewer training periods in `year` than that year's rule requires,
    with the counts per unit directly below `unit` (the drill-down)."""
    actor = request.auth
    on = as_of or today()
    unit_obj = selectors.unit_visible(actor=actor, code=unit, on=on) if unit else None
    if unit_obj is None and not policy_for(actor).everything:
        unit_obj = selectors.default_unit(actor=actor, on=on)
        if unit_obj is None:
            raise NotFound("no unit of yours")
    report = selectors.hours_report(actor=actor, year=year or on.year, on=on, unit=unit_obj)
    start = (page - 1) * page_size
    return {
        "year": report.year, "as_of": on, "unit_code": unit_obj.code if unit_obj else None,
        "required": report.rule.periods if report.rule else None,
        "document": report.rule.document if report.rule else None,
        "people": report.people, "behind": len(report.behind),
        "units": [c.__dict__ for c in report.children],
        "count": len(report.behind), "page": page, "page_size": page_size,
        "results": report.behind[start:start + page_size],
    }  # fmt: skip


class HoursRuleIo(Schema):
    periods: int
    valid_from: dt.date
    valid_to: dt.date | None = None
    document: str


@router.get("/hours-rules", response={200: list[HoursRuleIo], **READ_ERRORS},
            summary="Annual training hours rules")  # fmt: skip
def hours_rules_index(request: ApiRequest):
    from .models import HoursRule

    return [{"periods": r.periods, "valid_from": r.valid_from, "valid_to": open_end(r.valid_to),
             "document": r.document} for r in HoursRule.objects.all()]  # fmt: skip


@router.post("/hours-rules", response={201: HoursRuleIo, **WRITE_ERRORS},
             summary="Change the annual training hours from a date")  # fmt: skip
def hours_rules_set(request: ApiRequest, payload: HoursRuleIo):
    """The rule before `valid_from` ends the day before; a later rule is refused (422)."""
    _must_edit(request.auth)
    rule = services.hours_rule_set(actor=request.auth, periods=payload.periods,
                                   valid_from=payload.valid_from, document=payload.document)  # fmt: skip
    return Status(201, {"periods": rule.periods, "valid_from": rule.valid_from,
                        "valid_to": open_end(rule.valid_to), "document": rule.document})  # fmt: skip


class EvidenceIn(Schema):
    framework: str
    competency: str
    rank: int
    source: str
    observed_on: dt.date
    note: str = ""


class EvidenceOut(Schema):
    framework: str
    edition: int
    competency: str
    competency_name: str
    rank: int
    source: str
    observed_on: dt.date
    note: str
    recorded_by: str
    recorded_at: dt.datetime


def _evidence_out(e: Any) -> dict[str, Any]:
    c = e.competency
    return {"framework": c.version.framework.code, "edition": c.version.number,
            "competency": c.code, "competency_name": c.name, "rank": e.rank,
            "source": e.source, "observed_on": e.observed_on, "note": e.note,
            "recorded_by": e.recorded_by_label, "recorded_at": e.recorded_at}  # fmt: skip


@router.get(
    "/people/{person_code}/evidence",
    response={200: list[EvidenceOut], **READ_ERRORS},
    summary="Evidence of a person's competencies",
)
def evidence_index(request: ApiRequest, person_code: str):
    """Every observation, newest first; nothing is ever edited or removed."""
    person = person_get(actor=request.auth, code=person_code)
    return [_evidence_out(e) for e in selectors.evidence_of(person=person)]


@router.post(
    "/people/{person_code}/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    summary="Record evidence of a competency",
)
def evidence_create(request: ApiRequest, person_code: str, payload: EvidenceIn):
    """`source` `self` is the person's own assessment (their `self` grant); `manager` and
    `course` need write rights on the person. The competency is looked up in the framework's
    edition in force on `observed_on`; `rank` must lie on that edition's scale."""
    actor = request.auth
    person = person_get(actor=actor, code=person_code)
    allowed = selectors.evidence_sources(actor=actor, person=person)
    if not allowed:
        raise PermissionDenied(f"you may not record evidence for '{person.code}'")
    if payload.source not in allowed:
        from dtbd.core.errors import ValidationFailed

        raise ValidationFailed(
            f"source '{payload.source}' is not one you may record ({', '.join(allowed)})",
            field="source",
        )
    competency = selectors.competency_find(
        framework_code=payload.framework, code=payload.competency, on=payload.observed_on
    )
    row = services.evidence_add(
        actor=actor, person=person, competency=competency, rank=payload.rank,
        source=payload.source, observed_on=payload.observed_on, note=payload.note,
    )  # fmt: skip
    return Status(201, _evidence_out(selectors.evidence_of(person=person).get(pk=row.pk)))


# --- competency frameworks -----------------------------------------------------------------


class CompetencyOut(Schema):
    code: str
    name: str
    required: dict[str, int]  # job position code -> required level


class EditionOut(Schema):
    number: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    document: str
    levels: list[str]  # lowest first: level 1 is the first
    competencies: list[CompetencyOut]


class FrameworkOut(Schema):
    code: str
    name: str
    editions: list[EditionOut]


class FrameworkIn(Schema):
    code: str
    name: str


class CompetencyIn(Schema):
    code: str
    name: str


class EditionIn(Schema):
    valid_from: dt.date
    document: str = ""
    levels: list[str]
    competencies: list[CompetencyIn]


class RequiredLevelIn(Schema):
    competency: str
    position_code: str
    required_rank: int


def _framework_out(f: Any) -> dict[str, Any]:
    return {"code": f.code, "name": f.name, "editions": [
        {"number": v.number, "valid_from": open_end(v.valid_from),
         "valid_to": open_end(v.valid_to), "document": v.document,
         "levels": [lv.name for lv in v.levels.all()],
         "competencies": [
             {"code": c.code, "name": c.name,
              "required": {p.position_code: p.required_rank for p in c.position_levels.all()}}
             for c in v.competencies.all()]}
        for v in f.versions.all()]}  # fmt: skip


def _framework(code: str) -> Any:
    found = next((f for f in selectors.frameworks_list() if f.code == code), None)
    if found is None:
        raise NotFound(f"competency framework '{code}' not found")
    return found


@router.get("/frameworks", response={200: list[FrameworkOut], **READ_ERRORS},
            summary="Competency frameworks")  # fmt: skip
def frameworks_index(request: ApiRequest):
    """Every framework with all its editions, scales, competencies and required levels."""
    return [_framework_out(f) for f in selectors.frameworks_list()]


@router.post("/frameworks", response={201: FrameworkOut, **WRITE_ERRORS},
             summary="Create a competency framework")  # fmt: skip
def frameworks_create(request: ApiRequest, payload: FrameworkIn):
    _must_edit(request.auth)
    framework = services.framework_create(actor=request.auth, code=payload.code, name=payload.name)
    return Status(201, _framework_out(_framework(framework.code)))


@router.post("/frameworks/{code}/editions", response={201: FrameworkOut, **WRITE_ERRORS},
             summary="Add an edition")  # fmt: skip
def frameworks_edition_add(request: ApiRequest, code: str, payload: EditionIn):
    """A new edition with its own scale and competencies; the previous one ends the day
    before `valid_from`, its evidence untouched."""
    _must_edit(request.auth)
    framework = _framework(code)
    services.framework_version_add(
        actor=request.auth, framework=framework, valid_from=payload.valid_from,
        document=payload.document, levels=payload.levels,
        competencies=[(c.code, c.name) for c in payload.competencies],
    )  # fmt: skip
    return Status(201, _framework_out(_framework(code)))


@router.post("/frameworks/{code}/required-levels", response={201: FrameworkOut, **WRITE_ERRORS},
             summary="Set a job position's required level")  # fmt: skip
def frameworks_required_level(request: ApiRequest, code: str, payload: RequiredLevelIn):
    """On a competency of the latest edition; the level must lie on its scale."""
    from dtbd.core.errors import ValidationFailed

    _must_edit(request.auth)
    latest = _framework(code).versions.order_by("-number").first()
    competency = latest.competencies.filter(code=payload.competency).first() if latest else None
    if competency is None:
        raise ValidationFailed(f"the latest edition of '{code}' has no competency "
                               f"'{payload.competency}'", field="competency")  # fmt: skip
    services.position_competency_set(
        actor=request.auth, competency=competency, position_code=payload.position_code,
        required_rank=payload.required_rank,
    )  # fmt: skip
    return Status(201, _framework_out(_framework(code)))
