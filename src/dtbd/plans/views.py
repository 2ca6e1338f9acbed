"""Plan pages: the list, a plan with its workflow buttons and versions, the form that
creates or edits a draft, version comparison, roll-up, fulfilment with its chart, the
completions behind each figure, and the Excel annex. Every write calls a service."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.selectors import audit_events_for
from dtbd.core.dates import parse_date
from dtbd.core.errors import ApplicationError, NotFound, PermissionDenied
from dtbd.core.views import found
from dtbd.organisation.models import Unit

from . import forms as plan_forms
from .fulfilment import (
    budget_fulfilment,
    target_completions,
    target_nominations,
    version_fulfilment,
)
from .models import Plan
from .proposal import plan_propose
from .rollup import plan_rollup
from .selectors import (
    PlanFilter,
    plan_get,
    plan_versions,
    plans_list,
    version_get,
    version_in_force,
    versions_compare,
)
from .services import (
    may_approve,
    may_write_plans_of,
    plan_approve,
    plan_create,
    plan_edit,
    plan_return,
    plan_revise,
    plan_submit,
)

PAGE_SIZE = 50
COMPLETIONS_PAGE = 100


def _plan(request: HttpRequest, code: str) -> Plan:
    return found(plan_get, actor=request.user, code=code)


def _version(plan: Plan, number: Any) -> Any:
    try:
        return version_get(plan=plan, number=int(number) if number else None)
    except (NotFound, ValueError) as error:
        raise Http404(str(error)) from error


@require_safe
def plan_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    filters = PlanFilter(
        q=request.GET.get("q", "").strip(),
        status=status,
        year=int(year) if year.isdigit() else None,
    )
    page = Paginator(plans_list(actor=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "plans/list.html", {
        "page": page, "filters": filters, "section": "plans",
        "may_create": policy_for(request.user).anywhere(WRITE),
    })  # fmt: skip


def _form_context(form: Any, rows: list[dict[str, str]], budgets: dict[str, Any]) -> dict:
    blank = range(len(rows), len(rows) + plan_forms.BLANK_ROWS)
    return {"form": form, "rows": rows, "budgets": budgets, "section": "plans",
            **plan_forms.choices(), "blank_rows": blank}  # fmt: skip


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    if not policy_for(request.user).anywhere(WRITE):
        raise DjangoPermissionDenied
    form = plan_forms.PlanForm(request.POST or None, actor=request.user)
    rows = plan_forms.target_rows(request.POST) if request.method == "POST" else []
    budgets = {s: request.POST.get(f"budget-{s}", "") for s in plan_forms.FundingSource.values}
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.get(code=form.cleaned_data["unit"])
        try:
            if form.cleaned_data.get("propose"):
                plan = plan_propose(actor=request.user, code=form.cleaned_data["code"], unit=unit,
                                    facts=form.facts())  # fmt: skip
            else:
                plan = plan_create(
                    actor=request.user, code=form.cleaned_data["code"], unit=unit,
                    facts=form.facts(), targets=plan_forms.target_lines(rows),
                    budgets=plan_forms.budget_lines(request.POST),
                )  # fmt: skip
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The plan was created as a draft."))
            return redirect("plans:detail", plan.code)
    return render(request, "plans/form.html", _form_context(form, rows, budgets))


@require_http_methods(["GET", "POST"])
def plan_edit_page(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    if not may_write_plans_of(request.user, plan.unit_id):
        raise DjangoPermissionDenied
    version = version_get(plan=plan)
    if request.method == "POST":
        form = plan_forms.PlanForm(request.POST, actor=request.user, editing=True)
        rows = plan_forms.target_rows(request.POST)
        budgets = {s: request.POST.get(f"budget-{s}", "") for s in plan_forms.FundingSource.values}
        if form.is_valid():
            try:
                plan_edit(
                    actor=request.user, plan=plan, facts=form.facts(),
                    targets=plan_forms.target_lines(rows),
                    budgets=plan_forms.budget_lines(request.POST),
                    expected_version=int(request.POST.get("version") or 0) or None,
                )  # fmt: skip
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("plans:detail", plan.code)
    else:
        form = plan_forms.PlanForm(
            initial={"kind": version.kind, "period_start": version.period_start,
                     "period_end": version.period_end, "title": version.title,
                     "note": version.note},
            actor=request.user, editing=True,
        )  # fmt: skip
        rows = [
            {"program_category": t.program_category, "level": t.level, "measure": t.measure,
             "target": str(t.target), "classes_home": str(t.classes_home),
             "classes_abroad": str(t.classes_abroad),
             "budget_vnd": "" if t.budget_vnd is None else str(t.budget_vnd)}
            for t in version.targets.all()
        ]  # fmt: skip
        budgets = {b.source: str(b.amount_vnd) for b in version.budgets.all()}
    context = _form_context(form, rows, budgets)
    context.update(plan=plan, version=version)
    return render(request, "plans/form.html", context)


@require_safe
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    version = _version(plan, request.GET.get("version"))
    versions = list(plan_versions(plan=plan))
    latest = versions[-1]
    writer = may_write_plans_of(request.user, plan.unit_id)
    approver = may_approve(request.user, plan)
    return render(request, "plans/detail.html", {
        "plan": plan, "version": version, "versions": versions, "latest": latest,
        "is_latest": version.number == latest.number, "section": "plans",
        "may_edit": writer and latest.status == "draft",
        "may_submit": writer and latest.status == "draft",
        "may_revise": writer and latest.status == "approved",
        "may_decide": approver and latest.status == "submitted",
        "targets": version.targets.all(), "budgets": version.budgets.all(),
        "events": audit_events_for(subject_type="plan", subject_key=plan.code).order_by("-at")[:50],
    })  # fmt: skip


@require_POST
def plan_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """The workflow buttons: submit, return, approve, revise."""
    plan = _plan(request, code)
    expected = int(request.POST.get("version") or 0) or None
    try:
        if action == "submit":
            plan_submit(actor=request.user, plan=plan, expected_version=expected)
            messages.success(request, _("The plan was submitted for approval."))
        elif action == "return":
            plan_return(actor=request.user, plan=plan, reason=request.POST.get("reason", ""),
                        expected_version=expected)  # fmt: skip
            messages.success(request, _("The plan was returned to draft."))
        elif action == "approve":
            text = request.POST.get("decision_date", "").strip()
            try:
                date = parse_date(text) if text else None
            except ValueError as error:
                raise ApplicationError(str(error), field="decision_date") from None
            plan_approve(actor=request.user, plan=plan, decision_no=request.POST.get(
                "decision_no", ""), decision_date=date, expected_version=expected)  # fmt: skip
            messages.success(request, _("The plan was approved."))
        elif action == "revise":
            plan_revise(actor=request.user, plan=plan, note=request.POST.get("note", ""),
                        expected_version=expected)  # fmt: skip
            messages.success(request, _("A revision was opened as a new draft version."))
        else:
            raise Http404
    except PermissionDenied as error:
        # A role that may not do this gets the refusal page, as every write page answers.
        raise DjangoPermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("plans:detail", plan.code)


@require_safe
def plan_compare(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    versions = list(plan_versions(plan=plan))
    a = _version(plan, request.GET.get("a") or versions[0].number)
    b = _version(plan, request.GET.get("b") or versions[-1].number)
    return render(request, "plans/compare.html", {
        "plan": plan, "versions": versions, "diff": versions_compare(a, b), "section": "plans",
    })  # fmt: skip


@require_safe
def plan_rollup_page(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    return render(request, "plans/rollup.html", {
        "plan": plan, "rollup": plan_rollup(plan=plan), "section": "plans",
    })  # fmt: skip


@require_safe
def plan_fulfilment_page(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    version = version_in_force(plan=plan)
    rows = version_fulfilment(plan, version)
    chart = {
        "labels": [r.target.get_program_category_display() for r in rows],
        "series": [
            {"label": _("Target"), "data": [r.target.target for r in rows]},
            {"label": _("Nominated"), "data": [r.nominated for r in rows]},
            {"label": _("Completed"), "data": [r.actual for r in rows]},
        ],
    }
    return render(request, "plans/fulfilment.html", {
        "plan": plan, "version": version, "rows": rows, "chart": chart,
        "budget": budget_fulfilment(plan, version), "section": "plans",
    })  # fmt: skip


@require_safe
def plan_completions(request: HttpRequest, code: str, target_id: int) -> HttpResponse:
    """The enrolments behind one target's figures: the completions counted in `actual`, or
    (?what=nominated) the nominations counted in `nominated`."""
    plan = _plan(request, code)
    version = version_in_force(plan=plan)
    target = version.targets.filter(pk=target_id).first()
    if target is None:
        raise Http404
    nominated = request.GET.get("what") == "nominated"
    qs = (
        (target_nominations if nominated else target_completions)(plan, version, target)
        .select_related("person", "course")
        .order_by("completed_on" if not nominated else "course__start_date", "person__code")
    )
    page = Paginator(qs, COMPLETIONS_PAGE).get_page(request.GET.get("page"))
    # A `people` target counts each person once; the list shows every enrolment behind it,
    # so say how many people they are (the figure on the fulfilment page).
    people = qs.values("person_id").distinct().count() if target.measure == "people" else None
    return render(request, "plans/completions.html", {
        "plan": plan, "version": version, "target": target, "page": page, "section": "plans",
        "nominated": nominated, "people": people,
    })  # fmt: skip


@require_safe
def plan_annex(request: HttpRequest, code: str) -> HttpResponse:
    """The plan as the annex of a provincial plan decision, in Excel."""
    from .annex import annex_workbook

    plan = _plan(request, code)
    version = _version(plan, request.GET.get("version"))
    data = annex_workbook(plan, version)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-v{version.number}.xlsx"'
    return response
