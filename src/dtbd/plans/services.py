"""Writes to training plans: create and edit a draft, submit, return, approve, revise.

Each is atomic and audited in its transaction, locks the plan row first (so two approvals
cannot cross), and checks everything before it writes: nothing is ever half-saved.

Who may do what (accounts.policy): a manager or administrator of the plan's unit (or of a
unit above it) creates, edits, submits and revises; only one of a unit strictly ABOVE the
plan's unit approves or returns it, so no unit approves its own plan.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.dates import today
from dtbd.core.errors import Conflict, PermissionDenied, ValidationFailed
from dtbd.organisation.models import Unit, UnitVersion

from . import rules
from .models import Plan, PlanBudget, PlanStatus, PlanTarget, PlanVersion
from .rules import BudgetLine, Content, PlanFacts, TargetLine

# --- reading a version back as plain values ---------------------------------------------------


def version_content(version: PlanVersion) -> Content:
    return Content(
        facts=PlanFacts(
            kind=version.kind,
            period_start=version.period_start,
            period_end=version.period_end,
            title=version.title,
            note=version.note,
        ),
        targets=tuple(
            TargetLine(
                program_category=t.program_category,
                target=t.target,
                level=t.level,
                measure=t.measure,
                classes_home=t.classes_home,
                classes_abroad=t.classes_abroad,
                budget_vnd=t.budget_vnd,
                note=t.note,
            )
            for t in version.targets.order_by("program_category", "level", "measure")
        ),
        budgets=tuple(
            BudgetLine(source=b.source, amount_vnd=b.amount_vnd, note=b.note)
            for b in version.budgets.order_by("source")
        ),
    )


def content_for_audit(content: Content) -> dict[str, Any]:
    facts = content.facts
    return {
        "kind": facts.kind,
        "period_start": str(facts.period_start),
        "period_end": str(facts.period_end),
        "title": facts.title,
        "targets": [
            {
                "program_category": t.program_category,
                "level": t.level,
                "measure": t.measure,
                "target": t.target,
                "classes_home": t.classes_home,
                "classes_abroad": t.classes_abroad,
                "budget_vnd": t.budget_vnd,
            }
            for t in content.targets
        ],
        "budgets": {b.source: b.amount_vnd for b in content.budgets},
    }


def latest_version(plan: Plan) -> PlanVersion:
    return plan.versions.order_by("-number").first()  # type: ignore[return-value]


# --- authority --------------------------------------------------------------------------------


def _unit_label(unit_id: int) -> str:
    return Unit.objects.filter(pk=unit_id).values_list("code", flat=True).first() or "?"


def may_write_plans_of(actor: Any, unit_id: int, on: dt.date | None = None) -> bool:
    return policy_for(actor).covers(WRITE, unit_id, on or today())


def parent_on(unit_id: int, on: dt.date) -> int | None:
    version = UnitVersion.objects.filter(
        unit_id=unit_id, valid_from__lte=on, valid_to__gte=on
    ).first()
    return version.parent_id if version else None


def may_approve(actor: Any, plan: Plan, on: dt.date | None = None) -> bool:
    """A manager or administrator of a unit strictly above the plan's unit (on `on`): that is
    whoever may write the records of its parent. Root units' plans need a province-wide
    administrator (or the command line)."""
    scope = policy_for(actor)
    if scope.everything:
        return True
    parent = parent_on(plan.unit_id, on or today())
    return parent is not None and scope.covers(WRITE, parent, on or today())


def _require_write(actor: Any, unit_id: int) -> None:
    if not may_write_plans_of(actor, unit_id):
        raise PermissionDenied(f"you may not change the plans of unit '{_unit_label(unit_id)}'")


def _require_approver(actor: Any, plan: Plan, verb: str) -> None:
    if not may_approve(actor, plan):
        raise PermissionDenied(
            f"only a manager or administrator of a unit above '{_unit_label(plan.unit_id)}' "
            f"may {verb} its plan; your roles do not cover such a unit"
        )


# --- writing ---------------------------------------------------------------------------------


def _lock(plan: Plan, expected_version: int | None) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(
            f"plan '{locked.code}' changed since version {expected_version} "
            f"(it is now version {locked.version}): reload it and try again"
        )
    return locked


def _bump(plan: Plan) -> Plan:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    return plan


def _write_lines(
    version: PlanVersion, targets: tuple[TargetLine, ...], budgets: tuple[BudgetLine, ...]
) -> None:
    version.targets.all().delete()
    version.budgets.all().delete()
    PlanTarget.objects.bulk_create(
        PlanTarget(
            version=version,
            program_category=t.program_category,
            level=t.level,
            measure=t.measure,
            target=t.target,
            classes_home=t.classes_home,
            classes_abroad=t.classes_abroad,
            budget_vnd=t.budget_vnd,
            note=t.note,
        )
        for t in targets
    )
    PlanBudget.objects.bulk_create(
        PlanBudget(version=version, source=b.source, amount_vnd=b.amount_vnd, note=b.note)
        for b in budgets
    )


def _set_facts(version: PlanVersion, facts: PlanFacts) -> None:
    version.kind = facts.kind
    version.period_start = facts.period_start
    version.period_end = facts.period_end
    version.title = facts.title
    version.note = facts.note


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    code: str,
    unit: Unit,
    facts: PlanFacts,
    targets: list[TargetLine] | tuple[TargetLine, ...] = (),
    budgets: list[BudgetLine] | tuple[BudgetLine, ...] = (),
) -> Plan:
    """A new plan of `unit`, as version 1 in draft."""
    code = rules.plan_code(code)
    clean_facts = rules.facts(facts)
    clean_targets = rules.target_lines(targets)
    clean_budgets = rules.budget_lines(budgets)
    _require_write(actor, unit.pk)
    if Plan.objects.filter(code=code).exists():
        raise ValidationFailed(f"plan '{code}' already exists", field="plan_code", code="duplicate")
    plan = Plan.objects.create(code=code, unit=unit)
    version = PlanVersion(plan=plan, number=1, status=PlanStatus.DRAFT)
    _set_facts(version, clean_facts)
    version.save()
    _write_lines(version, clean_targets, clean_budgets)
    audit_record(
        actor=actor,
        event="plan.created",
        subject_type="plan",
        subject_key=code,
        data={
            "unit_code": unit.code,
            **content_for_audit(Content(clean_facts, clean_targets, clean_budgets)),
        },
    )
    return plan


@transaction.atomic
def plan_edit(
    *,
    actor: Any,
    plan: Plan,
    facts: PlanFacts | None = None,
    targets: list[TargetLine] | tuple[TargetLine, ...] | None = None,
    budgets: list[BudgetLine] | tuple[BudgetLine, ...] | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Change the draft: what is given replaces what the draft said (targets and budget
    lines as a whole). An approved or submitted version is refused: revise it instead."""
    plan = _lock(plan, expected_version)
    _require_write(actor, plan.unit_id)
    version = latest_version(plan)
    if version.status != PlanStatus.DRAFT:
        raise ValidationFailed(
            f"plan '{plan.code}' version {version.number} is {version.status} and cannot be "
            "edited"
            + (
                ": start a revision to change it"
                if version.status == PlanStatus.APPROVED
                else ": it must be returned to draft first"
            ),
            field="status",
            code="read_only",
        )
    before = version_content(version)
    after = Content(
        facts=rules.facts(facts) if facts is not None else before.facts,
        targets=rules.target_lines(targets) if targets is not None else before.targets,
        budgets=rules.budget_lines(budgets) if budgets is not None else before.budgets,
    )
    if after == before:
        return plan
    _set_facts(version, after.facts)
    version.save()
    _write_lines(version, after.targets, after.budgets)
    audit_record(
        actor=actor,
        event="plan.edited",
        subject_type="plan",
        subject_key=plan.code,
        data={
            "version": version.number,
            "before": content_for_audit(before),
            "after": content_for_audit(after),
        },
    )
    return _bump(plan)


def _require_status(plan: Plan, version: PlanVersion, wanted: str, action: str) -> None:
    if version.status != wanted:
        raise ValidationFailed(
            f"plan '{plan.code}' version {version.number} is {version.status}: only "
            f"{'an' if wanted[0] in 'aeiou' else 'a'} {wanted} plan can be {action}",
            field="status",
            code="wrong_status",
        )


@transaction.atomic
def plan_submit(*, actor: Any, plan: Plan, expected_version: int | None = None) -> Plan:
    """Send the draft to the unit above for approval. A plan without targets is refused."""
    plan = _lock(plan, expected_version)
    _require_write(actor, plan.unit_id)
    version = latest_version(plan)
    _require_status(plan, version, PlanStatus.DRAFT, "submitted")
    if not version.targets.exists():
        raise ValidationFailed(
            f"plan '{plan.code}' has no targets yet: add at least one before submitting",
            field="targets",
        )
    version.status = PlanStatus.SUBMITTED
    version.submitted_at = timezone.now()
    version.save()
    audit_record(
        actor=actor,
        event="plan.submitted",
        subject_type="plan",
        subject_key=plan.code,
        data={"version": version.number},
    )
    return _bump(plan)


@transaction.atomic
def plan_return(
    *, actor: Any, plan: Plan, reason: str = "", expected_version: int | None = None
) -> Plan:
    """The unit above sends a submitted plan back to draft, with its reason."""
    plan = _lock(plan, expected_version)
    version = latest_version(plan)
    _require_approver(actor, plan, "return")
    _require_status(plan, version, PlanStatus.SUBMITTED, "returned")
    version.status = PlanStatus.DRAFT
    version.submitted_at = None
    version.save()
    audit_record(
        actor=actor,
        event="plan.returned",
        subject_type="plan",
        subject_key=plan.code,
        data={"version": version.number, "reason": (reason or "").strip()},
    )
    return _bump(plan)


def _approver_fields(actor: Any) -> dict[str, Any]:
    if actor is None or isinstance(actor, str):
        return {"approved_by": None, "approved_by_label": actor or ""}
    return {"approved_by": actor, "approved_by_label": actor.get_username()}


@transaction.atomic
def plan_approve(
    *,
    actor: Any,
    plan: Plan,
    decision_no: str,
    decision_date: dt.date | None,
    expected_version: int | None = None,
) -> Plan:
    """Approve the submitted version by a numbered decision (e.g. 1576/QĐ-UBND). The
    version replaced by it, if any, becomes `revised`: it stays readable."""
    plan = _lock(plan, expected_version)
    _require_approver(actor, plan, "approve")
    number, date = rules.decision(decision_no, decision_date)
    version = latest_version(plan)
    _require_status(plan, version, PlanStatus.SUBMITTED, "approved")
    version.status = PlanStatus.APPROVED
    version.decision_no = number
    version.decision_date = date
    version.approved_at = timezone.now()
    for name, value in _approver_fields(actor).items():
        setattr(version, name, value)
    version.save()
    plan.versions.filter(status=PlanStatus.APPROVED, number__lt=version.number).update(
        status=PlanStatus.REVISED
    )
    audit_record(
        actor=actor,
        event="plan.approved",
        subject_type="plan",
        subject_key=plan.code,
        data={"version": version.number, "decision_no": number, "decision_date": str(date)},
    )
    return _bump(plan)


@transaction.atomic
def plan_revise(
    *, actor: Any, plan: Plan, note: str = "", expected_version: int | None = None
) -> PlanVersion:
    """Open a revision: a new draft version, a copy of the approved one, to edit, submit and
    approve again. The approved version stays in force, and readable, until then."""
    plan = _lock(plan, expected_version)
    _require_write(actor, plan.unit_id)
    current = latest_version(plan)
    _require_status(plan, current, PlanStatus.APPROVED, "revised")
    content = version_content(current)
    draft = PlanVersion(plan=plan, number=current.number + 1, status=PlanStatus.DRAFT)
    _set_facts(draft, content.facts)
    draft.note = (note or "").strip() or content.facts.note
    draft.save()
    _write_lines(draft, content.targets, content.budgets)
    audit_record(
        actor=actor,
        event="plan.revision_opened",
        subject_type="plan",
        subject_key=plan.code,
        data={"from_version": current.number, "version": draft.number, "note": draft.note},
    )
    _bump(plan)
    return draft
