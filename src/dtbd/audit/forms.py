"""The audit search's filters, read from the query string so every search is a link."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.core.forms import BootstrapForm, DateInput

from .labels import event_label, event_labels

__all__ = ["AuditFilterForm", "event_label"]


class AuditFilterForm(BootstrapForm):
    event = forms.ChoiceField(label=_("Event"), required=False)
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"placeholder": _("Person code, unit code or user name"), "autocomplete": "off"}
        ),
    )
    actor = forms.CharField(
        label=_("By"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("User name"), "autocomplete": "off"}),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, events: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        assert isinstance(field, forms.ChoiceField)
        named = sorted(
            ((e, event_label(e)) for e in {*event_labels(), *events}), key=lambda c: c[1]
        )
        field.choices = [("", _("All events")), *named]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's filters from the valid fields; a field in error is ignored."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        end: dt.date | None = data.get("date_to")
        return {
            "event": data.get("event", ""),
            "subject": data.get("subject", ""),
            "actor_name": data.get("actor", ""),
            "date_from": data.get("date_from"),
            "date_to": end,
        }
