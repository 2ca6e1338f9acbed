"""Accounts and grants. Every change is audited in its own transaction."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.core.errors import ValidationFailed

from .models import Grant, Role

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
        grant_add(actor=actor, user=user, role=role, unit=unit, person=person)
    return user


@transaction.atomic
def grant_add(*, actor: Any, user: Any, role: str, unit: Any = None, person: Any = None) -> Grant:
    _check_grant(role, unit, person)
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
    deleted, _ = Grant.objects.filter(user=user, role=role, unit=unit).delete()
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
