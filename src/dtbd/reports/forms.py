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
