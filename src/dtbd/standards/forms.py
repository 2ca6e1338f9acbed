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


class HoursRuleForm(Styled):
    periods = forms.IntegerField(label=_("Periods a year"), min_value=0, max_value=1000)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    document = forms.CharField(label=_("Legal document"), max_length=255)


def _level_choices():
    return [(f"{d}:{v}", f"{Dimension(d).label}: {lbl}")
            for d in Dimension.values for v, lbl in SCALES[d].choices if v != NONE]  # fmt: skip


class EquivalenceForm(Styled):
    """Held `dimension:level` counts as `dimension:level` (one select each, parsed here)."""

    held = forms.ChoiceField(label=_("Holding"), choices=())
    counts_as = forms.ChoiceField(label=_("counts as"), choices=())
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)
    document = forms.CharField(label=_("Legal document"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held"].choices = self.fields["counts_as"].choices = _level_choices()

    def values(self) -> dict:
        from dtbd.core.dates import BEGINNING

        held_dim, held_level = self.cleaned_data["held"].split(":")
        as_dim, as_level = self.cleaned_data["counts_as"].split(":")
        return {"dimension": held_dim, "level": held_level, "satisfies_dimension": as_dim,
                "satisfies_level": as_level, "document": self.cleaned_data["document"],
                "valid_from": self.cleaned_data.get("valid_from") or BEGINNING,
                "valid_to": self.cleaned_data.get("valid_to") or END}  # fmt: skip


class CampaignForm(Styled):
    unit_code = forms.CharField(label=_("Unit code"), max_length=32)
    year = forms.IntegerField(label=_("Year"))
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)


class FrameworkForm(Styled):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)


class EditionForm(Styled):
    """A new edition: the scale one level a line (lowest first), competencies `code | name`."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    document = forms.CharField(label=_("Legal document"), max_length=255, required=False)
    levels = forms.CharField(
        label=_("Proficiency scale (one level a line, lowest first)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    competencies = forms.CharField(
        label=_("Competencies (one a line: code | name)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_competencies(self) -> list[tuple[str, str]]:
        found = []
        for number, line in enumerate(self.cleaned_data["competencies"].splitlines(), 1):
            if not line.strip():
                continue
            code, bar, name = line.partition("|")
            if not bar or not code.strip() or not name.strip():
                raise forms.ValidationError(
                    _("line %(n)s: write the competency as 'code | name'"), params={"n": number}
                )
            found.append((code.strip(), name.strip()))
        return found

    def clean_levels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["levels"].splitlines() if line.strip()]


class PositionLevelForm(Styled):
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int, choices=())
    position_code = forms.CharField(label=_("Job position code"), max_length=32)
    required_rank = forms.IntegerField(label=_("Required level"), min_value=1)

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.pk, f"{c.code} {c.name}") for c in competencies]


class EvidenceForm(Styled):
    """One observation of a competency (the competencies of editions in force today)."""

    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int, choices=())
    rank = forms.IntegerField(label=_("Level"), min_value=1)
    source = forms.ChoiceField(label=_("Source"), choices=())
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, competencies=(), sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .models import EvidenceSource

        self.fields["competency"].choices = [
            (c.pk, f"{c.version.framework.code} · {c.code} {c.name}") for c in competencies
        ]
        self.fields["source"].choices = [
            (s, label) for s, label in EvidenceSource.choices if s in sources
        ]
