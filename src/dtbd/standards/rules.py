"""The pure rules of standards: valid codes, "or higher" with equivalences, and which
programme category closes a gap. No database access except where named."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dtbd.core.codes import CONFERS, NONE, SCALES, Leadership, Level, rank_of
from dtbd.core.errors import ValidationFailed

from .models import TargetKind

# The categories that close a gap on a dimension without a conferral row in the contract.
DIMENSION_CATEGORY = {
    "professional": "professional",
    "foreign_language": "foreign_language",
    "it": "it",
}
# The contract's conferral table, inverted: (dimension, level) -> programme category.
CLOSED_BY = {value: category for category, value in CONFERS.items()}


def closing_category(dimension: str, level: str) -> str:
    """The programme category whose completion closes a gap of `level` on `dimension`."""
    return CLOSED_BY.get((dimension, level)) or DIMENSION_CATEGORY.get(dimension, "other")


def dimension(value: str, *, field: str = "dimension") -> str:
    if value not in SCALES:
        raise ValidationFailed(
            f"unknown qualification dimension '{value}' (expected one of {', '.join(SCALES)})",
            field=field,
        )
    return value


def level(dimension_code: str, value: str, *, field: str = "min_level") -> str:
    """A level on the dimension's scale other than `none` (requiring nothing is no row)."""
    values = [v for v in SCALES[dimension_code].values if v != NONE]
    if value not in values:
        raise ValidationFailed(
            f"'{value}' is not a level of {dimension_code} (expected one of {', '.join(values)})",
            field=field,
        )
    return value


def target(kind: str, code: str, unit_level: str) -> tuple[str, str, str]:
    """Check what a standard applies to; the rank must exist (people.Rank)."""
    from dtbd.people.models import Rank

    code = (code or "").strip()
    if kind not in TargetKind.values:
        raise ValidationFailed(
            f"unknown standard kind '{kind}' (expected one of {', '.join(TargetKind.values)})",
            field="kind",
        )
    if kind == TargetKind.LEADERSHIP:
        if code not in (Leadership.HEAD, Leadership.DEPUTY):
            raise ValidationFailed(
                f"a leadership standard applies to 'head' or 'deputy', not '{code}'", field="code"
            )
        if unit_level not in Level.values:
            raise ValidationFailed(
                f"unknown unit level '{unit_level}' (expected one of {', '.join(Level.values)})",
                field="unit_level",
            )
        return kind, code, unit_level
    if not code:
        raise ValidationFailed("the code of the rank or job position is required", field="code")
    if kind == TargetKind.RANK and not Rank.objects.filter(code=code).exists():
        raise ValidationFailed(f"unknown rank code '{code}'", field="code")
    return kind, code, ""


def requirements(items: dict[str, str]) -> dict[str, str]:
    """{dimension: minimum level}, each checked; at least one."""
    if not items:
        raise ValidationFailed("a standard needs at least one requirement", field="requirements")
    return {dimension(d): level(d, lv) for d, lv in items.items()}


def period(valid_from: dt.date, valid_to: dt.date) -> None:
    if valid_to < valid_from:
        raise ValidationFailed(
            f"the period ends ({valid_to:%d/%m/%Y}) before it starts ({valid_from:%d/%m/%Y})",
            field="valid_to",
        )


# --- equivalences -------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """Holding `level` (or higher) on `dimension` counts as `to_level` on `to_dimension`."""

    dimension: str
    level: str
    to_dimension: str
    to_level: str


def implied(edges: Iterable[Edge]) -> dict[tuple[str, str], dict[str, int]]:
    """For every held (dimension, level): the highest rank it counts as on every dimension,
    following equivalences transitively (the scales give "or higher")."""
    edges = list(edges)
    nodes = [(d, lv) for d, scale in SCALES.items() for lv in scale.values if lv != NONE]
    result: dict[tuple[str, str], dict[str, int]] = {}
    for node in nodes:
        best = {node[0]: rank_of(*node)}
        changed = True
        while changed:
            changed = False
            for e in edges:
                if best.get(e.dimension, 0) >= rank_of(e.dimension, e.level):
                    r = rank_of(e.to_dimension, e.to_level)
                    if best.get(e.to_dimension, 0) < r:
                        best[e.to_dimension] = r
                        changed = True
        result[node] = best
    return result


def accepted_levels(
    dimension_code: str, min_level: str, table: dict[tuple[str, str], dict[str, int]]
) -> list[tuple[str, str]]:
    """Every held (dimension, level) that satisfies "`min_level` or higher on `dimension`"."""
    needed = rank_of(dimension_code, min_level)
    return sorted(node for node, best in table.items() if best.get(dimension_code, 0) >= needed)


def find_cycle(edges: list[Edge], new: Edge) -> list[str] | None:
    """The path back to `new`'s source if adding it makes two levels imply each other."""
    if new.dimension == new.to_dimension:
        return [f"{new.dimension}={new.level}", f"{new.to_dimension}={new.to_level}"]
    start = (new.to_dimension, new.to_level)
    # Depth-first over edges: from a held (d, l) any edge whose source is at most l applies.
    path: list[tuple[str, str]] = [start]
    seen: set[tuple[str, str]] = set()

    def reaches(node: tuple[str, str]) -> bool:
        d, lv = node
        if d == new.dimension and rank_of(d, lv) >= rank_of(new.dimension, new.level):
            return True
        if node in seen:
            return False
        seen.add(node)
        for e in edges:
            if e.dimension == d and rank_of(d, e.level) <= rank_of(d, lv):
                path.append((e.to_dimension, e.to_level))
                if reaches((e.to_dimension, e.to_level)):
                    return True
                path.pop()
        return False

    if reaches(start):
        return [f"{new.dimension}={new.level}", *(f"{d}={lv}" for d, lv in path)]
    return None
