"""A province's overview: the contract's reports side by side, each as the registry computes
it (so the figures are the API's and the command's), and the training volume by year against
a base year. Every call is limited to the viewer's units by the reports themselves."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from dtbd.accounts.policy import Scope
from dtbd.core.errors import ApplicationError

from . import registry, volume, workforce


@dataclass
class Dashboard:
    structure: dict | None = None
    leaders: dict | None = None
    plans: dict | None = None
    volume_by_year: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


STRUCTURE = {"dimension": "professional_band", "by": "level"}
LEADERS = {"dimension": "political_theory", "at_least": "intermediate", "by": "leadership"}
# The standing's columns the two parts count by: one scan of the people in post for both.
COUNTED = ("unit_level", "professional", "leadership", "political_theory")


def dashboard(scope: Scope, *, filters: dict[str, str], base_year: int) -> Dashboard:
    """The overview for `filters` (unit, as_of, level, kind, category as the reports take
    them); each part that cannot be computed says why instead of failing the page."""
    board = Dashboard()
    _workforce(board, scope, filters)
    as_of = filters.get("as_of") or dt.date.today().isoformat()
    year = int(as_of[:4])
    if filters.get("unit"):
        try:
            board.plans = registry.run(
                "plan-fulfilment", scope, {"unit": filters["unit"], "year": str(year)}
            )
        except (ApplicationError, KeyError) as error:
            board.errors["plans"] = getattr(error, "message", str(error))
    else:
        board.errors["plans"] = gettext("Choose a unit to see its plans.")
    try:
        with registry.statement_settings():
            board.volume_by_year = volume_by_year(
                scope, unit=filters.get("unit"), first=base_year, last=year
            )
    except ApplicationError as error:
        board.errors["volume"] = error.message
    return board


def _workforce(board: Dashboard, scope: Scope, filters: dict[str, str]) -> None:
    """The qualification structure by level (`breakdown`) and the leaders' attainment
    (`attainment`), shaped by the reports' own code from ONE count of the people in post by
    level, professional level, leadership and political theory: a province's standings are
    read once instead of twice (on SQLite, 100,000 rows each time)."""
    try:
        structure = registry.parse_params(registry.get("breakdown"), {**filters, **STRUCTURE})
        leaders = registry.parse_params(registry.get("attainment"), {**filters, **LEADERS})
        met = workforce.met_levels(leaders)
        with registry.statement_settings():
            counts = workforce.counted(scope, structure, COUNTED)
    except ApplicationError as error:
        board.errors["structure"] = board.errors["leaders"] = error.message
        return
    by_level: Counter = Counter()
    by_leadership: dict[str, list[int]] = {}
    for (level, professional, leadership, theory), n in counts.items():
        by_level[(level, professional)] += n
        tally = by_leadership.setdefault(leadership, [0, 0])
        tally[0] += n if theory in met else 0
        tally[1] += n
    board.structure = workforce.breakdown_from(
        structure, ((g, v, n) for (g, v), n in by_level.items())
    )
    board.leaders = workforce.attainment_from(
        leaders, ((g, m, t) for g, (m, t) in by_leadership.items())
    )


def volume_by_year(scope: Scope, *, unit: str | None, first: int, last: int) -> list[dict]:
    """Classes, person-times and completions per year of start, with each year's person-times
    as a percentage of the first year's (the base year).

    One row a class: its start date and its tally (training.tallies, kept by the database),
    summed here by year; a province's five years are a few thousand classes, where counting
    their enrolments would read a few hundred thousand index entries.
    """
    params: dict[str, Any] = {"from": dt.date(first, 1, 1), "to": dt.date(last, 12, 31)}
    if unit:
        params["unit"] = unit
    classes = (
        volume.courses_in(scope, params)
        .values_list("start_date", "tally__enrolled", "tally__completed")
        .order_by()
    )
    rows: dict[int, dict[str, int]] = {}
    for start, enrolled, completed in classes:
        row = rows.setdefault(start.year, {"courses": 0, "enrolments": 0, "completed": 0})
        row["courses"] += 1
        row["enrolments"] += enrolled or 0  # a class nobody enrolled in has no tally
        row["completed"] += completed or 0
    from .workforce import percent

    base = rows.get(first, {}).get("enrolments", 0)
    out = []
    for year in range(first, last + 1):
        row = rows.get(year, {"courses": 0, "enrolments": 0, "completed": 0})
        out.append(
            {
                "year": year,
                "courses": row["courses"],
                "enrolments": row["enrolments"],
                "completed": row["completed"],
                "against_base": percent(row["enrolments"], base),
            }
        )
    return out
