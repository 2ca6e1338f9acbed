"""The users page's forms (a new account, a role to grant) and the throttled login forms."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dtbd.core.forms import BootstrapForm
from dtbd.organisation.models import Unit
from dtbd.people.models import Person

from . import policy, services, throttle
from .models import Role


class GrantFieldsForm(BootstrapForm):
    """A role on a unit (picked by code) or, for `self`, on a person's record.

    The unit and person are looked up only among those the actor administers; an unknown code
    and one outside that scope get the same answer.
    """

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.CharField(
        label=_("Unit code"),
        required=False,
        max_length=32,
        help_text=_("The role holds for this unit and every unit under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "administered-units"}),
    )
    person = forms.CharField(
        label=_("Person code"),
        required=False,
        max_length=32,
        help_text=_("Only for the “Own record” role: whose record it is."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Whether an `admin` role without a unit (a superuser) may be asked for here.
    allows_everything = False

    def __init__(self, *args, actor: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = data.get("role")
        data["unit_obj"] = self._unit(data.get("unit", ""))
        data["person_obj"] = self._person(data.get("person", "")) if role == Role.SELF else None
        if role == Role.SELF and not data.get("person") and "person" not in self.errors:
            self.add_error("person", _("Give the code of the person whose record it is."))
        elif role and role != Role.SELF and not data.get("unit") and "unit" not in self.errors:
            everything = role == Role.ADMIN and self.allows_everything
            if not everything:
                self.add_error("unit", _("This role is granted on a unit: give its code."))
            elif policy.administered_unit_ids(self.actor) is not None:
                self.add_error(
                    "unit", _("Only a superuser may create an administrator of everything.")
                )
        return data

    def _unit(self, code: str) -> Unit | None:
        code = code.strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not policy.may_administer_unit(self.actor, unit.pk):
            self.add_error(
                "unit",
                _("No unit with code “%(code)s” among the units you administer.") % {"code": code},
            )
            return None
        return unit

    def _person(self, code: str) -> Person | None:
        code = code.strip()
        if not code:
            return None
        person = Person.objects.filter(code=code).first()
        if person is None or not policy.may_administer_person(self.actor, person.pk):
            self.add_error(
                "person",
                _("No person with code “%(code)s” in the units you administer.") % {"code": code},
            )
            return None
        return person


class GrantForm(GrantFieldsForm):
    pass


class UserCreateForm(GrantFieldsForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the user by a safe channel; they can change it after logging in."),
    )
    password2 = forms.CharField(
        label=_("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "password1", "password2", "role", "unit", "person"]
    allows_everything = True

    def __init__(self, *args, actor: Any, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        if policy.administered_unit_ids(actor) is None:
            self.fields["unit"].help_text = _(
                "The role holds for this unit and every unit under it. Leave it empty with "
                "the Administrator role to create a superuser."
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return data


class ThrottledLoginMixin:
    """A login form refused unchecked while the name or the address is locked, with every
    failure counted and written to the audit log (without the password)."""

    cleaned_data: dict[str, Any]
    request: Any

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # type: ignore[misc]
        address = throttle.client_address(self.request)
        lock = throttle.locked(username, address)
        if lock is not None:
            if throttle.first_refusal(lock.reason, username, address):
                services.login_throttled_record(
                    username=username, address=address, reason=lock.reason
                )
            raise self._throttled(lock)
        try:
            data = super().clean()  # type: ignore[misc]
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            lock = throttle.failed(username, address)
            services.login_failed_record(
                username=username, address=address, locked=lock.reason if lock else None
            )
            raise self._throttled(lock) if lock else error from None
        throttle.succeeded(username)
        return data

    @staticmethod
    def _throttled(lock: throttle.Lock) -> ValidationError:
        message = ngettext(
            "Too many failed logins: logging in is blocked for %(minutes)d more minute. "
            "Try again later, or ask your administrator.",
            "Too many failed logins: logging in is blocked for %(minutes)d more minutes. "
            "Try again later, or ask your administrator.",
            lock.minutes,
        )
        return ValidationError(message, code="throttled", params={"minutes": lock.minutes})


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Your username and password did not match. Please try again."),
    }


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's login, throttled with the same counts as the main one."""
