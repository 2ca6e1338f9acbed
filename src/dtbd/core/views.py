"""The home page, and the one place the web pages turn application errors into HTTP."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dtbd.accounts.policy import policy_for
from dtbd.core.codes import Level
from dtbd.core.dates import today
from dtbd.core.errors import NotFound
from dtbd.organisation.selectors import unit_versions_visible
from dtbd.people.selectors import standings_on

T = TypeVar("T")


def found(selector: Callable[..., T], **kwargs: Any) -> T:
    """Call a selector; a record missing or out of scope is the same 404 page."""
    try:
        return selector(**kwargs)
    except NotFound as error:
        raise Http404(error.message) from error


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    on = today()
    units = dict(
        unit_versions_visible(actor=request.user, on=on)
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    people = dict(
        standings_on(on, scope=policy_for(request.user))
        .values_list("unit_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [(level, units.get(level, 0), people.get(level, 0)) for level in Level.values]
    return render(
        request,
        "core/home.html",
        {
            "on": on,
            "rows": rows,
            "unit_total": sum(units.values()),
            "people_total": sum(people.values()),
        },
    )
