"""The people list's filters (read from the query string, so every view of it is a link) and
the form that edits a person."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import SCALES, Category, Dimension, Gender, Leadership, Level
from dtbd.core.dates import today
from dtbd.core.errors import NotFound
from dtbd.core.forms import BootstrapForm, DateInput
from dtbd.organisation.models import Unit
from dtbd.organisation.selectors import unit_get

from .rules import PostFacts
from .selectors import PeopleFilter


def _any(label: str | Promise, choices) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class PeopleFilterForm(BootstrapForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=150,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Name or person code"), "autocomplete": "off"}
        ),
    )
    unit = forms.CharField(
        label=_("Unit code"),
        required=False,
        max_length=32,
        help_text=_("The unit and every unit under it."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 25"), "autocomplete": "off"}),
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    leadership = forms.ChoiceField(label=_("Leadership"), required=False)
    dimension = forms.ChoiceField(label=_("Qualification"), required=False)
    at_least = forms.ChoiceField(label=_("At least"), required=False)
    on = forms.DateField(label=_("As of"), required=False, widget=DateInput())

    def __init__(self, *args, actor: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.unit_obj: Unit | None = None
        self._choices("level", _any(_("All levels"), Level.choices))
        self._choices("category", _any(_("All categories"), Category.choices))
        self._choices("leadership", _any(_("Any post"), Leadership.choices))
        self._choices("dimension", _any(_("Any qualification"), Dimension.choices))
        self.fields["on"].initial = today()
        dimension = self.data.get("dimension", "")
        at_least = self.fields["at_least"]
        assert isinstance(at_least, forms.ChoiceField)
        if dimension in SCALES:
            # `none` as a minimum would match everyone, so the scale stops one above it.
            levels = [c for c in SCALES[dimension].choices if c[0] != "none"]
            at_least.choices = _any(_("Any level"), levels)
        else:
            levels = []
            at_least.choices = [("", "—")]
            at_least.widget.attrs["disabled"] = True
        if self.is_bound and self.data.get("at_least") not in {c[0] for c in levels}:
            # A level left over from the previous dimension means "any level", not an error.
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data["at_least"] = ""
            self.data = data

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_unit(self) -> str:
        code = self.cleaned_data["unit"].strip()
        if code:
            try:
                self.unit_obj = unit_get(actor=self.actor, code=code)
            except NotFound:
                raise forms.ValidationError(_("No unit has this code.")) from None
        return code

    def filters(self) -> PeopleFilter:
        """The selector's filter from the valid fields; a field with an error is ignored."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return PeopleFilter(
            on=data.get("on") or today(),
            q=data.get("q", ""),
            unit_id=self.unit_obj.pk if self.unit_obj else None,
            level=data.get("level", ""),
            category=data.get("category", ""),
            leadership=data.get("leadership", ""),
            dimension=data.get("dimension", ""),
            at_least=data.get("at_least", ""),
        )


class PersonEditForm(BootstrapForm):
    """A person's own fields, and their post and qualifications from a date.

    `version` is the version the form was filled from: if the record changed since, the
    save is refused and nothing is overwritten. Only the fields the editor changed are
    written (see `changes`).
    """

    POST_FIELDS = ("unit", "category", "leadership", "rank_code", "position_code")
    OWN_FIELDS = ("full_name", "birth_date", "gender", "ethnicity", "party_member", "national_id")

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False)
    party_member = forms.NullBooleanField(label=_("Party member"), widget=forms.NullBooleanSelect)
    national_id = forms.RegexField(
        label=_("National ID"),
        regex=r"^(\d{9}|\d{12})$",
        required=False,
        error_messages={"invalid": _("A national ID has 9 or 12 digits.")},
    )
    on = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        help_text=_("A changed post or qualification holds from this date on."),
    )
    unit = forms.CharField(label=_("Unit code"), max_length=32, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    leadership = forms.ChoiceField(label=_("Leadership"), choices=Leadership.choices)
    rank_code = forms.CharField(label=_("Rank code"), max_length=16, required=False)
    position_code = forms.CharField(label=_("Position code"), max_length=32, required=False)

    def __init__(self, *args, actor: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.unit_obj: Unit | None = None
        self._choices("category", [("", "—"), *Category.choices])
        for dimension, label in Dimension.choices:
            self.fields[dimension] = forms.ChoiceField(
                label=label, choices=SCALES[dimension].choices
            )
            self.fields[dimension].widget.attrs["class"] = "form-select"

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @property
    def dimensions(self) -> list[forms.BoundField]:
        return [self[d] for d in Dimension.values]

    def clean_unit(self) -> str:
        code = self.cleaned_data["unit"].strip()
        if code:
            try:
                self.unit_obj = unit_get(actor=self.actor, code=code)
            except NotFound:
                raise forms.ValidationError(_("No unit has this code.")) from None
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.post_changed():
            for name in ("unit", "category"):
                if name not in self.errors and not data.get(name):
                    self.add_error(name, _("A post needs a unit and a category."))
        return data

    def post_changed(self) -> bool:
        return any(name in self.changed_data for name in self.POST_FIELDS)

    def changes(self) -> dict[str, Any]:
        """What the editor changed, as person_edit takes it: fields, post, qualifications."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.OWN_FIELDS if name in self.changed_data}
        if "national_id" in fields:
            fields["national_id"] = fields["national_id"] or None
        post = None
        if self.post_changed() and self.unit_obj is not None:
            post = PostFacts(
                unit_id=self.unit_obj.pk,
                category=data["category"],
                leadership=data["leadership"],
                rank_code=data["rank_code"].strip(),
                position_code=data["position_code"].strip(),
            )
        levels = {d: data[d] for d in Dimension.values if d in self.changed_data}
        return {"fields": fields, "post": post, "qualifications": levels}
