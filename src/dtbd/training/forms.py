"""Forms of the training pages. They parse input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Mode, ProgramCategory
from dtbd.core.forms import BootstrapForm, DateInput

from .models import CostItem, CourseStatus


class CourseFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CourseStatus.choices]
    )
    program_category = forms.ChoiceField(
        label=_("Programme category"),
        required=False,
        choices=[("", _("All")), *ProgramCategory.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)


class CourseForm(BootstrapForm):
    course_code = forms.CharField(label=_("Class code"), max_length=32)
    name = forms.CharField(label=_("Class name"), max_length=255)
    programme = forms.CharField(label=_("Programme code"), max_length=32, required=False)
    program_category = forms.ChoiceField(
        label=_("Programme category"), choices=ProgramCategory.choices
    )
    organizer_unit = forms.CharField(label=_("Organiser unit code"), max_length=32)
    institution = forms.CharField(
        label=_("Training institution"),
        max_length=255,
        required=False,
        help_text=_("A unit code of a training institution, or the name of an outside body."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1)
    waitlist_places = forms.IntegerField(
        label=_("Waiting-list places"), required=False, min_value=0, initial=0
    )
    budget_vnd = forms.IntegerField(label=_("Budget (VND)"), required=False, min_value=0)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)


class NominationForm(BootstrapForm):
    person = forms.CharField(label=_("Person code"), max_length=32)
    sending_unit = forms.ChoiceField(label=_("Sending unit"))
    decision_no = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "45/QĐ-UBND"}),
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    priority = forms.IntegerField(label=_("Priority"), initial=0, min_value=0, max_value=9)
    priority_reason = forms.CharField(
        label=_("Reason for priority"),
        max_length=255,
        required=False,
        help_text=_("e.g. in the planning pool, does not yet meet the standard of the post"),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sending_unit"].choices = list(units)


class SessionForm(BootstrapForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    topic = forms.CharField(label=_("Topic"), max_length=255)
    periods = forms.IntegerField(label=_("Periods"), initial=4, min_value=1, max_value=20)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    lecturer = forms.ChoiceField(label=_("Lecturer"), required=False)

    def __init__(self, *args, lecturers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].choices = [("", "—"), *lecturers]


class QuotaForm(BootstrapForm):
    unit = forms.CharField(label=_("Unit code"), max_length=32)
    places = forms.IntegerField(label=_("Places"), min_value=0)


class BudgetForm(BootstrapForm):
    item = forms.ChoiceField(label=_("Cost item"), choices=CostItem.choices)
    planned_vnd = forms.IntegerField(label=_("Planned (VND)"), min_value=0)
    actual_vnd = forms.IntegerField(label=_("Actual (VND)"), min_value=0, required=False)


class LecturerForm(BootstrapForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    institution = forms.CharField(label=_("Institution unit code"), max_length=32, required=False)
    is_visiting = forms.BooleanField(label=_("Visiting lecturer"), required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    academic_title = forms.CharField(
        label=_("Academic title and degree"), max_length=100, required=False
    )
    pedagogical_certificate = forms.CharField(
        label=_("Pedagogical certificate"), max_length=255, required=False
    )
    subjects = forms.CharField(label=_("Subjects"), required=False)


class FeedbackForm(BootstrapForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    lecturer = forms.ChoiceField(label=_("About"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, lecturers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].choices = [("", _("The class as a whole")), *lecturers]
