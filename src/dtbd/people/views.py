"""The people list (search, filters, pages; htmx swaps the results), a person's page (each
look at it is logged) and the page that edits a person."""

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.selectors import audit_events_for
from dtbd.audit.services import audit_record
from dtbd.core.codes import NONE, Dimension
from dtbd.core.dates import today
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.core.views import found
from dtbd.organisation.selectors import unit_versions_visible

from .forms import PeopleFilterForm, PersonEditForm
from .models import Person
from .panels import links_for, panels_for
from .selectors import (
    people_list,
    person_current,
    person_get,
    person_posts,
    person_qualifications,
)
from .services import person_edit

PAGE_SIZE = 50
AUDIT_SHOWN = 100


def _wants_results_only(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request and htmx.target == "results"


@require_safe
def people_index(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("on", today().isoformat())  # the date picker shows the day it lists
    form = PeopleFilterForm(data, actor=request.user)
    form.is_valid()  # invalid fields are shown with their error and left out of the filter
    filters = form.filters()
    page = Paginator(people_list(actor=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unit_name = ""
    if form.unit_obj is not None:
        version = (
            unit_versions_visible(actor=request.user, on=filters.on)
            .filter(unit=form.unit_obj)
            .first()
        )
        unit_name = version.name if version else form.unit_obj.code
    context = {
        "form": form,
        "page": page,
        "elided_pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "on": filters.on,
        "unit_name": unit_name,
    }
    partial = _wants_results_only(request)
    if partial:
        form.fields["at_least"].widget.attrs["hx-swap-oob"] = "true"
    template = "people/_results.html" if partial else "people/list.html"
    response = render(request, template, {**context, "partial": partial})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


# Looking at a record is logged, not shown as a change in its history.
VIEWED = "person.viewed"


@require_safe
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = found(person_get, actor=request.user, code=code)
    if request.method == "GET" and not getattr(request, "htmx", False):
        # Personal-data accountability: once per page shown (a HEAD shows nothing, and an
        # htmx request would be a part of a page already logged).
        with transaction.atomic():
            audit_record(
                actor=request.user,
                event=VIEWED,
                subject_type="person",
                subject_key=person.code,
                data={"via": "web"},
            )
    on = today()
    posts = person_posts(person=person)
    held = person_current(person=person, on=on)
    by_dimension = {
        dimension: list(items)
        for dimension, items in groupby(
            person_qualifications(person=person), key=lambda q: q.dimension
        )
    }
    qualifications = [
        (dimension, label, held[dimension], by_dimension.get(dimension, []))
        for dimension, label in Dimension.choices
    ]
    events = (
        audit_events_for(subject_type="person", subject_key=person.code)
        .exclude(event=VIEWED)
        .select_related("actor")[:AUDIT_SHOWN]
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "on": on,
            "posts": posts,
            "current_post": next((p for p in posts if p.valid_from <= on <= p.valid_to), None),
            "qualifications": qualifications,
            "has_qualifications": bool(by_dimension),
            "none": NONE,
            "events": events,
            "may_edit": policy_for(request.user).can(WRITE, person, on=on),
            "panels": panels_for(request, person),
            "links": links_for(request, person),
        },
    )


# Service errors name API fields; the form calls the unit field "unit".
FORM_FIELD = {"unit_code": "unit"}


@require_http_methods(["GET", "HEAD", "POST"])
def person_edit_page(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a person (managers and admins whose units hold the person's current post)."""
    person = found(person_get, actor=request.user, code=code)
    scope = policy_for(request.user)
    on = today()
    if not scope.can(WRITE, person, on=on):
        raise PermissionDenied
    initial = _initial(person, on)
    if request.method != "POST":
        form = PersonEditForm(initial=initial, actor=request.user)
        return _edit_page(request, person, form)
    form = PersonEditForm(request.POST, initial=initial, actor=request.user)
    if not form.is_valid():
        return _edit_page(request, person, form, status=400)
    when = form.cleaned_data["on"]
    changes = form.changes()
    if not scope.can(WRITE, person, on=when):
        form.add_error("on", _("You may not change this record as it stood on that date."))
        return _edit_page(request, person, form, status=403)
    if changes["post"] and not scope.covers(WRITE, changes["post"].unit_id, when):
        form.add_error("unit", _("You may not change the records of this unit."))
        return _edit_page(request, person, form, status=403)
    try:
        person_edit(
            actor=request.user,
            person=person,
            on=when,
            expected_version=form.cleaned_data["version"],
            **changes,
        )
    except Conflict:
        return _edit_page(request, person, form, status=409, stale=_last_change(person))
    except ValidationFailed as error:
        name = FORM_FIELD.get(error.field or "", error.field)
        form.add_error(name if name in form.fields else None, error.message)
        return _edit_page(request, person, form, status=400)
    if any(changes.values()):
        messages.success(request, _("The changes were saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("people:detail", code=person.code)


def _initial(person: Person, on) -> dict[str, Any]:
    """What the record holds today, as the form shows it."""
    post = next((p for p in person_posts(person=person) if p.valid_from <= on <= p.valid_to), None)
    initial: dict[str, Any] = {
        "version": person.version,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "party_member": person.party_member,
        "national_id": person.national_id or "",
        "on": on,
        **person_current(person=person, on=on),
    }
    if post is not None:
        initial.update(
            unit=post.unit.code,
            category=post.category,
            leadership=post.leadership,
            rank_code=post.rank_code,
            position_code=post.position_code,
        )
    return initial


def _last_change(person: Person) -> dict[str, str]:
    """Who changed the record last, and when: what a refused editor needs to know."""
    event = (
        audit_events_for(subject_type="person", subject_key=person.code)
        .exclude(event=VIEWED)
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return {"who": _("someone else"), "when": ""}
    when = formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
    return {"who": event.actor_label or _("someone else"), "when": when}


def _edit_page(
    request: HttpRequest,
    person: Person,
    form: PersonEditForm,
    status: int = 200,
    stale: dict[str, str] | None = None,
) -> HttpResponse:
    context = {"person": person, "form": form, "stale": stale}
    return render(request, "people/edit.html", context, status=status)
