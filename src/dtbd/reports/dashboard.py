"""A province's overview: the contract's reports side by side, each as the registry computes
it (so the figures are the API's and the command's), and the training volume by year against
a base year. Every call is limited to the viewer's units by the reports themselves."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext

from dtbd.accounts.policy import Scope
from dtbd.core.codes import EnrolmentStatus
from dtbd.core.errors import ApplicationError

from . import registry, volume


@dataclass
class Dashboard:
    structure: dict | None = None
    leaders: dict | None = None
    plans: dict | None = None
    volume_by_year: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def dashboard(scope: Scope, *, filters: dict[str, str], base_year: int) -> Dashboard:
    """The overview for `filters` (unit, as_of, level, kind, category as the reports take
    them); each part that cannot be computed says why instead of failing the page."""
    board = Dashboard()
    parts = {
        "structure": ("breakdown", {"dimension": "professional_band", "by": "level"}),
        "leaders": (
            "attainment",
            {"dimension": "political_theory", "at_least": "intermediate", "by": "leadership"},
        ),
    }
    for attr, (name, params) in parts.items():
        try:
            setattr(board, attr, registry.run(name, scope, {**filters, **params}))
        except ApplicationError as error:
            board.errors[attr] = error.message
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


def volume_by_year(scope: Scope, *, unit: str | None, first: int, last: int) -> list[dict]:
    """Classes, person-times and completions per year of start, in one grouped query, with
    each year's person-times as a percentage of the first year's (the base year)."""
    params: dict[str, Any] = {"from": dt.date(first, 1, 1), "to": dt.date(last, 12, 31)}
    if unit:
        params["unit"] = unit
    qs = volume.courses_in(scope, params).annotate(
        counted=FilteredRelation(
            "enrolments", condition=~Q(enrolments__status=EnrolmentStatus.WITHDRAWN)
        )
    )
    rows = {
        row["year"]: row
        for row in qs.annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(
            courses=Count("pk", distinct=True),
            enrolments=Count("counted__pk"),
            completed=Count("counted__pk", filter=Q(counted__status=EnrolmentStatus.COMPLETED)),
        )
        .order_by()
    }
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
