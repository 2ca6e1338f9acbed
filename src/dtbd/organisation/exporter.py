"""The `units` exchange file, written as the tree stood on a date (a round trip is a no-op)."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from dtbd.accounts.policy import visible_unit_ids
from dtbd.core.dates import open_end

from .models import Unit

HEADER = ("code", "name", "level", "parent_code", "kind", "valid_from", "valid_to")


def units_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """Every visible unit with what it was on `on` (its nearest version if not alive then)."""
    units = Unit.objects.prefetch_related("versions__parent").order_by("code")
    scope = visible_unit_ids(actor, None)
    if scope is not None:
        units = units.filter(pk__in=scope)

    def rows() -> Iterator[tuple]:
        ordered = []
        for unit in units:
            when = max(unit.valid_from, min(on, unit.valid_to))
            version = next(v for v in unit.versions.all() if v.valid_from <= when <= v.valid_to)
            ordered.append(
                (
                    unit.code,
                    version.name,
                    version.level,
                    version.parent.code if version.parent else "",
                    version.kind,
                    open_end(unit.valid_from),
                    open_end(unit.valid_to),
                )
            )
        yield from _parents_first(ordered)

    return HEADER, rows()


def _parents_first(rows: list[tuple]) -> Iterator[tuple]:
    by_code = {r[0]: r for r in rows}
    done: set[str] = set()

    def visit(row: tuple) -> Iterator[tuple]:
        if row[0] in done:
            return
        done.add(row[0])
        parent = by_code.get(row[3])
        if parent is not None:
            yield from visit(parent)
        yield row

    for row in rows:
        yield from visit(row)
