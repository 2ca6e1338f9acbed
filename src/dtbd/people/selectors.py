"""Reads of the registry, on a date and within the caller's scope."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from dtbd.accounts.policy import READ, Scope, among, policy_for
from dtbd.core.codes import NONE, SCALES, Dimension
from dtbd.core.errors import NotFound
from dtbd.core.text import fold
from dtbd.organisation.models import UnitVersion

from .models import Person, Post, Qualification, Standing


def _level_on(dimension: str, on: dt.date) -> Subquery:
    return Subquery(
        Qualification.objects.filter(
            person_id=OuterRef("person_id"),
            dimension=dimension,
            valid_from__lte=on,
            valid_to__gte=on,
        ).values("level")[:1]
    )


def holdings_on(on: dt.date, *, actor: Any = "system") -> QuerySet[Post]:
    """Who held what, where, on `on`: one row per person in post, in one SQL query.

    Each row is the post, annotated with the unit's level, kind and name on that date and the
    level held on every qualification dimension (NULL meaning none).
    """
    unit_version = UnitVersion.objects.filter(
        unit_id=OuterRef("unit_id"), valid_from__lte=on, valid_to__gte=on
    )
    qs = (
        Post.objects.filter(valid_from__lte=on, valid_to__gte=on)
        .select_related("person", "unit")
        .annotate(
            unit_name=Subquery(unit_version.values("name")[:1]),
            unit_level=Subquery(unit_version.values("level")[:1]),
            unit_kind=Subquery(unit_version.values("kind")[:1]),
            **{dimension: _level_on(dimension, on) for dimension in Dimension.values},
        )
    )
    return _scope_posts(qs, actor, on)


def _scope_posts(qs: QuerySet, actor: Any, on: dt.date | None) -> QuerySet:
    """Posts in the actor's units on `on`, and the actor's own (a `self` grant)."""
    return policy_for(actor).limit(qs, unit="unit_id", owner="person_id", on=on)


def standings_on(on: dt.date, *, scope: Scope) -> QuerySet[Standing]:
    """The people in post on `on` that `scope` may read, one standing each (ADR 0010): the
    post, the unit's level and kind then and the levels held, as columns. Unit ids go as a
    list (accounts.policy.among): a province's rows are then read through the unit index."""
    qs = Standing.objects.filter(valid_from__lte=on, valid_to__gte=on)
    return scope.limit(qs, unit="unit_id", owner="person_id", on=on, listed=True)


@dataclass
class PeopleFilter:
    on: dt.date
    q: str = ""
    unit_id: int | None = None
    level: str = ""
    category: str = ""
    leadership: str = ""
    dimension: str = ""  # with `at_least`: hold this level or higher on the dimension
    at_least: str = ""


def people_list(*, actor: Any, filters: PeopleFilter) -> QuerySet[Standing]:
    """People in post on the filter's date, matching it, in Vietnamese name order.

    Rows are standings (a person in post, with the post's fields and the levels held on the
    date, ADR 0010) with the person selected; paginate the queryset. Every filter but the
    search is a column of the one table.
    """
    on = filters.on
    qs = standings_on(on, scope=policy_for(actor)).select_related("person")
    if filters.q:
        needle = fold(filters.q)
        qs = qs.filter(Q(person__search_name__contains=needle) | Q(person__code=filters.q.strip()))
    if filters.unit_id:
        from dtbd.organisation.selectors import subtree_ids

        qs = qs.filter(among("unit_id", subtree_ids(filters.unit_id, on)))
    if filters.level:
        qs = qs.filter(unit_level=filters.level)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.leadership:
        qs = qs.filter(leadership=filters.leadership)
    if filters.dimension and filters.at_least and filters.dimension in SCALES:
        qs = _holding_at_least(qs, filters.dimension, filters.at_least)
    unit_version = UnitVersion.objects.filter(
        unit_id=OuterRef("unit_id"), valid_from__lte=on, valid_to__gte=on
    )
    return qs.annotate(unit_name=Subquery(unit_version.values("name")[:1])).order_by(
        "person__sort_key", "person__code"
    )


def _holding_at_least(qs: QuerySet[Standing], dimension: str, at_least: str):
    values = SCALES[dimension].values  # highest first
    if at_least not in values:
        return qs.none()
    if at_least == NONE:
        return qs
    return qs.filter(**{f"{dimension}__in": values[: values.index(at_least) + 1]})


def person_get(*, actor: Any, code: str) -> Person:
    """The person by code, or NotFound when missing or outside the actor's scope."""
    person = Person.objects.filter(code=code).first()
    if person is None or not person_visible(actor=actor, person=person):
        raise NotFound(f"person '{code}' not found")
    return person


def person_visible(*, actor: Any, person: Person) -> bool:
    """A person is visible if any of their posts, ever, lay in the actor's units."""
    return policy_for(actor).can(READ, person)


def people_visible(*, actor: Any) -> QuerySet[Person]:
    return policy_for(actor).people()


def person_posts(*, person: Person) -> QuerySet[Post]:
    """The person's posts over time, newest first, with each unit's name at the post's start."""
    name_then = UnitVersion.objects.filter(
        unit_id=OuterRef("unit_id"),
        valid_from__lte=OuterRef("valid_from"),
        valid_to__gte=OuterRef("valid_from"),
    ).values("name")[:1]
    return (
        person.posts.select_related("unit")
        .annotate(unit_name=Subquery(name_then))
        .order_by("-valid_from")
    )


def person_qualifications(*, person: Person) -> QuerySet[Qualification]:
    return person.qualifications.order_by("dimension", "-valid_from")


def person_current(*, person: Person, on: dt.date) -> dict[str, Any]:
    """What the person holds on `on`: {dimension: level} with `none` where nothing is held."""
    held = dict(
        person.qualifications.filter(valid_from__lte=on, valid_to__gte=on).values_list(
            "dimension", "level"
        )
    )
    return {d: held.get(d, NONE) for d in Dimension.values}
