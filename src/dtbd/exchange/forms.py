"""Upload and download forms of the import page; checks here give translated messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.core.dates import today
from dtbd.core.errors import ValidationFailed
from dtbd.core.forms import BootstrapForm, DateInput

from .files import file_format
from .registry import kinds

KIND_LABELS = {
    "units": _("Units"),
    "people": _("People"),
    "courses": _("Courses (classes)"),
    "enrolments": _("Enrolments"),
    "assessments": _("Annual assessments"),
    "plans": _("Training plans"),
}


def kind_choices() -> list[tuple[str, Any]]:
    """The registered kinds (a callable: apps register theirs when Django starts)."""
    return [(kind, KIND_LABELS.get(kind, kind)) for kind in kinds()]


FORMATS = [("csv", "CSV"), ("xlsx", "Excel (XLSX)")]


class ImportForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=kind_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX, header in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"empty": _("The file is empty.")},
    )
    as_of = forms.DateField(
        label=_("As of"),
        widget=DateInput(),
        help_text=_("The rows describe the state on this date."),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
    ignore_unknown = forms.BooleanField(label=_("Ignore unknown columns"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = today()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name or "")
        except ValidationFailed:
            raise forms.ValidationError(
                _("“%(name)s” is neither a CSV nor an XLSX file."), params={"name": upload.name}
            ) from None
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ExportForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Data"), choices=kind_choices)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    on = forms.DateField(label=_("As of"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()
