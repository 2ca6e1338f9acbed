"""The workforce reports, `breakdown` and `attainment` (contract, "Reports").

Both count the people in post on the report date (`as_of`), in the subtree of `unit` as it was
on that date, with the qualification they held on that date, limited to what the caller's
policy scope may read. Each is ONE SQL statement over people.Standing (ADR 0010): the rows
valid on the date, which already carry the post, the unit's level and kind then, the person's
fields and the level held on every dimension (`none` included), grouped by the `by` field and
the value: no join. Totals are the sums of a group's counts
(every person falls in exactly one value), so no second query and no window function.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Value, When

from dtbd.accounts.policy import READ, Scope, among
from dtbd.core.codes import (
    AGE_BANDS,
    NONE,
    PROFESSIONAL_BANDS,
    SCALES,
    Category,
    Dimension,
    Gender,
    Leadership,
    Level,
    Rating,
    UnitKind,
)
from dtbd.core.dates import today
from dtbd.core.errors import NotFound, ValidationFailed
from dtbd.core.numbers import percent
from dtbd.organisation.models import Unit, UnitAncestry
from dtbd.people.models import Standing
from dtbd.people.selectors import standings_on

from .registry import Param, date_param, whole_number_param, year_param

QUALIFICATION_DIMENSIONS: tuple[str, ...] = tuple(Dimension.values)
BREAKDOWN_DIMENSIONS = (
    *QUALIFICATION_DIMENSIONS,
    "professional_band",
    "age_band",
    "category",
    "gender",
    "leadership",
    "rating",
)
ATTAINMENT_DIMENSIONS = (*QUALIFICATION_DIMENSIONS, "rating", "age")
BY_FIELDS = ("level", "kind", "category", "leadership", "unit")

# The order rows come out in: each field's codes highest first, as the contract lists them.
ORDER: dict[str, tuple[str, ...]] = {
    **{d: tuple(SCALES[d].values) for d in QUALIFICATION_DIMENSIONS},
    "professional_band": tuple(PROFESSIONAL_BANDS),
    "age_band": tuple(code for code, _, _ in AGE_BANDS),
    "category": tuple(Category.values),
    "gender": tuple(Gender.values),
    "leadership": tuple(Leadership.values),
    "rating": tuple(Rating.values),
    "level": tuple(Level.values),
    "kind": tuple(UnitKind.values),
}


def years_before(on: dt.date, years: int) -> dt.date:
    """The date `years` whole years before `on` (29 February falls back to the 28th).

    A person born on or before it is at least `years` old on `on`: ages compare as dates, so
    the database needs no date arithmetic of its own dialect.
    """
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


# --- parameters ----------------------------------------------------------------------------------

FILTER_PARAMS = (
    Param("unit", help="unit code: count its subtree on the report date (default: everything)"),
    Param("as_of", date_param, help="report date, YYYY-MM-DD (default: today)"),
    Param("level", choices=tuple(Level.values), help="only units of this level"),
    Param("kind", choices=tuple(UnitKind.values), help="only units of this kind"),
    Param("category", choices=tuple(Category.values), help="only people of this category"),
    Param("leadership", choices=tuple(Leadership.values), help="only this leadership post"),
)

BREAKDOWN_PARAMS = (
    Param("dimension", required=True, choices=BREAKDOWN_DIMENSIONS, help="what to break down"),
    Param("by", choices=BY_FIELDS, help="group the rows by this field"),
    Param("year", year_param, help="the assessment year (dimension rating)"),
    *FILTER_PARAMS,
)

ATTAINMENT_PARAMS = (
    Param("dimension", required=True, choices=ATTAINMENT_DIMENSIONS, help="what to measure"),
    Param("at_least", help="the lowest level that counts as met (a code of the dimension)"),
    Param("under", whole_number_param, help="dimension age: younger than this many years"),
    Param("by", choices=BY_FIELDS, help="one row per value of this field"),
    Param("year", year_param, help="the assessment year (dimension rating)"),
    *FILTER_PARAMS,
)


def by_column(params: dict[str, Any]) -> tuple[str, ...]:
    return (params["by"],) if params.get("by") else ()


def breakdown_columns(params: dict[str, Any]) -> tuple[str, ...]:
    return (*by_column(params), "value", "count", "total", "percent")


def attainment_columns(params: dict[str, Any]) -> tuple[str, ...]:
    return (*by_column(params), "met", "total", "percent")


# --- the people counted ----------------------------------------------------------------------


def people_in_post(scope: Scope, params: dict[str, Any]) -> tuple[QuerySet[Standing], dt.date]:
    """Standings valid on the report date (one per person in post), in the caller's scope,
    after the filters; each row carries its unit's level and kind on that date."""
    on = params.get("as_of") or today()
    qs = standings_on(on, scope=scope)
    if params.get("unit"):
        unit = _unit_visible(scope, params["unit"], on)
        subtree = UnitAncestry.objects.filter(ancestor=unit, valid_from__lte=on, valid_to__gte=on)
        qs = qs.filter(among("unit_id", subtree.values("descendant_id")))
    if params.get("level"):
        qs = qs.filter(unit_level=params["level"])
    if params.get("kind"):
        qs = qs.filter(unit_kind=params["kind"])
    if params.get("category"):
        qs = qs.filter(category=params["category"])
    if params.get("leadership"):
        qs = qs.filter(leadership=params["leadership"])
    return qs, on


def _unit_visible(scope: Scope, code: str, on: dt.date) -> Unit:
    """The filter's unit; one outside the scope is as unknown as a missing one (404)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not scope.can(READ, unit, on=on):
        raise NotFound(f"unit: '{code}' not found", field="unit")
    return unit


def _by_expression(by: str) -> Any:
    return {
        "level": F("unit_level"),
        "kind": F("unit_kind"),
        "category": F("category"),
        "leadership": F("leadership"),
        "unit": F("unit__code"),
    }[by]


def _age_band(on: dt.date) -> Case:
    """The BM02 age band of the person's age in whole years on `on`."""
    whens = []
    for code, _lowest, highest in AGE_BANDS:
        if highest is None:
            continue
        # age <= highest  ⇔  born after the day `highest + 1` years before `on`
        whens.append(When(birth_date__gt=years_before(on, highest + 1), then=Value(code)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def _rated(qs: QuerySet[Standing], params: dict[str, Any]) -> QuerySet[Standing]:
    """People rated in `year` (careers.Assessment, one per person and year)."""
    if not params.get("year"):
        raise ValidationFailed("year is required with dimension rating", field="year")
    rated = FilteredRelation(
        "person__assessments",
        condition=Q(person__assessments__year=params["year"]),
    )
    return qs.annotate(rated=rated).filter(rated__isnull=False)


def _value_expression(qs: QuerySet[Standing], params: dict[str, Any], on: dt.date):
    """(queryset, expression) giving each person's value on the breakdown's dimension."""
    dimension = params["dimension"]
    if dimension in QUALIFICATION_DIMENSIONS:
        return qs, F(dimension)
    if dimension == "professional_band":
        # Grouped by the level itself; the bands are summed afterwards (fewer CASEs in SQL).
        return qs, F(Dimension.PROFESSIONAL)
    if dimension == "age_band":
        return qs, _age_band(on)
    if dimension in ("category", "leadership", "gender"):
        return qs, F(dimension)
    if dimension == "rating":
        return _rated(qs, params), F("rated__rating")
    raise ValidationFailed(f"dimension: '{dimension}' is not supported", field="dimension")


# --- breakdown -----------------------------------------------------------------------------


def breakdown(scope: Scope, params: dict[str, Any]) -> dict:
    """How many people of each group hold each value: count, the group's total, percent."""
    if params.get("year") and params["dimension"] != "rating":
        raise ValidationFailed("year only goes with dimension rating", field="year")
    qs, on = people_in_post(scope, params)
    qs, value = _value_expression(qs, params, on)
    by = params.get("by")
    group = {"g": _by_expression(by)} if by else {}
    counted = qs.annotate(v=value, **group).values(*group, "v").annotate(n=Count("pk")).order_by()
    return breakdown_from(params, ((row.get("g"), row["v"], row["n"]) for row in counted))


def breakdown_from(params: dict[str, Any], counted: Iterable[tuple[Any, str, int]]) -> dict:
    """The report from the people counted by (group, value): bands summed, totals, order."""
    by = params.get("by")
    counts: dict[tuple[Any, str], int] = {}
    for g, v, n in counted:
        key = (g, _band(params["dimension"], v))
        counts[key] = counts.get(key, 0) + n
    totals: dict[Any, int] = {}
    for (g, _v), n in counts.items():
        totals[g] = totals.get(g, 0) + n
    rows = []
    for (g, v), n in sorted(counts.items(), key=lambda item: _sort_key(by, params, item[0])):
        row: dict[str, Any] = {by: _group_value(g)} if by else {}
        row.update(value=v, count=n, total=totals[g], percent=percent(n, totals[g]))
        rows.append(row)
    return {"report": "breakdown", "params": _echo(params), "rows": rows}


def counted(
    scope: Scope, params: dict[str, Any], columns: tuple[str, ...]
) -> dict[tuple[Any, ...], int]:
    """The people in post (the reports' filters) counted by the values of some of their
    standing's columns, in one grouped query: the overview shapes two reports from one."""
    qs, _on = people_in_post(scope, params)
    grouped = qs.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n").order_by()
    return {tuple(row[:-1]): row[-1] for row in grouped}


def _band(dimension: str, value: str) -> str:
    if dimension != "professional_band":
        return value
    for band, levels in PROFESSIONAL_BANDS.items():
        if value in levels:
            return band
    return value


def _rank(field: str, value: Any) -> tuple[int, str]:
    order = ORDER.get(field, ())
    if value in order:
        return (order.index(value), "")
    return (len(order), "" if value is None else str(value))


def _sort_key(by: str | None, params: dict[str, Any], key: tuple[Any, str]):
    g, v = key
    return (_rank(by, g) if by else (0, ""), _rank(params["dimension"], v))


def _group_value(value: Any) -> Any:
    return None if value == "" else value  # a unit without a kind


def _echo(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as given, in the contract's text form."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}


# --- attainment ----------------------------------------------------------------------------


def attainment(scope: Scope, params: dict[str, Any]) -> dict:
    """How many of each group meet a threshold: met, total, percent."""
    dimension = params["dimension"]
    qs, on = people_in_post(scope, params)
    met = _met_condition(params, on)
    if dimension == "rating":
        qs = _rated(qs, params)
    by = params.get("by")
    aggregates = {"met": Count("pk", filter=met) if met else Count("pk"), "total": Count("pk")}
    if by:
        grouped: Iterable[dict[str, Any]] = (
            qs.annotate(g=_by_expression(by)).values("g").annotate(**aggregates).order_by()
        )
    else:
        grouped = [qs.aggregate(**aggregates)]
    return attainment_from(params, ((row.get("g"), row["met"], row["total"]) for row in grouped))


def attainment_from(params: dict[str, Any], grouped: Iterable[tuple[Any, int, int]]) -> dict:
    """The report from (group, met, total) per group: percent and order."""
    by = params.get("by")
    rows = []
    for g, met, total in sorted(grouped, key=lambda r: _rank(by, r[0]) if by else (0, "")):
        out: dict[str, Any] = {by: _group_value(g)} if by else {}
        out.update(met=met, total=total, percent=percent(met, total))
        rows.append(out)
    return {"report": "attainment", "params": _echo(params), "rows": rows}


def met_levels(params: dict[str, Any]) -> tuple[str, ...]:
    """The levels of a qualification dimension that meet `at_least` (checked as the report
    checks them)."""
    if params["dimension"] not in QUALIFICATION_DIMENSIONS:
        raise ValidationFailed("a qualification dimension is needed", field="dimension")
    _met_condition(params, today())  # the report's own checks of the parameters
    return _levels_meeting(params)


def _met_condition(params: dict[str, Any], on: dt.date) -> Q:
    dimension = params["dimension"]
    if dimension == "age":
        if params.get("under") is None:
            raise ValidationFailed("under is required with dimension age", field="under")
        if params.get("at_least"):
            raise ValidationFailed("at_least does not go with dimension age", field="at_least")
        # younger than `under` whole years  ⇔  born after the day `under` years before
        return Q(birth_date__gt=years_before(on, params["under"]))
    if params.get("under") is not None:
        raise ValidationFailed("under only goes with dimension age", field="under")
    if params.get("year") and dimension != "rating":
        raise ValidationFailed("year only goes with dimension rating", field="year")
    levels = _levels_meeting(params)
    if dimension == "rating":
        return Q(rated__rating__in=levels)
    if params["at_least"] == NONE:
        return Q()  # everyone holds at least nothing
    return Q(**{f"{dimension}__in": levels})


def _levels_meeting(params: dict[str, Any]) -> tuple[str, ...]:
    """`at_least` and the levels above it."""
    dimension = params["dimension"]
    at_least = params.get("at_least")
    if not at_least:
        raise ValidationFailed(f"at_least is required with dimension {dimension}", field="at_least")
    codes = ORDER[dimension]
    if at_least not in codes:
        raise ValidationFailed(
            f"at_least: '{at_least}' is not a level of {dimension} "
            f"(expected one of {', '.join(codes)})",
            field="at_least",
        )
    return codes[: codes.index(at_least) + 1]
