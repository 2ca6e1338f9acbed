"""The reports on the web: a list, and one page per report with its filters, a table, a
chart and the downloads. Every figure comes from registry.run, as the API's and the command's
do, limited to what the signed-in user may read."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.errors import ApplicationError, NotFound, PermissionDenied

from . import registry
from .dashboard import dashboard
from .forms import DashboardForm, ReportForm
from .labels import field_label
from .render import FORMATS, table


@require_safe
def report_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"reports": registry.reports()})


def _report(name: str) -> registry.Report:
    try:
        return registry.get(name)
    except NotFound as error:
        raise Http404(error.message) from error


@require_safe
def report_page(request: HttpRequest, name: str) -> HttpResponse:
    report = _report(name)
    form = ReportForm(report, request.GET)
    raw = form.raw()
    result, error = None, None
    if raw or not any(p.required for p in report.params):
        try:
            result = registry.run(name, policy_for(request.user), raw)
        except ApplicationError as failure:
            error = failure
            if failure.field in form.fields:
                form.add_error(failure.field, failure.message)
    context: dict[str, Any] = {
        "report": report,
        "form": form,
        "error": error,
        "result": result,
        "raw": raw,
        "may_submit": policy_for(request.user).anywhere(WRITE),
    }
    if result is not None:
        columns, headers, cells = table(report, result)
        context.update(
            headers=headers,
            cells=cells,
            percent_columns=[i for i, c in enumerate(columns) if c == "percent"],
            chart=chart_data(report, result, columns, cells),
            downloads=[(fmt, f"?{urlencode({**raw, 'format': fmt})}") for fmt in FORMATS],
        )
    return render(request, "reports/report.html", context)


@require_safe
def report_download(request: HttpRequest, name: str) -> HttpResponse:
    report = _report(name)
    query = request.GET.copy()
    fmt = query.pop("format", ["json"])[-1]
    if fmt not in FORMATS:
        raise Http404(f"unknown format '{fmt}'")
    raw = {key: query[key] for key in query if query[key].strip()}
    try:
        result = registry.run(name, policy_for(request.user), raw)
    except NotFound as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        return HttpResponse(error.message, status=error.status, content_type="text/plain")
    render_file, content_type = FORMATS[fmt]
    response = HttpResponse(render_file(report, result), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def chart_data(report, result: dict, columns: list[str], cells: list[list[Any]]) -> dict:
    """A bar chart: one bar group per row label, one series per measure (or per `by` group).

    Breakdown: the values on the axis, one series per group, heights in percent (groups of
    different sizes compare). Attainment: groups on the axis, the percent met. Volume: groups on
    the axis, enrolments and people.
    """
    rows = result["rows"]
    by = result["params"].get("by")
    index = {c: i for i, c in enumerate(columns)}
    if "value" in index:
        labels = list(dict.fromkeys(line[index["value"]] for line in cells))
        groups = list(dict.fromkeys(line[index[by]] for line in cells)) if by else [""]
        series = []
        for group in groups:
            data = {
                line[index["value"]]: line[index["percent"]]
                for line in cells
                if not by or line[index[by]] == group
            }
            series.append(
                {"label": group or str(report.title), "data": [data.get(v) for v in labels]}
            )
        return {"labels": labels, "series": series, "unit": "%"}
    labels = [line[index[by]] if by else str(report.title) for line in cells]
    if "met" in index:
        return {
            "labels": labels,
            "series": [{"label": "%", "data": [r["percent"] for r in rows]}],
            "unit": "%",
        }
    measures = [c for c in columns if c not in (by,)]
    return {
        "labels": labels,
        "series": [{"label": field_label(c), "data": [r[c] for r in rows]} for c in measures],
        "unit": "",
    }


@require_safe
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The overview of a unit's subtree (default: everything the user may see)."""
    form = DashboardForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    today_year = int((filters.get("as_of") or date.today().isoformat())[:4])
    base_year = form.cleaned_data.get("base_year") if form.is_bound and form.is_valid() else None
    base_year = base_year or today_year - 4
    board = dashboard(policy_for(request.user), filters=filters, base_year=base_year)
    charts = {}
    if board.structure:
        report = registry.get("breakdown")
        columns, _headers, cells = table(report, board.structure)
        charts["structure"] = chart_data(report, board.structure, columns, cells)
    if board.leaders:
        report = registry.get("attainment")
        columns, _headers, cells = table(report, board.leaders)
        charts["leaders"] = chart_data(report, board.leaders, columns, cells)
    if board.plans and board.plans["rows"]:
        charts["plans"] = {
            "labels": [r["program_category"] for r in board.plans["rows"]],
            "series": [{"label": "%", "data": [r["percent"] for r in board.plans["rows"]]}],
            "unit": "%",
        }
    if board.volume_by_year:
        charts["volume"] = {
            "labels": [str(r["year"]) for r in board.volume_by_year],
            "series": [
                {
                    "label": field_label("enrolments"),
                    "data": [r["enrolments"] for r in board.volume_by_year],
                },
                {
                    "label": field_label("completed"),
                    "data": [r["completed"] for r in board.volume_by_year],
                },
            ],
            "unit": "",
        }
    as_of = filters.get("as_of") or date.today().isoformat()
    _label_rows(board)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "board": board,
            "charts": charts,
            "filters": filters,
            "as_of": as_of,
            "base_year": base_year,
            "drill": _drill_links(board, filters, as_of),
        },
    )


def _drill_links(board, filters: dict[str, str], as_of: str) -> dict[str, Any]:
    """Links from the figures to the people behind them (the people list's own filters)."""
    people = reverse("people:list")
    base = {"on": as_of}
    for name in ("unit", "level", "category"):
        if filters.get(name):
            base[name] = filters[name]
    links: dict[str, Any] = {"structure": {}, "leaders": {}}
    if board.structure:
        for row in board.structure["rows"]:
            links["structure"][row["level"]] = (
                f"{people}?{urlencode({**base, 'level': row['level']})}"
            )
    if board.leaders:
        for row in board.leaders["rows"]:
            query = {
                **base,
                "leadership": row["leadership"],
                "dimension": "political_theory",
                "at_least": "intermediate",
            }
            links["leaders"][row["leadership"]] = f"{people}?{urlencode(query)}"
    return links


def _label_rows(board) -> None:
    """Give the overview's rows the labels people read beside the codes links use."""
    from .labels import value_label

    for part, fields in (("structure", ("level", "value")), ("leaders", ("leadership",))):
        result = getattr(board, part)
        for row in result["rows"] if result else []:
            row["labels"] = {f: value_label(f, row[f], result["params"]) for f in fields}


@require_POST
def report_submit_page(request: HttpRequest, name: str) -> HttpResponse:
    """File the report with the parameters shown for a period: its figures are frozen."""
    from .submissions import report_submit

    report = _report(name)
    raw = {
        p.name: request.POST[p.name] for p in report.params if request.POST.get(p.name, "").strip()
    }
    try:
        submitted = report_submit(
            actor=request.user,
            name=name,
            raw=raw,
            period=request.POST.get("period", ""),
            note=request.POST.get("note", ""),
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except PermissionDenied as error:  # refused: 403, not a message to retry with
        raise DjangoPermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('reports:report', args=[name])}?{urlencode(raw)}")
    messages.success(request, _("The report was submitted; its figures are kept as they are."))
    return redirect("reports:submitted", pk=submitted.pk)


@require_safe
def submitted_list(request: HttpRequest) -> HttpResponse:
    from .submissions import submissions_visible

    return render(
        request,
        "reports/submitted_list.html",
        {"submissions": submissions_visible(actor=request.user)[:200]},
    )


@require_safe
def submitted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from dtbd.core.views import found

    from .submissions import differences, submission_get

    submitted = found(submission_get, actor=request.user, pk=pk)
    report = _report(submitted.report)
    _columns, headers, cells = table(report, submitted.result)
    try:
        changes = differences(actor=request.user, submitted=submitted)
        live_error = ""
    except ApplicationError as error:
        changes, live_error = [], error.message
    return render(
        request,
        "reports/submitted_detail.html",
        {
            "submitted": submitted,
            "report": report,
            "headers": headers,
            "cells": cells,
            "changes": [
                {**c, "key": " · ".join(str(v) for _k, v in c["key"] if v is not None)}
                for c in changes
            ],
            "live_error": live_error,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def targets_page(request: HttpRequest) -> HttpResponse:
    """The term targets of the units the user may see, each with its current value, the
    trend by year and the gap; those who may change a unit's records add targets."""
    from dtbd.organisation.models import Unit

    from .forms import TargetForm
    from .targets import progress, target_create, targets_visible

    may_write = policy_for(request.user).anywhere(WRITE)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and may_write and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.filter(code=data["unit"].strip()).first()
        try:
            if unit is None:
                raise NotFound(f"unit: '{data['unit']}' not found", field="unit")
            target_create(
                actor=request.user,
                unit=unit,
                label=data["label"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                params=form.measure(),
                target_percent=data["target_percent"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The target was added."))
            return redirect("reports:targets")
    rows = []
    for target in targets_visible(actor=request.user):
        try:
            rows.append(progress(actor=request.user, target=target))
        except ApplicationError:
            continue  # a measure the viewer's scope cannot compute
    return render(
        request, "reports/targets.html", {"rows": rows, "form": form, "may_write": may_write}
    )
