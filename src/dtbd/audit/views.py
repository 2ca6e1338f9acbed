"""The audit log search, for admins: who did what to which record, and when."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from dtbd.accounts.policy import ADMINISTER, policy_for

from .forms import AuditFilterForm, event_label
from .models import AuditEvent
from .selectors import audit_events_search

PAGE_SIZE = 50
VALUE_MAX = 200

# The names of recorded fields as a reader knows them; others are shown as recorded.
FIELD_LABELS = {
    "full_name": _("Full name"),
    "birth_date": _("Birth date"),
    "gender": _("Gender"),
    "ethnicity": _("Ethnicity"),
    "party_member": _("Party member"),
    "national_id": _("National ID"),
    "name": _("Name"),
    "level": _("Level"),
    "kind": _("Kind"),
    "parent_code": _("Parent unit"),
    "unit_code": _("Unit code"),
    "valid_from": _("Valid from"),
    "valid_to": _("Valid to"),
    "on": _("From"),
    "post": _("Post"),
    "dimension": _("Qualification"),
    "source": _("Source"),
    "role": _("Role"),
    "unit": _("Unit"),
    "person": _("Person"),
    "via": _("Through"),
    "as_of": _("As of"),
    "rows": _("Rows"),
}


@dataclass
class Line:
    """One recorded field: a change reads before → after; a fact only has its value."""

    field: str
    value: str
    before: str | None = None

    @property
    def changed(self) -> bool:
        return self.before is not None


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def lines_of(data: Any) -> list[Line]:
    """An event's data for reading. {"field": [before, after]} is a change; {"after": {…}}
    lists a new record's values; anything else is shown as recorded."""
    if not isinstance(data, dict):
        return [Line("", _text(data))] if data else []
    lines = []
    for key, value in data.items():
        if key == "after" and isinstance(value, dict):
            lines += [Line(_field(k), _text(v)) for k, v in value.items()]
        elif isinstance(value, list) and len(value) == 2:
            lines.append(Line(_field(key), _text(value[1]), before=_text(value[0])))
        else:
            lines.append(Line(_field(key), _text(value)))
    return lines


def _field(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    if not policy_for(request.user).anywhere(ADMINISTER):
        raise PermissionDenied
    events = AuditEvent.objects.order_by().values_list("event", flat=True).distinct()
    form = AuditFilterForm(request.GET or None, events=list(events))
    if form.is_bound:
        form.is_valid()  # fields in error are shown and left out of the search
    found = audit_events_search(actor=request.user, **form.filters()).select_related("actor")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, event_label(event.event), lines_of(event.data)) for event in page]
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "elided_pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )
