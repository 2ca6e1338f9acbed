"""/api/v1/plans: training plans within the caller's units — list, read (any version),
create, change the draft (PATCH with `version` or If-Match; outdated → 409), the workflow
(submit, return, approve, revise), version comparison, roll-up and live fulfilment."""

import datetime as dt
from enum import Enum
from typing import Any

from django.http import HttpResponse
from ninja import Field, Header, Query, Router, Schema, Status

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    paginate,
)
from dtbd.core.codes import Level, Measure, ProgramCategory
from dtbd.core.dates import today
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.organisation.api import unit_by_code
from dtbd.organisation.selectors import subtree_ids

from .fulfilment import budget_fulfilment, version_fulfilment
from .models import FundingSource, Plan, PlanKind, PlanStatus, PlanVersion
from .rollup import plan_rollup, rollup_json
from .rules import BudgetLine, PlanFacts, TargetLine
from .selectors import (
    PlanFilter,
    plan_get,
    plan_versions,
    plans_list,
    version_get,
    version_in_force,
    versions_compare,
)
from .services import (
    plan_approve,
    plan_create,
    plan_edit,
    plan_return,
    plan_revise,
    plan_submit,
)

router = Router(tags=["plans"])


# --- representations ---------------------------------------------------------------------


class PlanTargetIO(Schema):
    program_category: ProgramCategory
    level: Level | None = None
    measure: Measure = Measure.PERSON_TIMES
    # Validated by the service, so a negative or fractional target gets its plain message.
    target: Any = Field(..., description="a positive whole number")
    classes_home: int = 0
    classes_abroad: int = 0
    budget_vnd: int | None = None
    note: str = ""


class PlanBudgetIO(Schema):
    source: FundingSource
    amount_vnd: Any = Field(..., description="VND, a whole number ≥ 0")
    note: str = ""


class PlanVersionSummary(Schema):
    number: int
    status: str
    decision_no: str
    decision_date: dt.date | None
    approved_by: str
    period_start: dt.date
    period_end: dt.date


class PlanOut(Schema):
    plan_code: str
    unit_code: str
    version: int = Field(..., description="the optimistic-lock version: send it with PATCH")
    version_number: int
    status: str
    kind: str
    title: str
    note: str
    period_start: dt.date
    period_end: dt.date
    decision_no: str
    decision_date: dt.date | None
    approved_by: str
    targets: list[PlanTargetIO]
    budgets: list[PlanBudgetIO]
    versions: list[PlanVersionSummary]


class PlanListItem(Schema):
    plan_code: str
    unit_code: str
    version: int
    version_number: int
    status: str
    kind: str
    title: str
    period_start: dt.date
    period_end: dt.date


class PlanPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PlanListItem]


class PlanIn(Schema):
    plan_code: str
    unit_code: str
    kind: PlanKind = PlanKind.YEAR
    period_start: dt.date
    period_end: dt.date
    title: str = ""
    note: str = ""
    targets: list[PlanTargetIO] = []
    budgets: list[PlanBudgetIO] = []


class PlanPatch(Schema):
    """Only what is sent changes; `targets` and `budgets` replace the draft's lines whole."""

    kind: PlanKind | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    title: str | None = None
    note: str | None = None
    targets: list[PlanTargetIO] | None = None
    budgets: list[PlanBudgetIO] | None = None
    version: int | None = None


class PlanWorkflowIn(Schema):
    version: int | None = None
    reason: str = ""
    note: str = ""


class PlanApproveIn(Schema):
    decision_no: str
    decision_date: dt.date
    version: int | None = None


class PlanFulfilmentRow(Schema):
    program_category: str
    level: str
    measure: str
    target: int
    nominated: int
    actual: int
    percent: float | None
    over_plan_percent: float | None


class PlanBudgetOut(Schema):
    planned: int | None
    classes: int
    classes_planned: int
    spent: int
    percent: float | None


class PlanFulfilmentOut(Schema):
    plan_code: str
    version_number: int
    period_start: dt.date
    period_end: dt.date
    rows: list[PlanFulfilmentRow]
    budget: PlanBudgetOut


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _version_summary(v: PlanVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": v.status,
        "decision_no": v.decision_no,
        "decision_date": v.decision_date,
        "approved_by": v.approved_by.get_username() if v.approved_by else v.approved_by_label,
        "period_start": v.period_start,
        "period_end": v.period_end,
    }


def plan_out(plan: Plan, version: PlanVersion) -> dict[str, Any]:
    summary = _version_summary(version)
    return {
        "plan_code": plan.code,
        "unit_code": plan.unit.code,
        "version": plan.version,
        "version_number": version.number,
        "status": version.status,
        "kind": version.kind,
        "title": version.title,
        "note": version.note,
        "period_start": version.period_start,
        "period_end": version.period_end,
        "decision_no": version.decision_no,
        "decision_date": version.decision_date,
        "approved_by": summary["approved_by"],
        "targets": [
            {
                "program_category": t.program_category,
                "level": t.level or None,
                "measure": t.measure,
                "target": t.target,
                "classes_home": t.classes_home,
                "classes_abroad": t.classes_abroad,
                "budget_vnd": t.budget_vnd,
                "note": t.note,
            }
            for t in version.targets.all()
        ],
        "budgets": [
            {"source": b.source, "amount_vnd": b.amount_vnd, "note": b.note}
            for b in version.budgets.all()
        ],
        "versions": [_version_summary(v) for v in plan_versions(plan=plan)],
    }


def _targets(items: list[PlanTargetIO]) -> list[TargetLine]:
    return [
        TargetLine(
            program_category=_plain(t.program_category),
            target=t.target,
            level=_plain(t.level) or "",
            measure=_plain(t.measure),
            classes_home=t.classes_home,
            classes_abroad=t.classes_abroad,
            budget_vnd=t.budget_vnd,
            note=t.note,
        )
        for t in items
    ]


def _budgets(items: list[PlanBudgetIO]) -> list[BudgetLine]:
    return [BudgetLine(_plain(b.source), b.amount_vnd, b.note) for b in items]


def _expected_version(if_match: str | None, body_version: int | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return body_version
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ValidationFailed(
            f"If-Match must be a version number, not '{if_match}'", field="If-Match"
        )
    return int(text)


def _answer(response: HttpResponse, plan: Plan) -> dict[str, Any]:
    plan.refresh_from_db()
    response["ETag"] = f'"{plan.version}"'
    return plan_out(plan, version_get(plan=plan))


def _require_writer(actor: Any) -> None:
    if not policy_for(actor).anywhere(WRITE):
        raise PermissionDenied("your role may read but not change plans")


# --- endpoints -----------------------------------------------------------------------------


@router.get("", response={200: PlanPage, **READ_ERRORS}, summary="List plans")
def plans_index(
    request: ApiRequest,
    q: str = "",
    unit: str | None = Query(None, description="a unit code: plans of its subtree"),
    status: PlanStatus | None = None,
    year: int | None = Query(None, ge=1900, le=9999, description="plans running that year"),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """The plans of the caller's units, latest period first, each with its latest version."""
    unit_ids = None
    if unit:
        unit_ids = subtree_ids(unit_by_code(actor=request.auth, code=unit, field="unit"), today())
    filters = PlanFilter(q=q, unit_ids=unit_ids, status=_plain(status) or "", year=year)
    result = paginate(plans_list(actor=request.auth, filters=filters), page=page,
                      page_size=page_size)  # fmt: skip
    result["results"] = [
        {
            "plan_code": p.code,
            "unit_code": p.unit.code,
            "version": p.version,
            "version_number": p.latest_number,
            "status": p.latest_status,
            "kind": p.latest_kind,
            "title": p.latest_title,
            "period_start": p.period_start,
            "period_end": p.period_end,
        }
        for p in result["results"]
    ]
    return result


@router.get("/{plan_code}", response={200: PlanOut, **READ_ERRORS}, summary="Read a plan")
def plans_read(
    request: ApiRequest,
    response: HttpResponse,
    plan_code: str,
    version: int | None = Query(None, description="a version number (default: the latest)"),
):
    plan = plan_get(actor=request.auth, code=plan_code)
    response["ETag"] = f'"{plan.version}"'
    return plan_out(plan, version_get(plan=plan, number=version))


@router.post("", response={201: PlanOut, **WRITE_ERRORS}, summary="Create a plan")
def plans_create(request: ApiRequest, response: HttpResponse, payload: PlanIn):
    """A new plan, as version 1 in draft."""
    _require_writer(request.auth)
    unit = unit_by_code(actor=request.auth, code=payload.unit_code, field="unit_code")
    plan = plan_create(
        actor=request.auth,
        code=payload.plan_code,
        unit=unit,
        facts=PlanFacts(
            kind=_plain(payload.kind),
            period_start=payload.period_start,
            period_end=payload.period_end,
            title=payload.title,
            note=payload.note,
        ),
        targets=_targets(payload.targets),
        budgets=_budgets(payload.budgets),
    )
    return Status(201, _answer(response, plan))


@router.patch("/{plan_code}", response={200: PlanOut, **WRITE_ERRORS}, summary="Change a draft")
def plans_update(
    request: ApiRequest,
    response: HttpResponse,
    plan_code: str,
    payload: PlanPatch,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """Change the draft; an approved plan is refused (revise it first); stale version → 409."""
    plan = plan_get(actor=request.auth, code=plan_code)
    sent = payload.dict(exclude_unset=True)
    expected = _expected_version(if_match, sent.pop("version", None))
    facts = None
    if {"kind", "period_start", "period_end", "title", "note"} & sent.keys():
        current = version_get(plan=plan)
        facts = PlanFacts(
            kind=_plain(sent.get("kind") or current.kind),
            period_start=sent.get("period_start") or current.period_start,
            period_end=sent.get("period_end") or current.period_end,
            title=sent["title"] if sent.get("title") is not None else current.title,
            note=sent["note"] if sent.get("note") is not None else current.note,
        )
    plan = plan_edit(
        actor=request.auth,
        plan=plan,
        facts=facts,
        targets=_targets(payload.targets) if payload.targets is not None else None,
        budgets=_budgets(payload.budgets) if payload.budgets is not None else None,
        expected_version=expected,
    )
    return _answer(response, plan)


@router.post("/{plan_code}/submit", response={200: PlanOut, **WRITE_ERRORS}, summary="Submit")
def plans_submit(request: ApiRequest, response: HttpResponse, plan_code: str,
                 payload: PlanWorkflowIn):  # fmt: skip
    plan = plan_get(actor=request.auth, code=plan_code)
    plan = plan_submit(actor=request.auth, plan=plan, expected_version=payload.version)
    return _answer(response, plan)


@router.post("/{plan_code}/return", response={200: PlanOut, **WRITE_ERRORS},
             summary="Return to draft")  # fmt: skip
def plans_return(request: ApiRequest, response: HttpResponse, plan_code: str,
                 payload: PlanWorkflowIn):  # fmt: skip
    plan = plan_get(actor=request.auth, code=plan_code)
    plan = plan_return(actor=request.auth, plan=plan, reason=payload.reason,
                       expected_version=payload.version)  # fmt: skip
    return _answer(response, plan)


@router.post("/{plan_code}/approve", response={200: PlanOut, **WRITE_ERRORS}, summary="Approve")
def plans_approve(request: ApiRequest, response: HttpResponse, plan_code: str,
                  payload: PlanApproveIn):  # fmt: skip
    """Only a manager or administrator of a unit above the plan's unit may approve."""
    plan = plan_get(actor=request.auth, code=plan_code)
    plan = plan_approve(
        actor=request.auth,
        plan=plan,
        decision_no=payload.decision_no,
        decision_date=payload.decision_date,
        expected_version=payload.version,
    )
    return _answer(response, plan)


@router.post("/{plan_code}/revise", response={200: PlanOut, **WRITE_ERRORS},
             summary="Open a revision")  # fmt: skip
def plans_revise(request: ApiRequest, response: HttpResponse, plan_code: str,
                 payload: PlanWorkflowIn):  # fmt: skip
    plan = plan_get(actor=request.auth, code=plan_code)
    plan_revise(actor=request.auth, plan=plan, note=payload.note,
                expected_version=payload.version)  # fmt: skip
    return _answer(response, plan)


@router.get("/{plan_code}/compare", response={200: dict, **READ_ERRORS},
            summary="Compare two versions")  # fmt: skip
def plans_compare(request: ApiRequest, plan_code: str, a: int, b: int):
    plan = plan_get(actor=request.auth, code=plan_code)
    diff = versions_compare(version_get(plan=plan, number=a), version_get(plan=plan, number=b))

    def line(value: Any) -> Any:
        return None if value is None else value.__dict__

    return {
        "plan_code": plan.code,
        "a": a,
        "b": b,
        "facts": [{"field": n, "a": str(x), "b": str(y)} for n, x, y in diff["facts"] if x != y],
        "targets": [
            {"key": list(c.key), "change": c.kind, "a": line(c.before), "b": line(c.after)}
            for c in diff["targets"]
        ],
        "budgets": [
            {"source": c.key[0], "change": c.kind, "a": line(c.before), "b": line(c.after)}
            for c in diff["budgets"]
        ],
    }


@router.get("/{plan_code}/rollup", response={200: dict, **READ_ERRORS}, summary="Roll-up")
def plans_rollup(request: ApiRequest, plan_code: str):
    """The plan's targets beside the sum of its child units' plans, line by line."""
    plan = plan_get(actor=request.auth, code=plan_code)
    return rollup_json(plan_rollup(plan=plan))


@router.get("/{plan_code}/fulfilment", response={200: PlanFulfilmentOut, **READ_ERRORS},
            summary="Live fulfilment")  # fmt: skip
def plans_fulfilment(request: ApiRequest, plan_code: str):
    """Per target of the version in force: target, nominated, actual (the contract's), percent."""
    plan = plan_get(actor=request.auth, code=plan_code)
    version = version_in_force(plan=plan)
    budget = budget_fulfilment(plan, version)
    return {
        "plan_code": plan.code,
        "version_number": version.number,
        "period_start": version.period_start,
        "period_end": version.period_end,
        "rows": [
            {
                "program_category": f.target.program_category,
                "level": f.target.level,
                "measure": f.target.measure,
                "target": f.target.target,
                "nominated": f.nominated,
                "actual": f.actual,
                "percent": f.percent,
                "over_plan_percent": f.over_plan_percent,
            }
            for f in version_fulfilment(plan, version)
        ],
        "budget": {
            "planned": budget.planned,
            "classes": budget.classes,
            "classes_planned": budget.classes_planned,
            "spent": budget.spent,
            "percent": budget.percent,
        },
    }
