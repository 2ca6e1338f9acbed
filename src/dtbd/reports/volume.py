"""`training-volume` (contract, "Reports"): courses, enrolments, people and completions.

The courses counted start within `from`–`to` and are organised in the subtree of `unit` as
it stood on each course's start date; their enrolments are all but the withdrawn ones. One
SQL statement reads a row a course: its group (the `by` field; the organiser's level is its
unit's level on the course's start date) and its tally (training.tallies, ADR 0012: counted
enrolments, completions and learners, kept by the database). Python adds them up by group;
`people` is the number of distinct ids among the group's learners, so ten years of a
province (~580,000 enrolments) need neither the enrolments nor a COUNT(DISTINCT).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Value

from dtbd.accounts.policy import LISTED_IDS, Scope, among
from dtbd.core.codes import Level, Mode, ProgramCategory
from dtbd.core.dates import today
from dtbd.core.errors import NotFound, ValidationFailed
from dtbd.organisation.models import Unit, UnitAncestry
from dtbd.organisation.selectors import subtree_during, whole_and_partly
from dtbd.training import tallies
from dtbd.training.models import Course

from .registry import Param, date_param
from .workforce import _echo, _rank

BY_FIELDS = ("organizer_level", "program_category", "mode")
ORDER = {
    "organizer_level": tuple(Level.values),
    "program_category": tuple(ProgramCategory.values),
    "mode": tuple(Mode.values),
}

PARAMS = (
    Param("from", date_param, help="courses starting on or after this date (default 1 January)"),
    Param("to", date_param, help="courses starting on or before this date (default 31 December)"),
    Param("by", choices=BY_FIELDS, help="one row per value of this field"),
    Param("unit", help="unit code: courses organised in its subtree"),
)


def columns(params: dict[str, Any]) -> tuple[str, ...]:
    by = (params["by"],) if params.get("by") else ()
    return (*by, "courses", "enrolments", "people", "completed")


def period(params: dict[str, Any]) -> tuple[dt.date, dt.date]:
    year = today().year
    start = params.get("from") or dt.date(year, 1, 1)
    end = params.get("to") or dt.date(start.year, 12, 31)
    if end < start:
        raise ValidationFailed(f"to: {end:%d/%m/%Y} is before from {start:%d/%m/%Y}", field="to")
    return start, end


def courses_in(scope: Scope, params: dict[str, Any]):
    """The courses counted: starting in the period, in the unit's subtree, in scope."""
    start, end = period(params)
    qs = Course.objects.filter(start_date__gte=start, start_date__lte=end)
    qs = scope.limit(qs, unit="organizer_unit_id", institution="institution_id", listed=True)
    if params.get("unit"):
        unit = Unit.objects.filter(code=params["unit"]).first()
        if unit is None or not scope.can("read", unit):
            raise NotFound(f"unit: '{params['unit']}' not found", field="unit")
        qs = qs.filter(_organised_inside(unit, start, end))
    return qs


def _organised_inside(unit: Unit, start: dt.date, end: dt.date) -> Q:
    """The class's organiser lay in the subtree of `unit` on the class's start date.

    The units in the subtree all through the period go as a list (the organiser index finds
    their classes; accounts.policy.among); only the few that joined or left it during the
    period (a merger) are tested class by class against the ancestry on the start date.
    """
    spans = subtree_during(unit, start, end)
    whole, partly = whole_and_partly(spans, start, end)
    on_start_date = Q(
        Exists(
            UnitAncestry.objects.filter(
                ancestor=unit,
                descendant_id=OuterRef("organizer_unit_id"),
                valid_from__lte=OuterRef("start_date"),
                valid_to__gte=OuterRef("start_date"),
            )
        )
    )
    if len(spans) > LISTED_IDS:  # a country's units: the ancestry as a subquery
        ever = UnitAncestry.objects.filter(ancestor=unit, valid_from__lte=end, valid_to__gte=start)
        return among("organizer_unit_id", ever.values("descendant_id")) & on_start_date
    inside = Q(organizer_unit_id__any=whole)
    if partly:
        inside |= Q(organizer_unit_id__any=partly) & on_start_date
    return inside


def training_volume(scope: Scope, params: dict[str, Any]) -> dict:
    qs = courses_in(scope, params)
    by = params.get("by")
    if by == "organizer_level":
        qs = qs.annotate(
            organiser_then=FilteredRelation(
                "organizer_unit__versions",
                condition=Q(
                    organizer_unit__versions__valid_from__lte=F("start_date"),
                    organizer_unit__versions__valid_to__gte=F("start_date"),
                ),
            ),
            g=F("organiser_then__level"),
        )
    else:
        qs = qs.annotate(g=F(by) if by else Value(""))
    groups: dict[Any, _Group] = {}
    # A class nobody enrolled in may have no tally: None, counted as nothing.
    for g, enrolled, completed, learners in qs.values_list(
        "g", "tally__enrolled", "tally__completed", "tally__learners"
    ).order_by():
        group = groups.get(g)
        if group is None:
            group = groups[g] = _Group()
        group.courses += 1
        group.enrolments += enrolled or 0
        group.completed += completed or 0
        if learners:
            group.learners.append(learners)
    if not by and not groups:
        groups[""] = _Group()  # no course: one row of zeros, as an aggregate gives
    rows = []
    for g in sorted(groups, key=lambda value: _rank_in(by, value)) if by else groups:
        group = groups[g]
        out: dict[str, Any] = {by: g} if by else {}
        out.update(
            courses=group.courses,
            enrolments=group.enrolments,
            people=tallies.count_learners(group.learners),
            completed=group.completed,
        )
        rows.append(out)
    return {"report": "training-volume", "params": _echo(params), "rows": rows}


@dataclass
class _Group:
    courses: int = 0
    enrolments: int = 0
    completed: int = 0
    learners: list[str] = field(default_factory=list)


def _rank_in(by: str, value: Any) -> tuple[int, str]:
    order = ORDER[by]
    if value in order:
        return (order.index(value), "")
    return _rank("", value)
