"""Pages that edit the rules (province roles): equivalences, the annual hours rule, competency
frameworks, and opening and closing a needs survey; and the "hours behind" list.

Each page parses its form, checks who may act, calls one service and redirects; a refusal
from the service is shown on the field it names.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.dates import today
from dtbd.core.errors import ApplicationError, NotFound
from dtbd.core.views import found
from dtbd.organisation.selectors import unit_path

from . import exporter, selectors, services
from .forms import (
    CampaignForm,
    EditionForm,
    EquivalenceForm,
    FrameworkForm,
    HoursRuleForm,
    PositionLevelForm,
)
from .models import Equivalence, Framework, HoursRule
from .views import PAGE_SIZE, _fail, _on, _unit


def _editor(request: HttpRequest) -> bool:
    may_edit = selectors.may_edit_standards(request.user)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    return may_edit


def _save(request: HttpRequest, form: Any, call: Any, done: str) -> bool:
    """Run the service if the form is valid; its refusal goes onto the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except ApplicationError as error:
        _fail(form, error)
        return False
    messages.success(request, done)
    return True


# --- rules ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def equivalences(request: HttpRequest) -> HttpResponse:
    may_edit = _editor(request)
    form = EquivalenceForm(request.POST or None)
    call = lambda: services.equivalence_add(actor=request.user, **form.values())  # noqa: E731
    if _save(request, form, call, _("The equivalence was saved.")):
        return redirect("standards:equivalences")
    return render(request, "standards/equivalences.html", {
        "form": form, "may_edit": may_edit, "equivalences": Equivalence.objects.all(),
    })  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def hours_rules(request: HttpRequest) -> HttpResponse:
    may_edit = _editor(request)
    form = HoursRuleForm(request.POST or None)
    call = lambda: services.hours_rule_set(actor=request.user, **form.cleaned_data)  # noqa: E731
    if _save(
        request, form, call, _("The new rule was saved; the one before it ends the day before.")
    ):
        return redirect("standards:hours_rules")
    return render(request, "standards/hours_rules.html", {
        "form": form, "may_edit": may_edit, "rules": HoursRule.objects.all(),
    })  # fmt: skip


# --- competency frameworks -----------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def frameworks(request: HttpRequest) -> HttpResponse:
    may_edit = _editor(request)
    form = FrameworkForm(request.POST or None)
    created: list[Framework] = []
    call = lambda: created.append(  # noqa: E731
        services.framework_create(actor=request.user, **form.cleaned_data)
    )
    if _save(request, form, call, _("Framework created. Now add its first edition.")):
        return redirect("standards:framework", code=created[0].code)
    return render(request, "standards/frameworks.html", {
        "frameworks": selectors.frameworks_list(), "form": form, "may_edit": may_edit,
    })  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = next((f for f in selectors.frameworks_list() if f.code == code), None)
    if framework is None:
        raise Http404(code)
    may_edit = _editor(request)
    latest = framework.versions.order_by("-number").first()
    competencies = list(latest.competencies.all()) if latest else []
    which = request.POST.get("form")
    edition = EditionForm(request.POST if which == "edition" else None)
    level = PositionLevelForm(request.POST if which == "level" else None,
                              competencies=competencies)  # fmt: skip
    if which == "edition":
        call = lambda: services.framework_version_add(  # noqa: E731
            actor=request.user, framework=framework, **edition.cleaned_data
        )
        done = _save(request, edition, call, _("The new edition was saved; earlier ones are kept."))
    elif which == "level":

        def call():
            competency = next(c for c in competencies if c.pk == level.cleaned_data["competency"])
            services.position_competency_set(
                actor=request.user, competency=competency,
                position_code=level.cleaned_data["position_code"],
                required_rank=level.cleaned_data["required_rank"],
            )  # fmt: skip

        done = _save(request, level, call, _("The required level was saved."))
    else:
        done = False
    if done:
        return redirect("standards:framework", code=framework.code)
    return render(request, "standards/framework.html", {
        "framework": framework, "latest": latest, "may_edit": may_edit,
        "edition_form": edition, "level_form": level,
    })  # fmt: skip


# --- opening and closing a needs survey ----------------------------------------------------


def may_run_survey(actor: Any, unit: Any) -> bool:
    """Province roles, over the survey's unit."""
    return selectors.may_edit_standards(actor) and policy_for(actor).covers(WRITE, unit.pk, today())


@require_POST
def survey_open(request: HttpRequest) -> HttpResponse:
    if not selectors.may_edit_standards(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = selectors.unit_visible(actor=request.user, code=data.pop("unit_code"))
            if not may_run_survey(request.user, unit):
                raise NotFound(f"unit '{unit.code}' not found", field="unit_code")
            campaign = services.campaign_open(actor=request.user, unit=unit, **data)
        except ApplicationError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The needs survey is open."))
            return redirect("standards:survey", pk=campaign.pk)
    return render(request, "standards/surveys.html", {
        "campaigns": selectors.campaigns_visible(actor=request.user), "form": form,
        "may_open": True,
    }, status=422)  # fmt: skip


@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = found(selectors.campaign_get, actor=request.user, pk=pk)
    if not may_run_survey(request.user, campaign.unit):
        raise PermissionDenied
    try:
        services.campaign_close(actor=request.user, campaign=campaign)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The needs survey is closed."))
    return redirect("standards:survey", pk=campaign.pk)


# --- annual training hours: who is behind ------------------------------------------------------


def _hours(request: HttpRequest) -> tuple[selectors.HoursReport, Any]:
    on = _on(request)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1900 < int(year) < 2200 else on.year
    unit = _unit(request, on)
    if unit is None and not policy_for(request.user).everything:
        raise Http404("no unit")
    return selectors.hours_report(actor=request.user, year=year, on=on, unit=unit), unit


@require_safe
def hours_behind(request: HttpRequest) -> HttpResponse:
    report, unit = _hours(request)
    page = Paginator(report.behind, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "standards/hours.html", {
        "report": report, "unit": unit, "page": page, "query": query.urlencode(),
        "path": unit_path(unit=unit, on=report.on) if unit else [],
    })  # fmt: skip


@require_safe
def hours_export(request: HttpRequest) -> HttpResponse:
    report, unit = _hours(request)
    response = HttpResponse(
        exporter.hours_workbook(report=report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"thieu-gio-boi-duong-{unit.code if unit else 'tat-ca'}-{report.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
