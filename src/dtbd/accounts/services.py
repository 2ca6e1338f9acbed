"""Accounts and grants. Every change is audited in its own transaction.

A user actor is held to what accounts.policy lets them administer (PermissionDenied, with
nothing written, otherwise); the command line's label actors administer everything.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.core.errors import PermissionDenied, ValidationFailed

from . import policy
from .models import Grant, Role
from .selectors import users_administered

User = get_user_model()


def _check_grant(role: str, unit: Any, person: Any) -> None:
    if role not in Role.values:
        raise ValidationFailed(
            f"unknown role '{role}' (expected one of {', '.join(Role.values)})", field="role"
        )
    if role == Role.SELF and person is None:
        raise ValidationFailed(
            "the 'self' role needs the person whose record it is", field="person"
        )
    if role in (Role.MANAGER, Role.VIEWER, Role.INSTITUTION) and unit is None:
        raise ValidationFailed(f"the '{role}' role is granted on a unit", field="unit")


def _require_grantable(actor: Any, role: str, unit: Any, person: Any) -> None:
    """Refuse a grant outside the units the actor administers."""
    if role == Role.SELF and person is not None:
        if not policy.may_administer_person(actor, person.pk):
            raise PermissionDenied(
                f"person '{person.code}' lies outside the units you administer", field="person"
            )
        return
    if not policy.may_administer_unit(actor, unit.pk if unit is not None else None):
        if unit is None:
            raise PermissionDenied(
                f"only a superuser may grant '{role}' without a unit", field="unit"
            )
        raise PermissionDenied(
            f"unit '{unit.code}' lies outside the units you administer", field="unit"
        )


def _require_administered(actor: Any, user: Any) -> None:
    if not users_administered(actor=actor).filter(pk=user.pk).exists():
        raise PermissionDenied(
            f"user '{user.get_username()}' lies outside the units you administer", field="user"
        )


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    unit: Any = None,
    person: Any = None,
) -> Any:
    """A new account holding one role. `admin` without a unit administers everything."""
    username = username.strip()
    if not username:
        raise ValidationFailed("a user name is required", field="username")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            f"user '{username}' already exists", field="username", code="duplicate"
        )
    _check_grant(role, unit, person)
    _require_grantable(actor, role, unit, person)
    user = User(
        username=username,
        is_superuser=role == Role.ADMIN and unit is None,
        is_staff=role == Role.ADMIN and unit is None,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        event="user.created",
        subject_type="user",
        subject_key=username,
        data={"superuser": user.is_superuser},
    )
    if not user.is_superuser:
        _grant_add(actor=actor, user=user, role=role, unit=unit, person=person)
    return user


@transaction.atomic
def grant_add(*, actor: Any, user: Any, role: str, unit: Any = None, person: Any = None) -> Grant:
    """Give `user` a role (no-op if held). A user actor must administer both the account
    and the unit (or, for `self`, the person)."""
    _check_grant(role, unit, person)
    _require_administered(actor, user)
    _require_grantable(actor, role, unit, person)
    return _grant_add(actor=actor, user=user, role=role, unit=unit, person=person)


def _grant_add(*, actor: Any, user: Any, role: str, unit: Any, person: Any) -> Grant:
    grant, created = Grant.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"person": person}
    )
    if created:
        audit_record(
            actor=actor,
            event="grant.added",
            subject_type="user",
            subject_key=user.get_username(),
            data={
                "role": role,
                "unit": unit.code if unit else None,
                "person": person.code if person else None,
            },
        )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, user: Any, role: str, unit: Any = None) -> int:
    """Take a role away. A user actor must administer the account and the grants, and may
    not take the last one (the account would leave their sight: deactivate it instead)."""
    _require_administered(actor, user)
    grants = Grant.objects.filter(user=user, role=role, unit=unit)
    if (
        policy.administered_unit_ids(actor) is not None
        and grants.exists()
        and not Grant.objects.filter(user=user).exclude(pk__in=grants.values("pk")).exists()
    ):
        raise PermissionDenied(
            f"'{role}' is the last role of user '{user.get_username()}'; deactivate the"
            " account instead",
            field="role",
            code="last_grant",
        )
    deleted, _ = grants.delete()
    if not deleted:
        raise ValidationFailed(
            f"user '{user.get_username()}' holds no '{role}' grant"
            + (f" on '{unit.code}'" if unit else ""),
            field="role",
            code="not_found",
        )
    audit_record(
        actor=actor,
        event="grant.revoked",
        subject_type="user",
        subject_key=user.get_username(),
        data={"role": role, "unit": unit.code if unit else None},
    )
    return deleted


@transaction.atomic
def user_set_active(*, actor: Any, user: Any, active: bool) -> Any:
    """Deactivate (no login, no session, no API token works) or reactivate an account."""
    _require_administered(actor, user)
    if not active and getattr(actor, "pk", None) == user.pk:
        raise ValidationFailed(
            "you cannot deactivate your own account", field="user", code="own_account"
        )
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        event="user.reactivated" if active else "user.deactivated",
        subject_type="user",
        subject_key=user.get_username(),
    )
    return user


@transaction.atomic
def password_change(*, actor: Any, user: Any, password: str) -> Any:
    """Set a new password (validated by the project's password rules); audited without it."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        event="user.password_changed",
        subject_type="user",
        subject_key=user.get_username(),
    )
    return user


# The audit log's key column is 64 characters; a typed user name may be longer.
_KEY_MAX = 64
# What a failed login records instead of a name no account has: people type passwords into
# the name field, and the audit log must never keep one.
UNKNOWN_NAME = "(unknown name)"


def _login_subject(username: str) -> str:
    name = username.strip()[:_KEY_MAX]
    if get_user_model().objects.filter(username=name).exists():
        return name
    return UNKNOWN_NAME


@transaction.atomic
def login_failed_record(*, username: str, address: str, locked: str | None = None) -> None:
    """A failed login: the account's name (or UNKNOWN_NAME) and the client's address, never
    the password. `locked` names the count ("username" or "address") this failure locked."""
    data: dict[str, Any] = {"address": address}
    if locked:
        data["locked"] = locked
    audit_record(
        actor=None,
        event="login.failed",
        subject_type="user",
        subject_key=_login_subject(username),
        data=data,
    )


@transaction.atomic
def login_throttled_record(*, username: str, address: str, reason: str) -> None:
    """A login refused unchecked because the name or the address is locked."""
    audit_record(
        actor=None,
        event="login.throttled",
        subject_type="user",
        subject_key=_login_subject(username),
        data={"address": address, "reason": reason},
    )
