"""Form pieces every page shares: the "as of" date and Bootstrap's classes on widgets."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.core.dates import today


class DateInput(forms.DateInput):
    """The browser's date picker; it sends YYYY-MM-DD whatever the language shown."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BootstrapForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes, with the fields in error marked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class AsOfForm(BootstrapForm):
    """?on=YYYY-MM-DD: the date the page shows things as they stood; today when absent."""

    on = forms.DateField(label=_("As of"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()

    def as_of(self) -> dt.date:
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return today()
