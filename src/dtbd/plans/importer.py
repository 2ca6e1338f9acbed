"""The `plans` exchange file: one row per target, grouped by plan_code.

Contract columns: plan_code, unit_code, period_start, period_end, program_category, target
[, measure, budget_vnd, decision_no, decision_date]. This installation also reads the optional
`level`, `kind` and `title` its export writes (kind defaults from the period: a calendar year
is `year`, several years a `term`, anything else a `project`).

The rows of a plan describe its whole target list; rows of one plan must agree on its unit,
period and decision. A plan the database lacks is created; a plan whose latest version says
the same is unchanged; otherwise its draft is edited, or its approved version revised into a
new version (history kept). A decision number and date approve the result by that decision
(the approver's authority is checked as on the page). Plans files are small: rows are checked
as they stream in and applied plan by plan at the end, through the plan services.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from dtbd.core.codes import Level, Measure, ProgramCategory
from dtbd.core.errors import ApplicationError, ValidationFailed
from dtbd.exchange.engine import Importer
from dtbd.organisation.models import Unit

from . import rules
from .models import Plan, PlanKind, PlanStatus
from .rules import Content, PlanFacts, TargetLine
from .services import (
    latest_version,
    plan_approve,
    plan_create,
    plan_edit,
    plan_revise,
    plan_submit,
    version_content,
)


@dataclass
class PlanRows:
    first_row: int
    unit_code: str
    period_start: dt.date | None
    period_end: dt.date | None
    decision_no: str
    decision_date: dt.date | None
    kind: str
    title: str
    targets: list[TargetLine] = field(default_factory=list)
    keys: dict[tuple[str, str, str], int] = field(default_factory=dict)


def _keep_unsaid(
    lines: list[TargetLine], existing: tuple[TargetLine, ...]
) -> tuple[TargetLine, ...]:
    """The file's target lines with what the file does not say taken from the same line of
    the plan (classes at home and abroad, the note; the budget when its cell is blank)."""
    old = {line.key: line for line in existing}
    merged = []
    for line in rules.target_lines(lines):
        before = old.get(line.key)
        if before is not None:
            line = replace(
                line,
                classes_home=before.classes_home,
                classes_abroad=before.classes_abroad,
                note=before.note,
                budget_vnd=before.budget_vnd if line.budget_vnd is None else line.budget_vnd,
            )
        merged.append(line)
    return tuple(merged)


def kind_for(start: dt.date, end: dt.date) -> str:
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return PlanKind.YEAR if start.year == end.year else PlanKind.TERM
    return PlanKind.PROJECT


class PlansImporter(Importer):
    kind = "plans"
    key = "plan_code"
    required = ("plan_code", "unit_code", "period_start", "period_end", "program_category",
                "target")  # fmt: skip
    optional = ("measure", "budget_vnd", "decision_no", "decision_date", "level", "kind",
                "title")  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.plans: dict[str, PlanRows] = {}

    # --- reading ------------------------------------------------------------------------
    def process(self, chunk):
        for row, values in chunk:
            self._row(row, values)

    def _row(self, row: int, values: dict[str, str]) -> None:
        code = self.required_cell(row, values, "plan_code")
        unit_code = self.required_cell(row, values, "unit_code")
        for column in ("period_start", "period_end", "program_category", "target"):
            self.required_cell(row, values, column)
        if code:
            self.check(row, rules.plan_code, code)
        start = self.date_cell(row, values, "period_start")
        end = self.date_cell(row, values, "period_end")
        if start and end and end < start:
            self.error(row, "period_end", f"period_end ({end:%d/%m/%Y}) is before period_start "
                       f"({start:%d/%m/%Y})")  # fmt: skip
        category = values["program_category"]
        if category and category not in ProgramCategory.values:
            self._unknown(row, "program_category", category, ProgramCategory.values)
        measure = values["measure"] or Measure.PERSON_TIMES
        if measure not in Measure.values:
            self._unknown(row, "measure", measure, Measure.values)
        level = values["level"]
        if level and level not in Level.values:
            self._unknown(row, "level", level, Level.values)
        kind = values["kind"]
        if kind and kind not in PlanKind.values:
            self._unknown(row, "kind", kind, PlanKind.values)
        target = None
        if values["target"]:
            target = self.check(row, rules.positive_whole_number, "target", values["target"])
        budget = None
        if values["budget_vnd"]:
            budget = self.check(row, rules.whole_number, "budget_vnd", values["budget_vnd"])
        decision_no = values["decision_no"].strip()
        decision_date = self.date_cell(row, values, "decision_date")
        if decision_no and not values["decision_date"]:
            self.error(row, "decision_date", "a decision number needs its date")
        if values["decision_date"] and not decision_no:
            self.error(row, "decision_no", "a decision date needs its number")
        if not code:
            return
        group = self.plans.get(code)
        if group is None:
            group = self.plans[code] = PlanRows(
                row, unit_code, start, end, decision_no, decision_date, kind,
                values["title"].strip(),
            )  # fmt: skip
        else:
            self._agree(row, group, "unit_code", group.unit_code, unit_code)
            self._agree(row, group, "period_start", group.period_start, start)
            self._agree(row, group, "period_end", group.period_end, end)
            self._agree(row, group, "decision_no", group.decision_no, decision_no)
            self._agree(row, group, "decision_date", group.decision_date, decision_date)
        key = (category, level, measure)
        if key in group.keys:
            self.error(row, "program_category", f"duplicate target {rules.describe_key(key)} "
                       f"for plan '{code}' (first on row {group.keys[key]})")  # fmt: skip
            return
        group.keys[key] = row
        if target is not None and category in ProgramCategory.values:
            group.targets.append(TargetLine(category, target, level, measure, budget_vnd=budget))

    def _unknown(self, row: int, column: str, value: str, values: list[str]) -> None:
        self.error(row, column, f"unknown {column} '{value}' (expected one of "
                   f"{', '.join(values)})")  # fmt: skip

    def _agree(self, row: int, group: PlanRows, column: str, first, value) -> None:
        if first != value:
            self.error(row, column, f"differs from the plan's first row (row {group.first_row}): "
                       "every row of a plan gives the same value")  # fmt: skip

    # --- writing ------------------------------------------------------------------------
    def finish(self):
        if self.failed:
            return
        units = {u.code: u for u in Unit.objects.filter(
            code__in={g.unit_code for g in self.plans.values()})}  # fmt: skip
        existing = {p.code: p for p in Plan.objects.filter(code__in=self.plans).select_related(
            "unit")}  # fmt: skip
        for code, group in self.plans.items():
            unit = units.get(group.unit_code)
            if unit is None:
                self.error(group.first_row, "unit_code", f"unknown unit '{group.unit_code}'")
                continue
            plan = existing.get(code)
            if plan is not None and plan.unit_id != unit.pk:
                self.error(group.first_row, "unit_code", f"plan '{code}' belongs to unit "
                           f"'{plan.unit.code}'; a plan cannot move to another unit")  # fmt: skip
                continue
            try:
                outcome = self._apply(code, unit, plan, group)
            except ApplicationError as error:
                self.error(group.first_row, error.field or "plan_code", error.message)
                continue
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)

    def _facts(self, group: PlanRows, current_title: str = "") -> PlanFacts:
        assert group.period_start and group.period_end
        return PlanFacts(
            kind=group.kind or kind_for(group.period_start, group.period_end),
            period_start=group.period_start,
            period_end=group.period_end,
            title=group.title or current_title,
        )

    def _approve(self, plan: Plan, group: PlanRows) -> None:
        plan_submit(actor=self.actor, plan=plan)
        plan_approve(actor=self.actor, plan=plan, decision_no=group.decision_no,
                     decision_date=group.decision_date)  # fmt: skip

    def _apply(self, code: str, unit: Unit, plan: Plan | None, group: PlanRows) -> str:
        if plan is None:
            plan = plan_create(actor=self.actor, code=code, unit=unit, facts=self._facts(group),
                               targets=group.targets)  # fmt: skip
            if group.decision_no:
                self._approve(plan, group)
            return "created"
        latest = latest_version(plan)
        before = version_content(latest)
        # The file does not carry the note or the budget lines: they stay as they are.
        by_key = lambda t: t.key  # noqa: E731
        wanted = Content(
            facts=replace(rules.facts(self._facts(group, latest.title)), note=before.facts.note),
            targets=tuple(sorted(_keep_unsaid(group.targets, before.targets), key=by_key)),
            budgets=before.budgets,
        )
        current = replace(before, targets=tuple(sorted(before.targets, key=by_key)))
        same = wanted == current
        decided = (latest.decision_no, latest.decision_date) == (
            group.decision_no, group.decision_date)  # fmt: skip
        if latest.status == PlanStatus.APPROVED:
            if same and (decided or not group.decision_no):
                return "unchanged"
            plan_revise(actor=self.actor, plan=plan, note=f"import {self.source_ref}")
        elif latest.status == PlanStatus.SUBMITTED:
            if same and not group.decision_no:
                return "unchanged"
            if not same:
                raise ValidationFailed(
                    f"plan '{code}' is submitted for approval: it cannot change until it is "
                    "approved or returned to draft", field="plan_code")  # fmt: skip
            plan_approve(actor=self.actor, plan=plan, decision_no=group.decision_no,
                         decision_date=group.decision_date)  # fmt: skip
            return "updated"
        elif same and not group.decision_no:
            return "unchanged"
        plan_edit(actor=self.actor, plan=plan, facts=wanted.facts, targets=wanted.targets)
        if group.decision_no:
            self._approve(plan, group)
        return "updated"
