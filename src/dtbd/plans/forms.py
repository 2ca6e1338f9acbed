"""The plan form: the header as a Django form; target and budget lines as numbered inputs
(target-0-program_category…, budget-local_budget) read into the services' value types, so
the services' rules give the messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.codes import Level, Measure, ProgramCategory
from dtbd.core.dates import today
from dtbd.organisation.selectors import unit_versions_visible

from .models import FundingSource, PlanKind
from .rules import BudgetLine, PlanFacts, TargetLine

BLANK_ROWS = 3
TARGET_FIELDS = ("program_category", "level", "measure", "target", "classes_home",
                 "classes_abroad", "budget_vnd")  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(forms.Form):
    code = forms.CharField(label=_("Plan code"), max_length=32)
    unit = forms.ChoiceField(label=_("Unit"))
    kind = forms.ChoiceField(label=_("Plan kind"), choices=PlanKind.choices)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    title = forms.CharField(label=_("Plan title"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    propose = forms.BooleanField(
        label=_("Propose targets from the unit's training needs and standard gaps"),
        required=False,
    )

    def __init__(self, *args: Any, actor: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-control"
            if isinstance(field, forms.ChoiceField):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
        if editing:
            for name in ("code", "unit", "propose"):
                del self.fields[name]
            return
        scope = policy_for(actor)
        versions = unit_versions_visible(actor=actor, on=today()).order_by("unit__code")
        self.fields["unit"].choices = [
            (v.unit.code, f"{v.unit.code} · {v.name}")
            for v in versions
            if scope.covers(WRITE, v.unit_id, today())
        ]

    def facts(self) -> PlanFacts:
        data = self.cleaned_data
        return PlanFacts(
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            title=data.get("title", ""),
            note=data.get("note", ""),
        )


def target_rows(data: Any) -> list[dict[str, str]]:
    """The target rows posted, in order, blank rows left out."""
    rows = []
    for i in range(200):
        prefix = f"target-{i}-"
        if prefix + "program_category" not in data:
            break
        row = {name: (data.get(prefix + name) or "").strip() for name in TARGET_FIELDS}
        if row["program_category"] or row["target"]:
            rows.append(row)
    return rows


def target_lines(rows: list[dict[str, str]]) -> list[TargetLine]:
    return [
        TargetLine(
            program_category=row["program_category"],
            target=row["target"],  # type: ignore[arg-type]  # the rule reads and checks it
            level=row["level"],
            measure=row["measure"] or Measure.PERSON_TIMES,
            classes_home=row["classes_home"] or 0,  # type: ignore[arg-type]
            classes_abroad=row["classes_abroad"] or 0,  # type: ignore[arg-type]
            budget_vnd=row["budget_vnd"] or None,  # type: ignore[arg-type]
        )
        for row in rows
    ]


def budget_lines(data: Any) -> list[BudgetLine]:
    lines = []
    for source in FundingSource.values:
        amount = (data.get(f"budget-{source}") or "").strip().replace(".", "")
        if amount:
            lines.append(BudgetLine(source, amount))  # type: ignore[arg-type]
    return lines


def choices() -> dict[str, Any]:
    """The code lists the target rows offer."""
    return {
        "categories": ProgramCategory.choices,
        "levels": Level.choices,
        "measures": Measure.choices,
        "sources": FundingSource.choices,
        "blank_rows": range(BLANK_ROWS),
    }
