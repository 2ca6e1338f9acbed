"""Dated values: "from date D on, the value is V" over a list of non-overlapping periods.

Posts, qualifications and unit versions all keep history this way. The planning is pure so
that single-record services and bulk imports share it exactly.
"""

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .dates import END, ONE_DAY


@dataclass(frozen=True)
class Span:
    id: int
    valid_from: dt.date
    valid_to: dt.date
    value: Hashable  # None means "nothing held"


@dataclass(frozen=True)
class Plan:
    """What to write: at most one span to close or change, and at most one to add."""

    close: tuple[int, dt.date] | None = None  # (span id, new valid_to)
    replace: tuple[int, Hashable] | None = None  # (span id, new value), same dates
    delete: int | None = None
    add: tuple[dt.date, dt.date, Hashable] | None = None  # (valid_from, valid_to, value)

    @property
    def changed(self) -> bool:
        return any((self.close, self.replace, self.delete is not None, self.add))


UNCHANGED = Plan()


def value_on(spans: Sequence[Span], on: dt.date) -> Hashable:
    for span in spans:
        if span.valid_from <= on <= span.valid_to:
            return span.value
    return None


def plan_set(spans: Sequence[Span], on: dt.date, value: Hashable) -> Plan:
    """Make `value` hold from `on` until the next recorded change.

    The span covering `on` is cut at the day before (or changed in place when it starts on
    `on`); later spans are kept. `value=None` ends what was held.
    """
    covering = next((s for s in spans if s.valid_from <= on <= s.valid_to), None)
    if covering is None:
        if value is None:
            return UNCHANGED
        later = [s.valid_from for s in spans if s.valid_from > on]
        return Plan(add=(on, min(later) - ONE_DAY if later else END, value))
    if covering.value == value:
        return UNCHANGED
    if covering.valid_from == on:
        if value is None:
            return Plan(delete=covering.id)
        return Plan(replace=(covering.id, value))
    add = (on, covering.valid_to, value) if value is not None else None
    return Plan(close=(covering.id, on - ONE_DAY), add=add)
