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
from dtbd.reports.registry import Param, Report, date_param

from . import gaps
from .selectors import unit_visible

BY = ("requirement", "category", "unit")
COLUMNS = {
    "requirement": ("standard", "kind", "code", "unit_level", "dimension", "min_level",
                    "program_category", "document", "applies", "unmet", "percent"),
    "category": ("program_category", "people"),
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
        rows = [{"program_category": c, "people": n} for c, n in summary.by_category.items()]
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
