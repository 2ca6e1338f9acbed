"""Field rules shared by the services, the importer, the API and the forms.

Each rule returns the clean value or raises ValidationFailed naming the field, so every face
refuses bad input with the same message.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dtbd.core.codes import Level, Measure, ProgramCategory
from dtbd.core.errors import ValidationFailed

from .models import FundingSource, PlanKind

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


@dataclass(frozen=True)
class PlanFacts:
    """What a version says about the plan as a whole."""

    kind: str
    period_start: dt.date
    period_end: dt.date
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class TargetLine:
    program_category: str
    target: int
    level: str = ""
    measure: str = Measure.PERSON_TIMES
    classes_home: int = 0
    classes_abroad: int = 0
    budget_vnd: int | None = None
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.program_category, self.level, self.measure)


@dataclass(frozen=True)
class BudgetLine:
    source: str
    amount_vnd: int
    note: str = ""


@dataclass(frozen=True)
class Content:
    """A version's whole content, as services write it and compare it."""

    facts: PlanFacts
    targets: tuple[TargetLine, ...] = ()
    budgets: tuple[BudgetLine, ...] = field(default=())


def plan_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed("plan_code is required", field="plan_code")
    if not CODE_RE.match(code):
        raise ValidationFailed(
            f"plan code '{code}' may hold only letters, digits and . _ - (at most 32)",
            field="plan_code",
        )
    return code


def whole_number(name: str, value: Any, *, positive: bool = False) -> int:
    """A whole number (an int, or text or a number with no fraction); refuses the rest."""
    if isinstance(value, bool) or value is None or value == "":
        raise ValidationFailed(f"{name} is required", field=name)
    number: Decimal | None
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise ValidationFailed(f"{name} must be a whole number, not '{value}'", field=name)
    if positive and number <= 0:
        raise ValidationFailed(f"{name} must be a positive whole number, not '{value}'", field=name)
    if number < 0:
        raise ValidationFailed(f"{name} cannot be negative ('{value}')", field=name)
    return int(number)


def positive_whole_number(name: str, value: Any) -> int:
    return whole_number(name, value, positive=True)


def choice(name: str, value: str, values: list[str] | tuple[str, ...]) -> str:
    if value not in values:
        raise ValidationFailed(
            f"unknown {name} '{value}' (expected one of {', '.join(values)})", field=name
        )
    return value


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None:
        raise ValidationFailed("period_start is required", field="period_start")
    if end is None:
        raise ValidationFailed("period_end is required", field="period_end")
    if end < start:
        raise ValidationFailed(
            f"the period ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
            field="period_end",
        )
    return start, end


def facts(value: PlanFacts) -> PlanFacts:
    choice("kind", value.kind, PlanKind.values)
    period(value.period_start, value.period_end)
    return PlanFacts(
        kind=value.kind,
        period_start=value.period_start,
        period_end=value.period_end,
        title=(value.title or "").strip()[:255],
        note=(value.note or "").strip(),
    )


def target_line(line: TargetLine) -> TargetLine:
    choice("program_category", line.program_category, ProgramCategory.values)
    if line.level:
        choice("level", line.level, Level.values)
    choice("measure", line.measure or Measure.PERSON_TIMES, Measure.values)
    budget = line.budget_vnd
    return TargetLine(
        program_category=line.program_category,
        target=whole_number("target", line.target, positive=True),
        level=line.level or "",
        measure=line.measure or Measure.PERSON_TIMES,
        classes_home=whole_number("classes_home", line.classes_home or 0),
        classes_abroad=whole_number("classes_abroad", line.classes_abroad or 0),
        budget_vnd=None if budget in (None, "") else whole_number("budget_vnd", budget),
        note=(line.note or "").strip()[:255],
    )


def describe_key(key: tuple[str, str, str]) -> str:
    category, level, measure = key
    return f"{category}, level {level or '(all)'}, {measure}"


def target_lines(lines: list[TargetLine] | tuple[TargetLine, ...]) -> tuple[TargetLine, ...]:
    clean = tuple(target_line(line) for line in lines)
    seen: set[tuple[str, str, str]] = set()
    for line in clean:
        if line.key in seen:
            raise ValidationFailed(
                f"two targets for the same category, level and measure ({describe_key(line.key)})",
                field="program_category",
                code="duplicate",
            )
        seen.add(line.key)
    return clean


def budget_lines(lines: list[BudgetLine] | tuple[BudgetLine, ...]) -> tuple[BudgetLine, ...]:
    clean = []
    seen: set[str] = set()
    for line in lines:
        choice("source", line.source, FundingSource.values)
        if line.source in seen:
            raise ValidationFailed(
                f"two budget lines for the funding source '{line.source}'",
                field="source",
                code="duplicate",
            )
        seen.add(line.source)
        clean.append(
            BudgetLine(
                source=line.source,
                amount_vnd=whole_number("amount_vnd", line.amount_vnd),
                note=(line.note or "").strip()[:255],
            )
        )
    return tuple(clean)


def decision(number: str, date: dt.date | None) -> tuple[str, dt.date]:
    number = (number or "").strip()
    if not number:
        raise ValidationFailed(
            "the approving decision's number is required (e.g. 1576/QĐ-UBND)", field="decision_no"
        )
    if len(number) > 64:
        raise ValidationFailed("the decision number is longer than 64", field="decision_no")
    if date is None:
        raise ValidationFailed("the approving decision's date is required", field="decision_date")
    return number, date
