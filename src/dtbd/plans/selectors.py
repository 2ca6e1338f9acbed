"""Reads of training plans, limited to the caller's units (accounts.policy)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from dtbd.accounts.policy import READ, policy_for
from dtbd.core.errors import NotFound

from .models import Plan, PlanStatus, PlanVersion
from .services import version_content


def plans_visible(*, actor: Any) -> QuerySet[Plan]:
    """The plans of the units the actor may read (at any time: old plans stay readable)."""
    return policy_for(actor).limit(Plan.objects.all(), unit="unit_id")


def with_latest(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    """Annotate each plan with its latest version's status, period, kind and title."""
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    return qs.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_kind=Subquery(latest.values("kind")[:1]),
        latest_title=Subquery(latest.values("title")[:1]),
        period_start=Subquery(latest.values("period_start")[:1]),
        period_end=Subquery(latest.values("period_end")[:1]),
    )


@dataclass(frozen=True)
class PlanFilter:
    q: str = ""
    unit_ids: Any = None  # a subquery of unit ids (a subtree), or None
    status: str = ""
    year: int | None = None


def plans_list(*, actor: Any, filters: PlanFilter | None = None) -> QuerySet[Plan]:
    filters = filters or PlanFilter()
    qs = with_latest(plans_visible(actor=actor)).select_related("unit")
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(versions__title__icontains=filters.q))
    if filters.unit_ids is not None:
        qs = qs.filter(unit_id__in=filters.unit_ids)
    if filters.status:
        qs = qs.filter(latest_status=filters.status)
    if filters.year:
        start = dt.date(filters.year, 1, 1)
        end = dt.date(filters.year, 12, 31)
        qs = qs.filter(period_start__lte=end, period_end__gte=start)
    return qs.distinct().order_by("-period_start", "code")


def plan_get(*, actor: Any, code: str) -> Plan:
    """The plan by code; NotFound if missing or outside the actor's units (the same answer)."""
    plan = Plan.objects.select_related("unit").filter(code=code).first()
    if plan is None or not policy_for(actor).can(READ, plan):
        raise NotFound(f"no plan '{code}' in your units")
    return plan


def plan_versions(*, plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("approved_by").order_by("number")


def version_get(*, plan: Plan, number: int | None = None) -> PlanVersion:
    qs = plan_versions(plan=plan)
    version = qs.filter(number=number).first() if number else qs.last()
    if version is None:
        raise NotFound(f"plan '{plan.code}' has no version {number}")
    return version


def version_in_force(*, plan: Plan) -> PlanVersion:
    """The version whose targets count: the approved one, else (not yet approved) the
    latest, so that a draft's fulfilment can be followed while it is being written."""
    versions = plan_versions(plan=plan)
    return versions.filter(status=PlanStatus.APPROVED).last() or versions.last()  # type: ignore[return-value]


@dataclass(frozen=True)
class LineChange:
    key: tuple[str, str, str]
    before: Any  # the old line (None: added)
    after: Any  # the new line (None: removed)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.before != self.after else "same"


def versions_compare(a: PlanVersion, b: PlanVersion) -> dict[str, Any]:
    """What changed from version `a` to version `b`: the facts and each target and budget
    line (added, removed, changed or the same), in a stable order."""
    old, new = version_content(a), version_content(b)
    facts = [
        (name, getattr(old.facts, name), getattr(new.facts, name))
        for name in ("kind", "period_start", "period_end", "title", "note")
    ]
    old_targets = {t.key: t for t in old.targets}
    new_targets = {t.key: t for t in new.targets}
    targets = [
        LineChange(key, old_targets.get(key), new_targets.get(key))
        for key in sorted(set(old_targets) | set(new_targets))
    ]
    old_budgets = {b.source: b for b in old.budgets}
    new_budgets = {b.source: b for b in new.budgets}
    budgets = [
        LineChange((src, "", ""), old_budgets.get(src), new_budgets.get(src))
        for src in sorted(set(old_budgets) | set(new_budgets))
    ]
    return {"a": a, "b": b, "facts": facts, "targets": targets, "budgets": budgets}
