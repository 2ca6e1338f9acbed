"""The contract's `plan-fulfilment` report: one row per target of the chosen plans.

`plan` names one plan; `unit` with `year` takes that unit's plans whose period overlaps the
year (annual plans of the year, and the term or project plans running in it), each counted
over its own period. The targets counted are those of the version in force (the approved
one; a plan not yet approved counts its latest draft so it can be followed while written).
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from dtbd.accounts.policy import READ
from dtbd.core.errors import NotFound, ValidationFailed
from dtbd.organisation.models import Unit
from dtbd.reports.registry import Param, Report, year_param

from .fulfilment import fulfilment_rows
from .models import Plan, PlanVersion
from .selectors import version_in_force

COLUMNS = (
    "plan_code",
    "program_category",
    "measure",
    "target",
    "actual",
    "percent",
    "over_plan_percent",
)


def _plans(scope: Any, params: dict[str, Any]) -> list[Plan]:
    visible = scope.limit(Plan.objects.select_related("unit"), unit="unit_id")
    if "plan" in params:
        if "unit" in params or "year" in params:
            raise ValidationFailed("give either plan, or unit with year", field="plan")
        plan = visible.filter(code=params["plan"]).first()
        if plan is None:
            raise NotFound(f"no plan '{params['plan']}' in your units")
        return [plan]
    if "unit" not in params or "year" not in params:
        missing = "year" if "unit" in params else "unit"
        raise ValidationFailed(
            f"{missing} is required (give plan, or unit with year)", field=missing
        )
    unit = Unit.objects.filter(code=params["unit"]).first()
    if unit is None or not scope.can(READ, unit):
        raise NotFound(f"unit '{params['unit']}' not found")
    year = params["year"]
    overlapping = PlanVersion.objects.filter(
        period_start__lte=dt.date(year, 12, 31), period_end__gte=dt.date(year, 1, 1)
    ).values("plan_id")
    return list(visible.filter(unit=unit, pk__in=overlapping).order_by("code"))


def plan_fulfilment(scope: Any, params: dict[str, Any]) -> dict:
    rows: list[dict[str, Any]] = []
    for plan in _plans(scope, params):
        version = version_in_force(plan=plan)
        year = params.get("year")
        if year and not version.period_start.year <= year <= version.period_end.year:
            continue  # only an older version ran that year
        rows.extend(fulfilment_rows(plan, version))
    return {"report": "plan-fulfilment", "params": params, "rows": rows}


REPORT = Report(
    name="plan-fulfilment",
    title=_("Plan fulfilment"),
    compute=plan_fulfilment,
    params=(
        Param("plan", help="a plan_code"),
        Param("unit", help="a unit code (with year): the unit's plans running that year"),
        Param("year", parse=year_param, help="with unit"),
    ),
    columns=COLUMNS,
    description=_(
        "Per target of a plan: completed enrolments of the category in the plan's period, of "
        "people then in the plan unit's subtree, against the target."
    ),
)
