"""The filter form of a report page, made from the report's parameters."""

from typing import Any

from django import forms

from . import labels
from .registry import Param, Report, date_param

_DATE_HELP = "YYYY-MM-DD"


def _field(param: Param, params_label: str) -> forms.Field:
    attrs = {
        "class": "form-select form-select-sm" if param.choices else "form-control form-control-sm"
    }
    if param.choices:
        options = [("", "—")] + [
            (code, labels.choice_label(param.name, code)) for code in param.choices
        ]
        return forms.ChoiceField(
            label=params_label,
            choices=options,
            required=False,
            widget=forms.Select(attrs=attrs),
        )
    if param.parse is date_param:
        attrs["type"] = "date"
    return forms.CharField(
        label=params_label,
        required=False,
        help_text=param.help,
        widget=forms.TextInput(attrs=attrs),
    )


class ReportForm(forms.Form):
    """Every parameter as a field; values are passed on as text, and the registry parses them
    (so the page refuses exactly what the API and the command refuse, with the same words)."""

    def __init__(self, report: Report, data: Any):
        super().__init__(data)
        self.report = report
        for param in report.params:
            self.fields[param.name] = _field(param, labels.param_label(param.name))
            self.fields[param.name].required = False

    def raw(self) -> dict[str, str]:
        return {
            p.name: self.data[p.name]
            for p in self.report.params
            if self.data.get(p.name, "").strip()
        }


class DashboardForm(forms.Form):
    """The overview's filters; each goes to the reports as their parameter of that name."""

    unit = forms.CharField(required=False, max_length=32)
    as_of = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    level = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)
    category = forms.ChoiceField(required=False)
    base_year = forms.IntegerField(required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any):
        from dtbd.core.codes import Category, Level, UnitKind

        super().__init__(*args, **kwargs)
        for name, choices in (("level", Level), ("kind", UnitKind), ("category", Category)):
            self.fields[name].choices = [("", "—"), *choices.choices]
        for name, field in self.fields.items():
            field.label = labels.param_label(name) if name != "base_year" else labels.base_year()
            css = (
                "form-select form-select-sm"
                if name in ("level", "kind", "category")
                else ("form-control form-control-sm")
            )
            field.widget.attrs["class"] = css

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        out = {}
        for name in ("unit", "as_of", "level", "kind", "category"):
            value = data.get(name)
            if value:
                out[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return out


class TargetForm(forms.Form):
    """A term target: what share of whom in which unit, by the end of which term."""

    unit = forms.CharField(max_length=32)
    label = forms.CharField(max_length=255)
    term_start = forms.IntegerField(min_value=1990, max_value=2100)
    term_end = forms.IntegerField(min_value=1990, max_value=2100)
    dimension = forms.ChoiceField()
    at_least = forms.CharField(required=False, max_length=24)
    under = forms.IntegerField(required=False, min_value=1, max_value=120)
    level = forms.ChoiceField(required=False)
    category = forms.ChoiceField(required=False)
    leadership = forms.ChoiceField(required=False)
    target_percent = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any):
        from dtbd.core.codes import Category, Leadership, Level

        from .workforce import ATTAINMENT_DIMENSIONS

        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [
            (d, labels.choice_label("dimension", d)) for d in ATTAINMENT_DIMENSIONS
        ]
        for name, choices in (("level", Level), ("category", Category), ("leadership", Leadership)):
            self.fields[name].choices = [("", "—"), *choices.choices]
        for name, field in self.fields.items():
            field.label = labels.target_label(name)
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )

    def measure(self) -> dict[str, str]:
        data = self.cleaned_data
        names = ("dimension", "at_least", "under", "level", "category", "leadership")
        return {n: str(data[n]) for n in names if data.get(n) not in (None, "")}
