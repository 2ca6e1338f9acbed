"""The unit tree, expanded in place, and a unit's page: path, history, children."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dtbd.core.views import found

from .forms import AsOfForm
from .selectors import unit_children, unit_get, unit_history, unit_path, unit_versions_visible


@require_safe
def tree(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    on = form.as_of()
    nodes = unit_children(actor=request.user, parent=None, on=on)
    return render(request, "organisation/tree.html", {"form": form, "on": on, "nodes": nodes})


@require_safe
def children(request: HttpRequest, code: str) -> HttpResponse:
    """The units directly under `code` on the date: the tree's htmx partial."""
    on = AsOfForm(request.GET).as_of()
    unit = found(unit_get, actor=request.user, code=code)
    nodes = unit_children(actor=request.user, parent=unit, on=on)
    return render(request, "organisation/_nodes.html", {"nodes": nodes, "on": on})


@require_safe
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = found(unit_get, actor=request.user, code=code)
    form = AsOfForm(request.GET or None)
    asked = form.as_of()
    # A unit that did not exist on the date is shown as it was nearest to it.
    on = max(unit.valid_from, min(asked, unit.valid_to))
    path = unit_path(unit=unit, on=on)[:-1]
    # Above a grant's unit the path stops: units outside the actor's scope stay unnamed.
    visible = set(
        unit_versions_visible(actor=request.user, on=on)
        .filter(unit_id__in=[v.unit_id for v in path])
        .values_list("unit_id", flat=True)
    )
    history = list(unit_history(unit=unit))
    current = next((v for v in history if v.valid_from <= on <= v.valid_to), history[-1])
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "form": form,
            "unit": unit,
            "asked": asked,
            "on": on,
            "current": current,
            "path": [v for v in path if v.unit_id in visible],
            "history": history[::-1],
            "children": unit_children(actor=request.user, parent=unit, on=on),
        },
    )
