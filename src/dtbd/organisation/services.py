"""Writes to the organisation tree. Every function audits in its own transaction."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dtbd.audit.services import audit_record, diff
from dtbd.core.codes import Level, UnitKind
from dtbd.core.dates import BEGINNING, END, ONE_DAY, open_end
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.core.timeline import Span, plan_set

from . import hooks
from .ancestry import ancestry_rebuild
from .models import Unit, UnitSuccession, UnitVersion

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")
LEVEL_ORDER = Level.values  # highest first


@dataclass(frozen=True)
class UnitFacts:
    """What a unit is over a period: the value its versions hold."""

    name: str
    level: str
    kind: str
    parent_id: int | None


def validate_code(code: str) -> None:
    if not CODE_PATTERN.match(code or ""):
        raise ValidationFailed(
            f"'{code}' is not a valid unit code (letters, digits, '.', '_', '-'; at most 32)",
            field="code",
        )


def validate_facts(facts: UnitFacts, *, parent: Unit | None, on: dt.date) -> None:
    if not facts.name.strip():
        raise ValidationFailed("a unit needs a name", field="name")
    if facts.level not in Level.values:
        raise ValidationFailed(
            f"unknown level '{facts.level}' (expected one of {', '.join(Level.values)})",
            field="level",
        )
    if facts.kind and facts.kind not in UnitKind.values:
        raise ValidationFailed(
            f"unknown kind '{facts.kind}' (expected one of {', '.join(UnitKind.values)})",
            field="kind",
        )
    if parent is None:
        return
    parent_version = version_on(parent, on)
    if parent_version is None:
        raise ValidationFailed(
            f"parent '{parent.code}' does not exist on {on:%d/%m/%Y}", field="parent_code"
        )
    if LEVEL_ORDER.index(facts.level) < LEVEL_ORDER.index(parent_version.level):
        raise ValidationFailed(
            f"a {facts.level}-level unit cannot sit under the {parent_version.level}-level "
            f"unit '{parent.code}'",
            field="level",
        )


def version_on(unit: Unit, on: dt.date) -> UnitVersion | None:
    return unit.versions.filter(valid_from__lte=on, valid_to__gte=on).first()


def _snapshot(unit: Unit) -> dict[str, Any]:
    return {
        "valid_from": str(open_end(unit.valid_from) or ""),
        "valid_to": str(open_end(unit.valid_to) or ""),
        "versions": [
            [
                v.name,
                v.level,
                v.kind,
                v.parent.code if v.parent else None,
                str(v.valid_from),
                str(v.valid_to),
            ]
            for v in unit.versions.select_related("parent").order_by("valid_from")
        ],
    }


def unit_apply(
    *,
    code: str,
    facts: UnitFacts,
    parent: Unit | None,
    on: dt.date,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> tuple[Unit, str]:
    """Create the unit or make `facts` hold from `on`; no audit, no ancestry rebuild.

    The building block of `unit_create`, `unit_update` and the units import, which audit and
    rebuild once around it. Returns the unit and "created", "updated" or "unchanged".
    """
    validate_code(code)
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        start, end = valid_from or BEGINNING, valid_to or END
        if end < start:
            raise ValidationFailed("valid_to is before valid_from", field="valid_to")
        validate_facts(facts, parent=parent, on=max(start, min(on, end)))
        unit = Unit.objects.create(code=code, valid_from=start, valid_to=end)
        UnitVersion.objects.create(
            unit=unit,
            name=facts.name,
            level=facts.level,
            kind=facts.kind,
            parent=parent,
            valid_from=start,
            valid_to=end,
        )
        return unit, "created"

    levels_before = _levels(unit)
    changed = _set_period(unit, valid_from, valid_to)
    when = max(unit.valid_from, min(on, unit.valid_to))
    validate_facts(facts, parent=parent, on=when)
    if parent is not None and parent.pk == unit.pk:
        raise ValidationFailed(f"unit '{code}' cannot be its own parent", field="parent_code")
    versions = list(unit.versions.order_by("valid_from"))
    spans = [
        Span(v.pk, v.valid_from, v.valid_to, UnitFacts(v.name, v.level, v.kind, v.parent_id))
        for v in versions
    ]
    plan = plan_set(spans, when, facts)
    if plan.close:
        UnitVersion.objects.filter(pk=plan.close[0]).update(valid_to=plan.close[1])
    if plan.replace:
        UnitVersion.objects.filter(pk=plan.replace[0]).update(**_columns(facts))
    if plan.add:
        start, end, _ = plan.add
        UnitVersion.objects.create(unit=unit, valid_from=start, valid_to=end, **_columns(facts))
    if plan.changed or changed:
        Unit.objects.filter(pk=unit.pk).update(version=unit.version + 1)
        unit.version += 1
        if _levels(unit) != levels_before:
            hooks.unit_levels_changed([unit.pk])
        return unit, "updated"
    return unit, "unchanged"


def _levels(unit: Unit) -> list[tuple[dt.date, dt.date, str, str]]:
    """The unit's level and kind over time, equal neighbours merged (a rename is no change)."""
    merged: list[tuple[dt.date, dt.date, str, str]] = []
    for start, end, level, kind in unit.versions.order_by("valid_from").values_list(
        "valid_from", "valid_to", "level", "kind"
    ):
        if merged and merged[-1][2:] == (level, kind) and merged[-1][1] + ONE_DAY == start:
            merged[-1] = (merged[-1][0], end, level, kind)
        else:
            merged.append((start, end, level, kind))
    return merged


def _columns(facts: UnitFacts) -> dict[str, Any]:
    return {
        "name": facts.name,
        "level": facts.level,
        "kind": facts.kind,
        "parent_id": facts.parent_id,
    }


def _set_period(unit: Unit, valid_from: dt.date | None, valid_to: dt.date | None) -> bool:
    """Move the unit's life to [valid_from, valid_to], trimming its first and last version."""
    start = valid_from or unit.valid_from
    end = valid_to or unit.valid_to
    if (start, end) == (unit.valid_from, unit.valid_to):
        return False
    if end < start:
        raise ValidationFailed("valid_to is before valid_from", field="valid_to")
    versions = list(unit.versions.order_by("valid_from"))
    inside = [v for v in versions if v.valid_to >= start and v.valid_from <= end]
    if not inside:
        # The new life shares no day with the old one: carry the latest facts over.
        inside = [versions[-1]]
    UnitVersion.objects.filter(unit=unit).exclude(pk__in=[v.pk for v in inside]).delete()
    first, last = inside[0], inside[-1]
    UnitVersion.objects.filter(pk=first.pk).update(valid_from=start)
    UnitVersion.objects.filter(pk=last.pk).update(valid_to=end)
    if first.pk == last.pk:
        UnitVersion.objects.filter(pk=first.pk).update(valid_from=start, valid_to=end)
    unit.valid_from, unit.valid_to = start, end
    Unit.objects.filter(pk=unit.pk).update(valid_from=start, valid_to=end)
    return True


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    level: str,
    kind: str = "",
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    if Unit.objects.filter(code=code).exists():
        raise ValidationFailed(f"unit '{code}' already exists", field="code", code="duplicate")
    facts = UnitFacts(name.strip(), level, kind, parent.pk if parent else None)
    unit, _ = unit_apply(
        code=code,
        facts=facts,
        parent=parent,
        on=valid_from or BEGINNING,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    ancestry_rebuild()
    audit_record(
        actor=actor,
        event="unit.created",
        subject_type="unit",
        subject_key=code,
        data={"after": _snapshot(unit)},
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Any,
    unit: Unit,
    on: dt.date,
    name: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    parent: Unit | bool | None = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    expected_version: int | None = None,
) -> Unit:
    """Rename, re-level or move a unit from `on`; earlier periods keep what they were.

    `parent=False` keeps the parent; `None` makes the unit a root.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if expected_version is not None and expected_version != unit.version:
        raise Conflict(f"unit '{unit.code}' was changed by someone else; reload and try again")
    current = version_on(unit, max(unit.valid_from, min(on, unit.valid_to)))
    assert current is not None
    new_parent = current.parent if parent is False else parent
    assert new_parent is not True
    facts = UnitFacts(
        name=(name if name is not None else current.name).strip(),
        level=level or current.level,
        kind=kind if kind is not None else current.kind,
        parent_id=new_parent.pk if new_parent else None,
    )
    before = _snapshot(unit)
    unit, outcome = unit_apply(
        code=unit.code,
        facts=facts,
        parent=new_parent,
        on=on,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    if outcome == "updated":
        ancestry_rebuild()
        after = _snapshot(unit)
        audit_record(
            actor=actor,
            event="unit.updated",
            subject_type="unit",
            subject_key=unit.code,
            data=diff(before, after),
        )
    return unit


@transaction.atomic
def unit_succession_record(
    *,
    actor: Any,
    predecessor: Unit,
    successor: Unit,
    effective_on: dt.date,
    decision_no: str = "",
) -> UnitSuccession:
    """Record that `successor` took over from `predecessor` (a merger or a split)."""
    if predecessor.pk == successor.pk:
        raise ValidationFailed("a unit cannot succeed itself", field="successor")
    succession, _ = UnitSuccession.objects.update_or_create(
        predecessor=predecessor,
        successor=successor,
        defaults={"effective_on": effective_on, "decision_no": decision_no},
    )
    audit_record(
        actor=actor,
        event="unit.succeeded",
        subject_type="unit",
        subject_key=predecessor.code,
        data={
            "successor": successor.code,
            "effective_on": str(effective_on),
            "decision_no": decision_no,
        },
    )
    return succession
