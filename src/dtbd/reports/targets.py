"""Term targets: a share to reach by the end of a term, measured by the attainment report.

The current value is attainment in the target's unit today; the trend is its value at the
end of each year of the term so far (and the year before it began, the base); the gap is
target − current (positive: still to go).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.dates import today
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.organisation.models import Unit

from . import registry
from .models import TermTarget

MEASURE_PARAMS = (
    "dimension",
    "at_least",
    "under",
    "year",
    "level",
    "kind",
    "category",
    "leadership",
)


@transaction.atomic
def target_create(
    *,
    actor: Any,
    unit: Unit,
    label: str,
    term_start: int,
    term_end: int,
    params: dict[str, str],
    target_percent: Decimal,
) -> TermTarget:
    if not policy_for(actor).covers(WRITE, unit.pk):
        raise PermissionDenied(f"you may not set targets for unit '{unit.code}'")
    if not label.strip():
        raise ValidationFailed("label is required", field="label")
    if term_end < term_start:
        raise ValidationFailed("term_end is before term_start", field="term_end")
    if not Decimal(0) <= target_percent <= Decimal(100):
        raise ValidationFailed("target_percent must be between 0 and 100", field="target_percent")
    unknown = sorted(set(params) - set(MEASURE_PARAMS))
    if unknown:
        raise ValidationFailed(
            f"'{unknown[0]}' cannot be part of a target's measure", field=unknown[0]
        )
    # The measure must be a valid attainment without groups: measure it once, as the page will.
    registry.run("attainment", policy_for(actor), {**params, "unit": unit.code})
    target = TermTarget.objects.create(
        unit=unit,
        label=label.strip(),
        term_start=term_start,
        term_end=term_end,
        params=dict(params),
        target_percent=target_percent,
    )
    audit_record(
        actor=actor,
        event="report.target_created",
        subject_type="target",
        subject_key=str(target.pk),
        data={
            "unit": unit.code,
            "label": target.label,
            "params": params,
            "term": [term_start, term_end],
            "target_percent": str(target_percent),
        },
    )
    return target


def targets_visible(*, actor: Any) -> QuerySet[TermTarget]:
    return policy_for(actor).limit(TermTarget.objects.select_related("unit"), unit="unit_id")


@dataclass
class Progress:
    target: TermTarget
    current: float | None
    met: int
    total: int
    trend: list[tuple[int, float | None]]  # (year, percent at its end)
    gap: float | None


def progress(*, actor: Any, target: TermTarget, on: dt.date | None = None) -> Progress:
    on = on or today()
    scope = policy_for(actor)

    def measure(day: dt.date) -> dict:
        raw = {**target.params, "unit": target.unit.code, "as_of": day.isoformat()}
        return registry.run("attainment", scope, raw)["rows"][0]

    now = measure(on)
    trend = []
    for year in range(target.term_start - 1, min(target.term_end, on.year - 1) + 1):
        trend.append((year, measure(dt.date(year, 12, 31))["percent"]))
    gap = None
    if now["percent"] is not None:
        gap = float(
            (target.target_percent - Decimal(str(now["percent"]))).quantize(Decimal("0.01"))
        )
    return Progress(
        target=target,
        current=now["percent"],
        met=now["met"],
        total=now["total"],
        trend=trend,
        gap=gap,
    )
