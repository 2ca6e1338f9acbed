"""Rebuilding the dated closure table from unit versions."""

import datetime as dt
from collections import defaultdict

from dtbd.core.dates import ONE_DAY
from dtbd.core.db import bulk_insert, lock
from dtbd.core.errors import ValidationFailed

from .models import Unit, UnitAncestry, UnitVersion

Segment = tuple[dt.date, dt.date, tuple[int, ...]]  # period and ancestors, nearest first


class CycleError(ValidationFailed):
    def __init__(self, codes: list[str]):
        super().__init__(
            "parent cycle: " + " → ".join(codes), field="parent_code", code="parent_cycle"
        )
        self.codes = codes


def _uncovered(lo: dt.date, hi: dt.date, covered: list[tuple[dt.date, dt.date]]):
    """Sub-periods of [lo, hi] that `covered` (sorted, disjoint) does not reach."""
    cursor = lo
    for f, t in sorted(covered):
        if f > cursor:
            yield cursor, min(f - ONE_DAY, hi)
        if t >= hi:
            return
        cursor = max(cursor, t + ONE_DAY)
    if cursor <= hi:
        yield cursor, hi


def compute_segments(versions: dict[int, list[tuple[dt.date, dt.date, int | None]]]):
    """For every unit, the periods of its life with the chain of ancestors in each.

    A unit whose parent does not exist for part of a period is a root for that part.
    Raises CycleError (with unit ids) if a unit is ever its own ancestor.
    """
    memo: dict[int, list[Segment]] = {}
    visiting: list[int] = []

    def segments(unit_id: int) -> list[Segment]:
        if unit_id in memo:
            return memo[unit_id]
        if unit_id in visiting:
            raise CycleError([str(u) for u in [*visiting[visiting.index(unit_id) :], unit_id]])
        visiting.append(unit_id)
        out: list[Segment] = []
        for f, t, parent in versions.get(unit_id, []):
            if parent is None:
                out.append((f, t, ()))
                continue
            covered = []
            for pf, pt, path in segments(parent):
                lo, hi = max(f, pf), min(t, pt)
                if lo <= hi:
                    out.append((lo, hi, (parent, *path)))
                    covered.append((lo, hi))
            out.extend((lo, hi, ()) for lo, hi in _uncovered(f, t, covered))
        visiting.pop()
        memo[unit_id] = out
        return out

    for unit_id in versions:
        segments(unit_id)
    return memo


def ancestry_rebuild() -> int:
    """Recompute UnitAncestry for the whole tree; call inside the writing transaction."""
    lock("organisation.tree")
    versions: dict[int, list[tuple[dt.date, dt.date, int | None]]] = defaultdict(list)
    for unit_id, f, t, parent in UnitVersion.objects.order_by("unit_id", "valid_from").values_list(
        "unit_id", "valid_from", "valid_to", "parent_id"
    ):
        versions[unit_id].append((f, t, parent))
    try:
        memo = compute_segments(versions)
    except CycleError as error:
        codes = dict(Unit.objects.filter(id__in=error.codes).values_list("id", "code"))
        raise CycleError([codes.get(int(i), i) for i in error.codes]) from None

    rows = []
    for unit_id, segs in memo.items():
        for f, t, path in segs:
            rows.append((unit_id, unit_id, 0, f, t))
            rows.extend((ancestor, unit_id, depth, f, t) for depth, ancestor in enumerate(path, 1))
    UnitAncestry.objects.all().delete()
    table = UnitAncestry._meta.db_table
    return bulk_insert(
        table, ["ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"], rows
    )
