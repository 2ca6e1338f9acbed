"""Careers reports, one computation each for `dtbd report`, the API and downloads.

dtbd report rotations-under-way [--as-of D] [--unit CODE] [--within-days N]
dtbd report pool-targets --term CODE [--as-of D]
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from dtbd.core.dates import today
from dtbd.reports.registry import Param, Report, date_param, whole_number_param

from .pool import pool_targets
from .selectors import rotations_list, term_get

ROTATION_COLUMNS = (
    "person_code",
    "full_name",
    "from_unit",
    "to_unit",
    "decision_no",
    "start",
    "planned_end",
    "reviews_done",
    "next_review_due",
    "overdue",
    "due_soon",
)


def rotations_under_way(scope: Any, params: dict[str, Any]) -> dict:
    """Rotations under way on `as_of`, each with its next review and whether it is overdue
    or due within `within_days` (default 30)."""
    on = params.get("as_of") or today()
    within = params.get("within_days", 30)
    unit_id = None
    if params.get("unit"):
        from dtbd.organisation.api import unit_by_code

        unit_id = unit_by_code(actor=scope.actor, code=params["unit"], field="unit").pk
    rows = []
    for r in rotations_list(actor=scope.actor, under_way_on=on, unit_id=unit_id):
        reviews = list(r.reviews.all())
        pending = [v for v in reviews if v.done_on is None]
        nxt = pending[0].due_on if pending else None
        rows.append(
            {
                "person_code": r.person.code,
                "full_name": r.person.full_name,
                "from_unit": r.from_unit.code,
                "to_unit": r.to_unit.code,
                "decision_no": r.decision_no,
                "start": str(r.start),
                "planned_end": str(r.planned_end),
                "reviews_done": sum(1 for v in reviews if v.done_on),
                "next_review_due": str(nxt) if nxt else None,
                "overdue": bool(nxt and nxt < on),
                "due_soon": bool(nxt and on <= nxt <= on + dt.timedelta(days=within)),
            }
        )
    rows.sort(key=lambda row: (row["next_review_due"] or "9999", row["person_code"]))
    shown = {k: str(v) if isinstance(v, dt.date) else v for k, v in params.items()}
    return {"report": "rotations-under-way", "params": shown, "rows": rows}


TARGET_COLUMNS = ("measure", "actual", "total", "percent", "target_percent", "met", "source")


def pool_targets_report(scope: Any, params: dict[str, Any]) -> dict:
    """The term's targets (young, women, candidates per post) against the pool on `as_of`."""
    term = term_get(actor=scope.actor, code=params["term"])
    on = params.get("as_of") or max(term.start, min(today(), term.end))
    rows = [
        {
            "measure": t.measure,
            "actual": t.actual,
            "total": t.total,
            "percent": float(t.percent) if t.percent is not None else None,
            "target_percent": float(t.target_percent) if t.target_percent is not None else None,
            "met": t.met,
            "source": t.source,
        }
        for t in pool_targets(term, on)
    ]
    shown = {k: str(v) if isinstance(v, dt.date) else v for k, v in params.items()}
    return {"report": "pool-targets", "params": shown, "rows": rows}


REPORTS = (
    Report(
        name="rotations-under-way",
        title=_("Rotations under way, with reviews due"),
        compute=rotations_under_way,
        params=(
            Param("as_of", date_param, help="date (default today)"),
            Param("unit", help="unit code: rotations from or to its subtree"),
            Param("within_days", whole_number_param, help="reviews due within N days (30)"),
        ),
        columns=ROTATION_COLUMNS,
    ),
    Report(
        name="pool-targets",
        title=_("Planning pool: targets against actual"),
        compute=pool_targets_report,
        params=(
            Param("term", required=True, help="planning term code"),
            Param("as_of", date_param, help="date (default today, within the term)"),
        ),
        columns=TARGET_COLUMNS,
    ),
)
