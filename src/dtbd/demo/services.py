"""Loading the demo province once, through the real exchange-file import path.

The tree and the people are written as the contract's CSV files and imported with their
as-of dates by `exchange.services.import_file`, exactly as a province would load its own
data; the few things the files cannot say (successions, users) go through services and
models afterwards. Everything happens in one transaction: a failed load leaves nothing.
"""

import csv
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from tempfile import TemporaryDirectory

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from dtbd.accounts.models import Role
from dtbd.accounts.services import grant_add, user_create
from dtbd.audit.models import AuditEvent
from dtbd.audit.services import audit_record
from dtbd.core.db import lock
from dtbd.exchange.services import import_file
from dtbd.organisation.models import Unit
from dtbd.organisation.services import unit_succession_record
from dtbd.people.models import Person

from .people import COLUMNS, DEFAULT_SIZE, build_workforce
from .tree import MERGER, PROVINCE, REORG, START, DemoUnit, build_tree

ACTOR = "dtbd load_demo"
LOADED_EVENT = "demo.loaded"
PASSWORD = "dtbd-demo-2026"  # printed by scripts/run.sh
ADMIN = "admin"
MANAGER = "canbo.snv"
MANAGER_UNIT = f"{PROVINCE}.SNV"
UNIT_COLUMNS = ("code", "name", "level", "parent_code", "kind", "valid_from", "valid_to")


class DemoLoadFailed(Exception):
    """An import of the demo's own files was rejected: a bug in the generator."""


@dataclass(frozen=True)
class DemoResult:
    outcome: str  # "loaded", "already_loaded" or "not_empty"
    units: int = 0
    people: int = 0
    files: int = 0
    seconds: float = 0.0
    loaded_at: dt.datetime | None = None


def demo_loaded_event() -> AuditEvent | None:
    """The audit entry that marks the demo as loaded, if it is."""
    return AuditEvent.objects.filter(event=LOADED_EVENT).order_by("at").first()


def demo_load(*, size: int = DEFAULT_SIZE) -> DemoResult:
    """Load the demo province into an empty database; do nothing if it is loaded or not empty.

    `size` is the number of people aimed at (about; the tree is always whole).
    """
    started = time.perf_counter()
    with transaction.atomic():
        lock("demo.load")
        marker = demo_loaded_event()
        if marker is not None:
            return DemoResult("already_loaded", loaded_at=marker.at)
        if Unit.objects.exists() or Person.objects.exists():
            return DemoResult("not_empty")
        tree = build_tree()
        workforce = build_workforce(tree, size=size)
        with TemporaryDirectory(prefix="dtbd-demo-") as folder:
            files = [
                ("units", START, [_unit_row(u) for u in tree.initial]),
                ("units", REORG, [_unit_row(u) for u in tree.renames]),
                ("units", MERGER, [_unit_row(u) for u in tree.moves]),
                *(("people", as_of, rows) for as_of, rows in workforce.files),
            ]
            for kind, as_of, rows in files:
                path = Path(folder) / f"demo-{kind}-{as_of:%Y-%m-%d}.csv"
                _write_csv(path, UNIT_COLUMNS if kind == "units" else COLUMNS, rows)
                _import(kind, path, as_of)
        units = {u.code: u for u in Unit.objects.all()}
        for s in tree.successions:
            unit_succession_record(
                actor=ACTOR,
                predecessor=units[s.predecessor],
                successor=units[s.successor],
                effective_on=s.effective_on,
                decision_no=s.decision_no,
            )
        _users(units[MANAGER_UNIT])
        extras = _app_demos()
        result = DemoResult(
            "loaded",
            units=len(units),
            people=len(workforce.people),
            files=len(files),
            seconds=time.perf_counter() - started,
        )
        audit_record(
            actor=ACTOR,
            event=LOADED_EVENT,
            subject_type="demo",
            subject_key=PROVINCE,
            data={
                "units": result.units,
                "people": result.people,
                "size": size,
                "files": [f"{kind} {as_of}" for kind, as_of, _ in files],
                "users": [ADMIN, MANAGER],
                "apps": extras,
            },
        )
    return result


def _app_demos() -> dict[str, str]:
    """Let each later app add its part of the demo (courses, standards, plans…) in this
    transaction: a module `dtbd.<app>.demo` with `load_demo(*, actor) -> str` (a summary),
    called in INSTALLED_APPS order, so an app may build on those before it."""
    summaries: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("dtbd.") or not module_has_submodule(config.module, "demo"):
            continue
        module = import_module(f"{config.name}.demo")
        if hasattr(module, "load_demo"):
            summaries[config.label] = module.load_demo(actor=ACTOR)
    return summaries


def _unit_row(unit: DemoUnit) -> dict[str, str]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else "",
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else "",
    }


def _write_csv(path: Path, columns: Iterable[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)


def _import(kind: str, path: Path, as_of: dt.date) -> None:
    result = import_file(
        kind=kind,
        path=path,
        name=path.name,
        as_of=as_of,
        actor=ACTOR,
        source_ref=f"demo {path.name}",
    )
    if not result.ok:
        shown = "; ".join(str(e) for e in result.errors[:5])
        raise DemoLoadFailed(f"{path.name} rejected ({result.error_count} errors): {shown}")


def _users(manager_unit: Unit) -> None:
    """The demo administrator, and a manager of Sở Nội vụ to show scoping (audited)."""
    User = get_user_model()
    if not User.objects.filter(username=ADMIN).exists():
        user_create(actor=ACTOR, username=ADMIN, password=PASSWORD, role=Role.ADMIN)
    manager = User.objects.filter(username=MANAGER).first()
    if manager is None:
        user_create(
            actor=ACTOR, username=MANAGER, password=PASSWORD, role=Role.MANAGER, unit=manager_unit
        )
    else:
        grant_add(actor=ACTOR, user=manager, role=Role.MANAGER, unit=manager_unit)
