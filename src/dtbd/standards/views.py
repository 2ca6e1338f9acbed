"""Pages: standards (read by all, edited by the province), the gap dashboard with its chart
and drill-down, a person's "what my post still requires", the needs survey, Excel export."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dtbd.accounts.policy import READ, WRITE, policy_for
from dtbd.core.codes import ProgramCategory
from dtbd.core.dates import parse_date, today
from dtbd.core.errors import ApplicationError, NotFound
from dtbd.core.views import found
from dtbd.organisation.models import Unit
from dtbd.organisation.selectors import unit_path
from dtbd.people.models import Person
from dtbd.people.selectors import person_get

from . import exporter, gaps, selectors, services
from .api import drill_down
from .forms import InterestForm, NeedForm, StandardForm, VersionForm
from .models import Equivalence, HoursRule

PAGE_SIZE = 50


def _on(request: HttpRequest) -> dt.date:
    try:
        return parse_date(request.GET.get("on", "")) if request.GET.get("on") else today()
    except ValueError:
        return today()


def _unit(request: HttpRequest, on: dt.date) -> Unit | None:
    code = request.GET.get("unit", "").strip()
    if code:
        return found(selectors.unit_visible, actor=request.user, code=code, on=on)
    return selectors.default_unit(actor=request.user, on=on)


def _fail(form: Any, error: ApplicationError) -> None:
    name = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(name, error.message)


# --- standards -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def standards_index(request: HttpRequest) -> HttpResponse:
    may_edit = selectors.may_edit_standards(request.user)
    form = StandardForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                standard = services.standard_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Standard created. Now add its requirements."))
                return redirect("standards:detail", pk=standard.pk)
    on = _on(request)
    current: dict[int, list[gaps.Rule]] = {}
    for rule in gaps.rules_on(on):
        current.setdefault(rule.standard_id, []).append(rule)
    standards = [(s, current.get(s.pk, [])) for s in selectors.standards_list()]
    return render(request, "standards/index.html", {
        "standards": standards, "form": form, "may_edit": may_edit, "on": on,
        "equivalences": Equivalence.objects.all(), "hours_rules": HoursRule.objects.all(),
    })  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = found(selectors.standard_get, pk=pk)
    may_edit = selectors.may_edit_standards(request.user)
    form = VersionForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.standard_version_add(
                    actor=request.user, standard=standard,
                    valid_from=form.cleaned_data["valid_from"], valid_to=form.valid_to_or_end(),
                    document=form.cleaned_data["document"], requirements=form.requirements(),
                )  # fmt: skip
            except ApplicationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("The new rule was saved; earlier versions are kept."))
                return redirect("standards:detail", pk=standard.pk)
    versions = standard.versions.prefetch_related("requirements").order_by("-valid_from")
    return render(request, "standards/detail.html", {
        "standard": standard, "versions": versions, "form": form, "may_edit": may_edit,
    })  # fmt: skip


# --- gaps --------------------------------------------------------------------------------------


@require_safe
def gap_dashboard(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    unit = _unit(request, on)
    scope = policy_for(request.user)
    if unit is None and not scope.everything:
        raise Http404("no unit")
    summary = gaps.summary(scope=scope, on=on, unit_id=unit.pk if unit else None, children=True)
    codes = dict(Unit.objects.filter(pk__in=[c.unit_id for c in summary.children])
                 .values_list("pk", "code"))  # fmt: skip
    children = [(c, codes[c.unit_id], gaps.percent(c.standardised, c.people))
                for c in summary.children if c.people]  # fmt: skip
    requirements = sorted(summary.requirements, key=lambda c: -c.unmet)
    chart = [(str(ProgramCategory(c).label), n) for c, n in summary.by_category.items()]
    return render(request, "standards/gaps.html", {
        "on": on, "unit": unit, "summary": summary, "requirements": requirements,
        "children": children, "path": unit_path(unit=unit, on=on) if unit else [],
        "chart_labels": "|".join(label for label, _ in chart),
        "chart_values": ",".join(str(n) for _, n in chart),
        "behind": summary.people - summary.standardised,
    })  # fmt: skip


@require_safe
def gap_people(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    unit = _unit(request, on)
    rule_id = request.GET.get("requirement", "")
    category = request.GET.get("category", "")
    rows = drill_down(
        actor=request.user, on=on, unit_id=unit.pk if unit else None,
        rule_id=int(rule_id) if rule_id.isdigit() else None,
        category=category if category in ProgramCategory.values else "",
    )  # fmt: skip
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rule = next((r for r in gaps.rules_on(on) if str(r.id) == rule_id), None)
    return render(request, "standards/gap_people.html", {
        "on": on, "unit": unit, "page": page, "rule": rule, "count": len(rows),
        "category": category, "query": request.GET.urlencode(),
    })  # fmt: skip


@require_safe
def gap_export(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    unit = _unit(request, on)
    content = exporter.gaps_workbook(actor=request.user, on=on, unit=unit)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"thieu-hut-chuan-{unit.code if unit else 'tat-ca'}-{on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def person_gaps(request: HttpRequest, code: str) -> HttpResponse:
    from .forms import EvidenceForm
    from .models import Competency

    person: Person = found(person_get, actor=request.user, code=code)
    on = _on(request)
    result = gaps.person_gaps(person=person, on=on)
    sources = selectors.evidence_sources(actor=request.user, person=person)
    now = today()
    competencies = (
        Competency.objects.filter(version__valid_from__lte=now, version__valid_to__gte=now)
        .select_related("version__framework")
        .order_by("version__framework__code", "code")
    )
    form = EvidenceForm(request.POST or None, competencies=competencies, sources=sources,
                        initial={"observed_on": now})  # fmt: skip
    if request.method == "POST":
        if not sources:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evidence_add(
                    actor=request.user, person=person,
                    competency=competencies.get(pk=data["competency"]), rank=data["rank"],
                    source=data["source"], observed_on=data["observed_on"], note=data["note"],
                )  # fmt: skip
            except ApplicationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("The evidence was recorded."))
                return redirect("standards:person", code=person.code)
    return render(request, "standards/person.html", {
        "person": person, "on": on, "result": result, "form": form, "may_record": bool(sources),
        "evidence": selectors.evidence_of(person=person)[:50],
    })  # fmt: skip


# --- the needs survey --------------------------------------------------------------------------


@require_safe
def surveys(request: HttpRequest) -> HttpResponse:
    from .forms import CampaignForm

    return render(request, "standards/surveys.html", {
        "campaigns": selectors.campaigns_visible(actor=request.user),
        "may_open": selectors.may_edit_standards(request.user),
        "form": CampaignForm(initial={"year": today().year}),
    })  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = found(selectors.campaign_get, actor=request.user, pk=pk)
    scope = policy_for(request.user)
    on = min(_on(request), campaign.closes_on)
    code = request.GET.get("unit", "").strip()
    if code:
        unit = found(selectors.unit_visible, actor=request.user, code=code, on=on)
    elif scope.can(READ, campaign.unit, on=on):
        unit = campaign.unit
    else:
        unit = selectors.default_unit(actor=request.user, on=on)
    may_register = scope.anywhere(WRITE) and campaign.status == campaign.Status.OPEN
    own = scope.own_person_ids()
    need_form = NeedForm(
        request.POST if request.POST.get("form") == "need" else None,
        initial={"unit_code": unit.code if unit else ""},
    )
    interest_form = InterestForm(request.POST if request.POST.get("form") == "interest" else None)
    if request.method == "POST":
        done = _survey_post(request, campaign, need_form, interest_form, may_register, own)
        if done:
            return redirect(reverse("standards:survey", args=[campaign.pk]) +
                            (f"?unit={unit.code}" if unit and code else ""))  # fmt: skip
    lines = (
        selectors.consolidation(actor=request.user, campaign=campaign, unit=unit, on=on)
        if unit else []
    )  # fmt: skip
    needs = selectors.needs_visible(actor=request.user, campaign=campaign, unit=unit)
    return render(request, "standards/survey.html", {
        "campaign": campaign, "unit": unit, "on": on, "lines": lines, "needs": needs,
        "need_form": need_form, "interest_form": interest_form,
        "may_register": may_register, "may_express": bool(own) and campaign.status == "open",
        "may_close": campaign.status == "open" and _may_run(request.user, campaign.unit),
    })  # fmt: skip


def _may_run(actor, unit) -> bool:
    from .editing import may_run_survey

    return may_run_survey(actor, unit)


def _survey_post(request, campaign, need_form, interest_form, may_register, own) -> bool:
    scope = policy_for(request.user)
    if request.POST.get("form") == "interest":
        if not own or campaign.status != "open":
            raise PermissionDenied
        if not interest_form.is_valid():
            return False
        person = Person.objects.get(pk=own[0])
        try:
            services.interest_register(actor=request.user, campaign=campaign, person=person,
                                       **interest_form.cleaned_data)  # fmt: skip
        except ApplicationError as error:
            _fail(interest_form, error)
            return False
        messages.success(request, _("Your wish was registered."))
        return True
    if not may_register:
        raise PermissionDenied
    if not need_form.is_valid():
        return False
    data = need_form.cleaned_data
    try:
        unit = selectors.unit_visible(actor=request.user, code=data["unit_code"])
        if not scope.covers(WRITE, unit.pk, today()):
            raise NotFound(f"unit '{data['unit_code']}' not found", field="unit_code")
        people = []
        for person_code in need_form.codes():
            person = Person.objects.filter(code=person_code).first()
            if person is None or not scope.can(WRITE, person):
                raise NotFound(f"person '{person_code}' not found", field="person_codes")
            people.append(person)
        services.need_register(
            actor=request.user, campaign=campaign, unit=unit,
            program_category=data["program_category"], people_count=data["people_count"],
            people=people, priority=data["priority"], reason=data["reason"],
        )  # fmt: skip
    except ApplicationError as error:
        _fail(need_form, error)
        return False
    messages.success(request, _("The need was registered."))
    return True


@require_safe
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = found(selectors.campaign_get, actor=request.user, pk=pk)
    content = exporter.needs_workbook(actor=request.user, campaign=campaign)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="nhu-cau-dtbd-{campaign.year}.xlsx"'
    return response
