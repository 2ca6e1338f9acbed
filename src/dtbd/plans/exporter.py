"""The `plans` exchange file: one row per target of each visible plan's latest version.

A round trip is a no-op: importing the export changes nothing (see importer). The contract's
columns come first; `level`, `kind` and `title` follow (the importer reads them back).
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .selectors import plans_visible

HEADER = (
    "plan_code",
    "unit_code",
    "period_start",
    "period_end",
    "program_category",
    "target",
    "measure",
    "budget_vnd",
    "decision_no",
    "decision_date",
    "level",
    "kind",
    "title",
)


def plans_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """`on` is not used: a plan's file states its latest version, whatever the date."""
    plans = plans_visible(actor=actor).select_related("unit").order_by("code")

    def rows() -> Iterator[tuple]:
        for plan in plans:
            version = plan.versions.order_by("-number").first()
            if version is None:
                continue
            for t in version.targets.order_by("program_category", "level", "measure"):
                yield (
                    plan.code,
                    plan.unit.code,
                    version.period_start,
                    version.period_end,
                    t.program_category,
                    t.target,
                    t.measure,
                    "" if t.budget_vnd is None else t.budget_vnd,
                    version.decision_no,
                    version.decision_date or "",
                    t.level,
                    version.kind,
                    version.title,
                )

    return HEADER, rows()
