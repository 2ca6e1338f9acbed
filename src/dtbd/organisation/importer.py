"""The `units` exchange file: code, name, level, parent_code [, kind, valid_from, valid_to].

Units files are small (a country has tens of thousands of units), so rows are validated one
by one as they stream in, then checked together (parents, cycles) and applied parents first.
A changed name, level, kind or parent takes effect on the import's --as-of date; earlier
periods keep what the unit was.
"""

import datetime as dt
from dataclasses import dataclass

from dtbd.audit.services import audit_record_many
from dtbd.core.codes import Level, UnitKind
from dtbd.core.errors import ValidationFailed
from dtbd.exchange.engine import Importer

from .ancestry import CycleError, ancestry_rebuild
from .models import Unit, UnitVersion
from .services import LEVEL_ORDER, UnitFacts, unit_apply, validate_code


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    level: str
    parent_code: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitsImporter(Importer):
    kind = "units"
    key = "code"
    required = ("code", "name", "level", "parent_code")
    optional = ("kind", "valid_from", "valid_to")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: dict[str, UnitRow] = {}

    def process(self, chunk):
        for row, values in chunk:
            code = self.required_cell(row, values, "code")
            name = self.required_cell(row, values, "name")
            level = self.required_cell(row, values, "level")
            if code:
                self.check(row, validate_code, code)
            if level and level not in Level.values:
                self.error(
                    row,
                    "level",
                    f"unknown level '{level}' (expected one of {', '.join(Level.values)})",
                )
            kind = values["kind"]
            if kind and kind not in UnitKind.values:
                self.error(
                    row,
                    "kind",
                    f"unknown kind '{kind}' (expected one of {', '.join(UnitKind.values)})",
                )
            start = self.date_cell(row, values, "valid_from")
            end = self.date_cell(row, values, "valid_to")
            if start and end and end < start:
                self.error(row, "valid_to", "valid_to is before valid_from")
            if code in self.rows:
                self.error(
                    row, "code", f"duplicate code '{code}' (first on row {self.rows[code].row})"
                )
                continue
            if code:
                self.rows[code] = UnitRow(
                    row, code, name, level, values["parent_code"], kind, start, end
                )

    def finish(self):
        existing = {u.code: u for u in Unit.objects.filter(code__in=self._parent_codes())}
        self._check_parents(existing)
        if self.failed:
            return
        self._check_cycles()
        if self.failed:
            return
        changes = []
        for item in self._parents_first():
            parent = existing.get(item.parent_code) if item.parent_code else None
            facts = UnitFacts(item.name, item.level, item.kind, parent.pk if parent else None)
            try:
                unit, outcome = unit_apply(
                    code=item.code,
                    facts=facts,
                    parent=parent,
                    on=self.as_of,
                    valid_from=item.valid_from,
                    valid_to=item.valid_to,
                )
            except ValidationFailed as error:
                self.error(item.row, error.field or "code", error.message)
                continue
            existing[item.code] = unit
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            if outcome != "unchanged":
                changes.append(
                    (
                        item.code,
                        {
                            "outcome": outcome,
                            "name": item.name,
                            "level": item.level,
                            "parent_code": item.parent_code,
                            "on": str(self.as_of),
                            "source": self.source_ref,
                        },
                    )
                )
        if self.failed:
            return
        try:
            ancestry_rebuild()
        except CycleError as error:
            self.error(1, "parent_code", error.message)
            return
        audit_record_many(
            actor=self.actor, event="unit.imported", subject_type="unit", items=changes
        )

    def _parent_codes(self) -> set[str]:
        return {r.parent_code for r in self.rows.values() if r.parent_code} | set(self.rows)

    def _check_parents(self, existing: dict[str, Unit]) -> None:
        levels = {
            v.unit.code: v.level
            for v in UnitVersion.objects.filter(
                unit__code__in=[r.parent_code for r in self.rows.values() if r.parent_code],
                valid_from__lte=self.as_of,
                valid_to__gte=self.as_of,
            ).select_related("unit")
        }
        for item in self.rows.values():
            if not item.parent_code:
                continue
            if item.parent_code == item.code:
                self.error(item.row, "parent_code", f"unit '{item.code}' cannot be its own parent")
            elif item.parent_code not in self.rows and item.parent_code not in existing:
                self.error(item.row, "parent_code", f"unknown parent '{item.parent_code}'")
                continue
            parent_row = self.rows.get(item.parent_code)
            parent_level = parent_row.level if parent_row else levels.get(item.parent_code)
            if (
                parent_level in LEVEL_ORDER
                and item.level in LEVEL_ORDER
                and LEVEL_ORDER.index(item.level) < LEVEL_ORDER.index(parent_level)
            ):
                self.error(
                    item.row,
                    "level",
                    f"a {item.level}-level unit cannot sit under the {parent_level}-level "
                    f"unit '{item.parent_code}'",
                )

    def _check_cycles(self) -> None:
        """Walk up from every row using the file's parents over the database's current ones."""
        parents = dict(
            UnitVersion.objects.filter(
                valid_from__lte=self.as_of, valid_to__gte=self.as_of, parent__isnull=False
            ).values_list("unit__code", "parent__code")
        )
        parents.update({r.code: r.parent_code for r in self.rows.values()})
        reported: set[str] = set()
        for item in self.rows.values():
            chain, code = [item.code], parents.get(item.code)
            while code:
                if code in chain:
                    cycle = [*chain[chain.index(code) :], code]
                    if code not in reported:
                        reported.update(cycle)
                        self.error(item.row, "parent_code", "parent cycle: " + " → ".join(cycle))
                    break
                chain.append(code)
                code = parents.get(code)

    def _parents_first(self) -> list[UnitRow]:
        done: set[str] = set()
        ordered: list[UnitRow] = []

        def visit(item: UnitRow) -> None:
            if item.code in done:
                return
            done.add(item.code)
            parent = self.rows.get(item.parent_code)
            if parent is not None:
                visit(parent)
            ordered.append(item)

        for item in self.rows.values():
            visit(item)
        return ordered
