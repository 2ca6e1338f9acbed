"""The dated rules of careers, read from CareerRule rows (never constants).

    rule = rule_on("excellent_quota_percent", on, "civil_servant")
    rule.value, rule.source       # 20, "335/2025/NĐ-CP"

A refusal names the rule and its source: `refuse(rule, message)`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dtbd.core.errors import ValidationFailed

from .models import CareerRule


@dataclass(frozen=True)
class Rule:
    code: str
    scope: str
    value: Decimal
    valid_from: dt.date
    valid_to: dt.date
    source: str

    @property
    def number(self) -> int:
        return int(self.value)


def rule_on(code: str, on: dt.date, *scopes: str) -> Rule | None:
    """The row of `code` valid on `on`: for the first of `scopes` that has one, else the
    general row (scope ""); None when no rule applies on that date."""
    rows = {
        r.scope: r
        for r in CareerRule.objects.filter(
            code=code, valid_from__lte=on, valid_to__gte=on, scope__in=[*scopes, ""]
        )
    }
    for scope in (*scopes, ""):
        if scope in rows:
            r = rows[scope]
            return Rule(r.code, r.scope, r.value, r.valid_from, r.valid_to, r.source)
    return None


def refuse(rule: Rule, message: str, *, field: str | None = None) -> ValidationFailed:
    """The refusal of a rule: the message, then the rule's code and its legal source."""
    return ValidationFailed(
        f"{message} (rule {rule.code}, {rule.source})", field=field, code="rule_" + rule.code
    )


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, on: dt.date) -> int:
    """Age in whole years on `on`."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def num(value: Decimal | int | None) -> str:
    """A number as people write it: 20, 7.5 (no trailing zeros)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
