"""The `assessments` exchange file out: the ratings the caller may see, as the import reads them."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .rules import num
from .selectors import assessments_list

HEADER = ("person_code", "year", "rating", "points", "decision_no")


def assessments_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """Every rating up to the year of `on`, by person code and year."""
    qs = (
        assessments_list(actor=actor)
        .filter(year__lte=on.year)
        .order_by("person__code", "year")
        .values_list("person__code", "year", "rating", "points", "decision_no")
    )

    def rows() -> Iterator[tuple]:
        for code, year, rating, points, decision_no in qs.iterator(chunk_size=5000):
            yield (code, year, rating, num(points), decision_no)

    return HEADER, rows()
