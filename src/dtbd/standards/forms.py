"""Forms of the standards pages; they parse, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import NONE, SCALES, Dimension, Level, ProgramCategory
from dtbd.core.dates import END

from .models import Priority, TargetKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


class StandardForm(Styled):
    kind = forms.ChoiceField(label=_("Applies to"), choices=TargetKind.choices)
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Rank code (01.003), job position code, or head / deputy"),
    )
    unit_level = forms.ChoiceField(
        label=_("Unit level (leadership posts)"),
        choices=[("", "—"), *Level.choices],
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=255)


class VersionForm(Styled):
    """A new rule from a date: one minimum level per dimension (blank: not required)."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)
    document = forms.CharField(label=_("Legal document"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            choices = [(v, lbl) for v, lbl in SCALES[dimension].choices if v != NONE]
            self.fields[f"req_{dimension.value}"] = forms.ChoiceField(
                label=dimension.label, choices=[("", "—"), *choices], required=False
            )
        self.style()

    def requirement_fields(self):
        return [self[f"req_{d}"] for d in Dimension.values]

    def requirements(self) -> dict[str, str]:
        return {
            d: self.cleaned_data[f"req_{d}"]
            for d in Dimension.values
            if self.cleaned_data.get(f"req_{d}")
        }

    def valid_to_or_end(self):
        return self.cleaned_data.get("valid_to") or END


class NeedForm(Styled):
    unit_code = forms.CharField(label=_("Unit code"), max_length=32)
    program_category = forms.ChoiceField(
        label=_("Programme category"), choices=ProgramCategory.choices
    )
    people_count = forms.IntegerField(label=_("Number of people"), min_value=1, required=False)
    person_codes = forms.CharField(
        label=_("Named people (person codes, comma-separated)"), required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)  # fmt: skip

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("person_codes") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]


class InterestForm(Styled):
    program_category = forms.ChoiceField(
        label=_("Programme category"), choices=ProgramCategory.choices
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
