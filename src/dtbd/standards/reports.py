"""The `standard-gaps` report: one computation for `dtbd report`, the API and downloads.

    dtbd report standard-gaps --unit 08 --as-of 2026-01-01 [--by requirement|category|unit]

- by `requirement` (default): one row per requirement in force that applies to someone:
  the standard, the dimension and minimum level, the programme category that closes it,
  how many people it applies to and how many do not meet it;
- by `category`: people with a gap that the category closes;
- by `unit`: each unit directly below `unit`, its people, how many meet all their standards
  and the share (the contract's percent: half up, two decimals, null for zero).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dtbd.core.dates import today
from dtbd.reports.registry import Param, Report, date_param, year_param

from . import gaps
from .selectors import unit_visible

BY = ("requirement", "category", "unit")
COLUMNS = {
    "requirement": ("requirement", "standard", "kind", "code", "unit_level", "dimension",
                    "min_level", "program_category", "document", "applies", "unmet", "percent"),
    "category": ("category", "program_category", "people"),
    "unit": ("unit", "name", "people", "standardised", "percent"),
}  # fmt: skip


def compute(scope: Any, params: dict[str, Any]) -> dict:
    on = params.get("as_of") or today()
    by = params.get("by") or "requirement"
    unit = (
        unit_visible(actor=scope.actor, code=params["unit"], on=on) if params.get("unit") else None
    )
    summary = gaps.summary(
        scope=scope, on=on, unit_id=unit.pk if unit else None, children=by == "unit"
    )
    if by == "category":
        # Each row carries the `by` field, as the contract's reports do (the report page
        # labels its chart with it).
        rows = [{"category": c, "program_category": c, "people": n}
                for c, n in summary.by_category.items()]  # fmt: skip
    elif by == "unit":
        from dtbd.organisation.models import Unit

        codes = dict(Unit.objects.filter(pk__in=[c.unit_id for c in summary.children])
                     .values_list("pk", "code"))  # fmt: skip
        rows = [
            {"unit": codes[c.unit_id], "name": c.name, "people": c.people,
             "standardised": c.standardised, "percent": gaps.percent(c.standardised, c.people)}
            for c in summary.children
        ]  # fmt: skip
    else:
        rows = [
            {
                "requirement": f"{c.rule.standard_name}: {c.rule.dimension} ≥ {c.rule.min_level}",
                "standard": c.rule.standard_name,
                "kind": c.rule.kind,
                "code": c.rule.code,
                "unit_level": c.rule.unit_level,
                "dimension": c.rule.dimension,
                "min_level": c.rule.min_level,
                "program_category": c.rule.category,
                "document": c.rule.document,
                "applies": c.applies,
                "unmet": c.unmet,
                "percent": gaps.percent(c.unmet, c.applies),
            }
            for c in summary.requirements
        ]
    return {
        "report": "standard-gaps",
        "params": {"unit": params.get("unit"), "as_of": on.isoformat(), "by": by},
        "people": summary.people,
        "standardised": summary.standardised,
        "percent": summary.percent,
        "rows": rows,
    }


REPORT = Report(
    name="standard-gaps",
    title=_("Gaps against title standards"),
    compute=compute,
    params=(
        Param("unit", help="unit code: its subtree on the report date (default: everything)"),
        Param("as_of", parse=date_param, help="report date (default: today)"),
        Param("by", choices=BY, help="requirement (default), category or unit"),
    ),
    columns=lambda params: COLUMNS[params.get("by") or "requirement"],
    description=_(
        "Who does not meet the requirements of their post on the date, under the rules of "
        "that date, and the programmes that close the gaps."
    ),
)


# --- training-hours-behind ---------------------------------------------------------------------

HOURS_COLUMNS = ("person_code", "full_name", "unit_code", "done", "required", "missing")


def compute_hours(scope: Any, params: dict[str, Any]) -> dict:
    """People in post on `as_of` in the subtree of `unit` who completed fewer training periods
    in `year` than that year's rule requires (the same list as /standards/hours/)."""
    from .selectors import hours_report

    on = params.get("as_of") or today()
    year = params.get("year") or on.year
    unit = (
        unit_visible(actor=scope.actor, code=params["unit"], on=on) if params.get("unit") else None
    )
    report = hours_report(actor=scope.actor, year=year, on=on, unit=unit)
    return {
        "report": "training-hours-behind",
        "params": {"unit": params.get("unit"), "year": year, "as_of": on.isoformat()},
        "required": report.rule.periods if report.rule else None,
        "people": report.people,
        "rows": report.behind,
    }


HOURS_REPORT = Report(
    name="training-hours-behind",
    title=_("Behind on required training hours"),
    compute=compute_hours,
    params=(
        Param("unit", help="unit code: its subtree (default: everything you may read)"),
        Param("year", parse=year_param, help="the training year (default: that of as_of)"),
        Param("as_of", parse=date_param, help="people in post on this date (default: today)"),
    ),
    columns=HOURS_COLUMNS,
    description=_(
        "People who completed fewer training periods in the year than the annual rule of that "
        "year requires, with the periods done and missing."
    ),
)
