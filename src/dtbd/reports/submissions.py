"""Filing a report for a period (frozen figures) and comparing it with today's figures."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from dtbd.organisation.models import Unit

from . import registry
from .models import SubmittedReport


@transaction.atomic
def report_submit(
    *, actor: Any, name: str, raw: Mapping[str, str], period: str, note: str = ""
) -> SubmittedReport:
    """Compute report `name` as `actor` sees it and store its figures for `period`.

    Filing needs the right to change the unit's records (a manager or an administrator of
    it); a report without a unit is filed only by those who may change everything.
    """
    scope = policy_for(actor)
    unit = None
    if raw.get("unit"):
        unit = Unit.objects.filter(code=raw["unit"]).first()
        if unit is None or not scope.can("read", unit):
            raise NotFound(f"unit: '{raw['unit']}' not found", field="unit")
    if not scope.covers(WRITE, unit.pk if unit else None):
        raise PermissionDenied("you may not file reports for this unit")
    # The period is checked once the filer is known to be allowed: refused comes first.
    period = period.strip()
    if not period:
        raise ValidationFailed("period is required (e.g. 2025)", field="period")
    result = registry.run(name, scope, raw)
    try:
        with transaction.atomic():
            submitted = SubmittedReport.objects.create(
                report=name,
                period=period,
                unit=unit,
                params=dict(raw),
                result=result,
                note=note.strip(),
                submitted_by=actor if getattr(actor, "pk", None) else None,
                submitted_by_name=getattr(actor, "username", None) or str(actor),
            )
    except IntegrityError:
        raise Conflict(
            f"{name} for {period} was already submitted; it cannot be changed",
            code="already_submitted",
        ) from None
    audit_record(
        actor=actor,
        event="report.submitted",
        subject_type="report",
        subject_key=f"{name}:{period}:{raw.get('unit', '')}",
        data={"params": dict(raw), "period": period},
    )
    return submitted


def submissions_visible(*, actor: Any) -> QuerySet[SubmittedReport]:
    """The filings of the units the actor may read (system-wide ones: to those who see all)."""
    scope = policy_for(actor)
    qs = SubmittedReport.objects.select_related("unit")
    if scope.everything:
        return qs
    return scope.limit(qs.filter(unit__isnull=False), unit="unit_id")


def submission_get(*, actor: Any, pk: int) -> SubmittedReport:
    found = submissions_visible(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"submitted report {pk} not found")
    return found


def differences(*, actor: Any, submitted: SubmittedReport) -> list[dict[str, Any]]:
    """Each figure that differs between the filing and the same report computed today:
    {key (the row's labels), field, submitted, live}; rows present on one side only show the
    other side as None."""
    live = registry.run(submitted.report, policy_for(actor), submitted.params)
    then, now = _keyed(submitted.result["rows"]), _keyed(live["rows"])
    out = []
    for key in list(then) + [k for k in now if k not in then]:
        a, b = then.get(key, {}), now.get(key, {})
        for field in dict.fromkeys([*a, *b]):
            if field in dict(key):
                continue
            if a.get(field) != b.get(field):
                out.append(
                    {"key": key, "field": field, "submitted": a.get(field), "live": b.get(field)}
                )
    return out


def _keyed(rows: list[dict]) -> dict[tuple, dict]:
    """Rows by their labels (the text fields: the group, the value, the unit, the line)."""
    out = {}
    for row in rows:
        key = tuple(
            (k, v)
            for k, v in row.items()
            if isinstance(v, str)
            or (v is None and k in ("unit", "line", "level", "kind", "category", "leadership"))
        )
        out[key] = row
    return out
