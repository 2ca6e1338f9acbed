"""GET /api/v1/units and /api/v1/units/{code}: the organisation tree as the caller may see it."""

import datetime as dt

from ninja import Query, Router, Schema

from dtbd.core.api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, READ_ERRORS, ApiRequest, paginate
from dtbd.core.codes import Level, UnitKind
from dtbd.core.dates import open_end, today
from dtbd.core.errors import NotFound, ValidationFailed

from .models import Unit, UnitVersion
from .selectors import unit_get, unit_history, unit_versions_list

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    level: str
    kind: str | None
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    version: int


class UnitPeriodOut(Schema):
    name: str
    level: str
    kind: str | None
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitDetailOut(UnitOut):
    as_of: dt.date
    history: list[UnitPeriodOut]


class UnitPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[UnitOut]


def _period(version: UnitVersion) -> dict:
    return {
        "name": version.name,
        "level": version.level,
        "kind": version.kind or None,
        "parent_code": version.parent.code if version.parent else None,
        "valid_from": open_end(version.valid_from),
        "valid_to": open_end(version.valid_to),
    }


def unit_out(unit: Unit, version: UnitVersion) -> dict:
    """The unit as `version` shows it, with the unit's own life and version."""
    return {
        **_period(version),
        "code": unit.code,
        "valid_from": open_end(unit.valid_from),
        "valid_to": open_end(unit.valid_to),
        "version": unit.version,
    }


def unit_by_code(*, actor, code: str, field: str) -> Unit:
    """A unit named in a filter or a body: unknown and out of scope read the same (422)."""
    try:
        return unit_get(actor=actor, code=code)
    except NotFound as error:
        raise ValidationFailed(error.message, field=field, code="unknown_unit") from None


@router.get("", response={200: UnitPage, **READ_ERRORS}, summary="List units")
def units_list(
    request: ApiRequest,
    as_of: dt.date | None = None,
    q: str = "",
    level: Level | None = None,
    kind: UnitKind | None = None,
    parent: str | None = Query(None, description="a unit code: keep its direct children"),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """The units the caller may see on `as_of` (default today), by level, then name.

    `q` matches the name without diacritics ("so noi vu" finds "Sở Nội vụ") or the code.
    """
    on = as_of or today()
    parent_unit = unit_by_code(actor=request.auth, code=parent, field="parent") if parent else None
    versions = unit_versions_list(
        actor=request.auth,
        on=on,
        q=q,
        level=level or "",
        kind=kind or "",
        parent=parent_unit,
    )
    result = paginate(versions, page=page, page_size=page_size)
    result["results"] = [unit_out(v.unit, v) for v in result["results"]]
    return result


@router.get("/{code}", response={200: UnitDetailOut, **READ_ERRORS}, summary="Read a unit")
def units_read(request: ApiRequest, code: str, as_of: dt.date | None = None):
    """The unit as it was on `as_of` (default today), with every version of its history.

    Outside the unit's life the fields show its nearest end: its first or its last version.
    """
    try:
        unit = unit_get(actor=request.auth, code=code)
    except NotFound:
        # One body for "missing" and "not yours", so neither can be told from the other.
        raise NotFound("no unit with this code in your units") from None
    on = as_of or today()
    history = list(unit_history(unit=unit))
    when = max(unit.valid_from, min(on, unit.valid_to))
    current = next((v for v in history if v.valid_from <= when <= v.valid_to), history[-1])
    return {
        **unit_out(unit, current),
        "as_of": on,
        "history": [_period(v) for v in history],
    }
