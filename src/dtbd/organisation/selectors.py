"""Reads of the organisation tree, always on a date and always within the caller's scope."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from dtbd.accounts.policy import READ, policy_for
from dtbd.core.codes import Level
from dtbd.core.errors import NotFound

from .models import Unit, UnitAncestry, UnitVersion


def subtree_ids(unit: Unit | int, on: dt.date) -> QuerySet:
    """Ids of the unit and every unit below it on `on`, as a subquery."""
    return UnitAncestry.objects.filter(ancestor=unit, valid_from__lte=on, valid_to__gte=on).values(
        "descendant_id"
    )


Spans = dict[int, list[tuple[dt.date, dt.date]]]


def subtree_during(root: Unit | int, start: dt.date, end: dt.date) -> Spans:
    """Every unit in the subtree of `root` at some time from `start` to `end`, with the
    periods it lay there (a unit merged into the subtree has one that starts inside)."""
    spans: Spans = {}
    for unit_id, a, b in UnitAncestry.objects.filter(
        ancestor=root, valid_from__lte=end, valid_to__gte=start
    ).values_list("descendant_id", "valid_from", "valid_to"):
        spans.setdefault(unit_id, []).append((a, b))
    return spans


def whole_and_partly(spans: Spans, start: dt.date, end: dt.date) -> tuple[list[int], list[int]]:
    """The units of `spans` in the subtree all through `start`–`end`, and the few that
    joined or left it meanwhile (whose records must be tested date by date)."""
    whole = sorted(u for u, s in spans.items() if any(a <= start and b >= end for a, b in s))
    return whole, sorted(set(spans) - set(whole))


def versions_on(on: dt.date) -> QuerySet[UnitVersion]:
    return UnitVersion.objects.filter(valid_from__lte=on, valid_to__gte=on)


def unit_versions_visible(*, actor: Any, on: dt.date) -> QuerySet[UnitVersion]:
    """What every unit the actor may see was on `on`."""
    qs = versions_on(on).select_related("unit", "parent")
    return policy_for(actor).limit(qs, unit="unit_id", institution="unit_id", on=on)


def unit_get(*, actor: Any, code: str) -> Unit:
    """The unit by code, or NotFound if it does not exist or lies outside the actor's scope."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not policy_for(actor).can(READ, unit):
        raise NotFound(f"unit '{code}' not found")
    return unit


def unit_children(*, actor: Any, parent: Unit | None, on: dt.date) -> list[UnitVersion]:
    """The units directly under `parent` (or the top of the actor's tree) on `on`.

    Each carries `has_children`, so the tree can show which nodes expand.
    """
    qs = unit_versions_visible(actor=actor, on=on)
    if parent is not None:
        qs = qs.filter(parent=parent)
    else:
        # The actor's top: visible units whose parent is not visible (or that have none).
        visible_parent = unit_versions_visible(actor=actor, on=on).filter(
            unit_id=OuterRef("parent_id")
        )
        qs = qs.exclude(Exists(visible_parent))
    qs = qs.annotate(has_children=Exists(versions_on(on).filter(parent_id=OuterRef("unit_id"))))
    from dtbd.core.text import text_sort_key

    level_rank = {"central": 0, "province": 1, "district": 2, "commune": 3}
    kind_rank = {"area": 9}
    return sorted(
        qs,
        key=lambda v: (level_rank[v.level], kind_rank.get(v.kind, 0), text_sort_key(v.name)),
    )


def unit_path(*, unit: Unit, on: dt.date) -> list[UnitVersion]:
    """The unit's ancestors from the top down to the unit itself, as they were on `on`."""
    ids = list(
        UnitAncestry.objects.filter(descendant=unit, valid_from__lte=on, valid_to__gte=on)
        .order_by("-depth")
        .values_list("ancestor_id", flat=True)
    )
    found = versions_on(on).filter(unit_id__in=ids).select_related("unit")
    versions = {v.unit_id: v for v in found}
    return [versions[i] for i in ids if i in versions]


def unit_history(*, unit: Unit) -> QuerySet[UnitVersion]:
    return unit.versions.select_related("parent").order_by("valid_from")


def unit_versions_list(
    *,
    actor: Any,
    on: dt.date,
    q: str = "",
    level: str = "",
    kind: str = "",
    parent: Unit | None = None,
) -> list[UnitVersion]:
    """The units the actor may see on `on`, filtered, by level then Vietnamese name.

    `q` matches the name without diacritics, or the code; `parent` keeps its direct children.
    A province has thousands of units, not millions, so the text match and the Vietnamese
    ordering run in Python rather than in two databases' dialects.
    """
    from dtbd.core.text import fold, text_sort_key

    qs = unit_versions_visible(actor=actor, on=on)
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    versions = list(qs)
    if q.strip():
        needle, code = fold(q), q.strip().lower()
        versions = [v for v in versions if needle in fold(v.name) or code in v.unit.code.lower()]
    level_rank = {value: rank for rank, value in enumerate(Level.values)}
    return sorted(versions, key=lambda v: (level_rank[v.level], text_sort_key(v.name), v.unit.code))
