"""Logging in (throttled), changing one's password, and the users page for administrators.

The users page shows and changes only the accounts the policy lets the visitor administer;
another account is a 404, like a missing one. Every change goes through accounts.services,
which checks the same scope again and writes the audit log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dtbd.audit.forms import event_label
from dtbd.audit.selectors import audit_events_for
from dtbd.core.errors import ApplicationError
from dtbd.core.views import found

from . import policy
from .forms import GrantForm, ThrottledAuthenticationForm, UserCreateForm
from .models import Role
from .selectors import units_administered_today, user_get, users_administered
from .services import grant_add, grant_revoke, password_change, user_create, user_set_active
from .tokens import tokens_of

PAGE_SIZE = 50
HISTORY_SHOWN = 50
UNITS_OFFERED = 1000  # codes offered while typing a unit; any other code may still be typed

# Refusals from the services that the visitor can act on, in the visitor's language.
REFUSALS = {
    "last_grant": _("This is the account's last role: deactivate the account instead."),
    "own_account": _("You cannot deactivate your own account."),
}


def request_policy(request: HttpRequest) -> policy.Scope:
    """One policy per request, shared by the view and the user menu (one read of the grants)."""
    scope = getattr(request, "_dtbd_policy", None)
    if scope is None or scope.actor is not request.user:
        scope = policy.policy_for(request.user)
        request._dtbd_policy = scope  # type: ignore[attr-defined]
    return scope


def _bootstrap(form: Any) -> Any:
    """Bootstrap's classes on a form Django built (the login and password forms)."""
    for name, field in form.fields.items():
        css = "form-control" + (" is-invalid" if form.is_bound and name in form.errors else "")
        field.widget.attrs["class"] = css
    return form


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The errors are known only after validation; the classes are set again then.
        if form.is_bound:
            form.is_valid()
        return _bootstrap(form)

    def form_valid(self, form):
        try:
            password_change(
                actor=form.user, user=form.user, password=form.cleaned_data["new_password1"]
            )
        except ApplicationError as error:
            form.add_error("new_password1", error.message)
            return self.form_invalid(_bootstrap(form))
        update_session_auth_hash(self.request, form.user)  # stay logged in here
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


def _require_admin(request: HttpRequest) -> policy.Scope:
    """The visitor's policy, if they administer accounts at all (403 otherwise)."""
    scope = request_policy(request)
    if not scope.anywhere(policy.ADMINISTER):
        raise PermissionDenied
    return scope


def _service_error(form: Any, error: ApplicationError) -> None:
    field = {"password": "password1", "user": None}.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def users_index(request: HttpRequest) -> HttpResponse:
    scope = _require_admin(request)
    q = request.GET.get("q", "")[:150]
    page = Paginator(users_administered(actor=scope, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "q": q,
        "page": page,
        "elided_pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.history_restore_request and htmx.target == "results")
    template = "accounts/_users.html" if partial else "accounts/users.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _units(request: HttpRequest) -> list:
    return units_administered_today(actor=request_policy(request), limit=UNITS_OFFERED)


def user_new(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_self = data["role"] == Role.SELF
        try:
            user = user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                unit=None if is_self else data["unit_obj"],
                person=data["person_obj"],
            )
        except ApplicationError as error:
            _service_error(form, error)
        else:
            messages.success(
                request, _("Account %(username)s created.") % {"username": user.get_username()}
            )
            return redirect("accounts:user", user_id=user.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "accounts/user_new.html", {"form": form, "units": _units(request)}, status=status
    )


def _detail(request: HttpRequest, user: Any, form: GrantForm, status: int = 200) -> HttpResponse:
    events = audit_events_for(subject_type="user", subject_key=user.get_username())
    history = [
        (event, event_label(event.event))
        for event in events.select_related("actor")[:HISTORY_SHOWN]
    ]
    context = {
        "account": user,
        "grants": list(user.grants.all()),
        "tokens": tokens_of(user=user),
        "form": form,
        "units": _units(request),
        "history": history,
        "is_me": user.pk == request.user.pk,
    }
    return render(request, "accounts/user.html", context, status=status)


def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = _require_admin(request)
    user = found(user_get, actor=scope, user_id=user_id)
    return _detail(request, user, GrantForm(actor=request.user))


@require_POST
def user_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = _require_admin(request)
    user = found(user_get, actor=scope, user_id=user_id)
    form = GrantForm(request.POST, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        is_self = data["role"] == Role.SELF
        try:
            grant_add(
                actor=request.user,
                user=user,
                role=data["role"],
                unit=None if is_self else data["unit_obj"],
                person=data["person_obj"],
            )
        except ApplicationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user", user_id=user.pk)
    return _detail(request, user, form, status=400)


@require_POST
def user_revoke(request: HttpRequest, user_id: int, grant_id: int) -> HttpResponse:
    scope = _require_admin(request)
    user = found(user_get, actor=scope, user_id=user_id)
    grant = next((g for g in user.grants.all() if g.pk == grant_id), None)
    if grant is None:
        raise Http404
    try:
        grant_revoke(actor=request.user, user=user, role=grant.role, unit=grant.unit)
    except ApplicationError as error:
        messages.error(request, REFUSALS.get(error.code, error.message))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user", user_id=user.pk)


@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = _require_admin(request)
    user = found(user_get, actor=scope, user_id=user_id)
    active = request.POST.get("active") == "1"
    try:
        user_set_active(actor=request.user, user=user, active=active)
    except ApplicationError as error:
        messages.error(request, REFUSALS.get(error.code, error.message))
    else:
        messages.success(
            request, _("Account reactivated.") if active else _("Account deactivated.")
        )
    return redirect("accounts:user", user_id=user.pk)
