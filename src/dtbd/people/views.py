"""The people list (search, filters, pages; htmx swaps the results) and a person's page."""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from dtbd.audit.selectors import audit_events_for
from dtbd.core.codes import NONE, Dimension
from dtbd.core.dates import today
from dtbd.core.views import found
from dtbd.organisation.selectors import unit_versions_visible

from .forms import PeopleFilterForm
from .selectors import (
    people_list,
    person_current,
    person_get,
    person_posts,
    person_qualifications,
)

PAGE_SIZE = 50
AUDIT_SHOWN = 100


def _wants_results_only(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request and htmx.target == "results"


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


def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = found(person_get, actor=request.user, code=code)
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
    events = audit_events_for(subject_type="person", subject_key=person.code).select_related(
        "actor"
    )[:AUDIT_SHOWN]
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
        },
    )
