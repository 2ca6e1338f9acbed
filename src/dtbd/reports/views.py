"""The reports on the web: a list, and one page per report with its filters, a table, a
chart and the downloads. Every figure comes from registry.run, as the API's and the command's
do, limited to what the signed-in user may read."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from dtbd.accounts.policy import policy_for
from dtbd.core.errors import ApplicationError, NotFound

from . import registry
from .forms import ReportForm
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
    context: dict[str, Any] = {"report": report, "form": form, "error": error, "result": result}
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
