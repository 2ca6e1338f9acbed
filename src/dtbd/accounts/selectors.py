"""Reads of accounts for the users page, limited to what the actor administers."""

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from dtbd.core.dates import today
from dtbd.core.errors import NotFound
from dtbd.organisation.models import UnitVersion

from . import policy
from .models import Grant


def users_administered(*, actor: Any, q: str = "") -> QuerySet:
    """The accounts the actor may manage (policy: Scope.users), by user name, each with its
    grants prefetched. `actor` is a user or the Scope already made for them."""
    scope = actor if isinstance(actor, policy.Scope) else policy.policy_for(actor)
    qs = scope.users()
    if q.strip():
        qs = qs.filter(username__icontains=q.strip())
    return qs.prefetch_related(Prefetch("grants", queryset=grants_shown())).order_by("username")


def grants_shown() -> QuerySet[Grant]:
    """Grants with their unit and person, and the unit's name today (or its last name)."""
    name = UnitVersion.objects.filter(unit_id=OuterRef("unit_id")).order_by("-valid_from")
    name_today = name.filter(valid_from__lte=today(), valid_to__gte=today())
    return (
        Grant.objects.select_related("unit", "person")
        .annotate(
            unit_name_today=Subquery(name_today.values("name")[:1]),
            unit_name_last=Subquery(name.values("name")[:1]),
        )
        .order_by("role", "unit__code", "person__code")
    )


def user_get(*, actor: Any, user_id: int) -> Any:
    """The account, or NotFound when missing or not the actor's to manage."""
    user = users_administered(actor=actor).filter(pk=user_id).first()
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def units_administered_today(*, actor: Any, limit: int) -> list[UnitVersion]:
    """The units the actor may grant roles on, as they are today, for picking a code."""
    scope = actor if isinstance(actor, policy.Scope) else policy.policy_for(actor)
    qs = UnitVersion.objects.filter(valid_from__lte=today(), valid_to__gte=today())
    ids = scope.unit_ids(None, action=policy.ADMINISTER)
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    return list(qs.select_related("unit").order_by("unit__code")[:limit])
