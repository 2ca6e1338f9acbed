"""The one policy: what a user may see and change. Every selector and face asks it.

A role granted on a unit holds for the unit's subtree. Superusers and the command line
(an actor given as a label such as "dtbd import") see everything.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .models import Grant, Role

READ_ROLES = (Role.ADMIN, Role.MANAGER, Role.VIEWER)
WRITE_ROLES = (Role.ADMIN, Role.MANAGER)


def _sees_everything(actor: Any) -> bool:
    return isinstance(actor, str) or bool(getattr(actor, "is_superuser", False))


def _units_under_grants(actor: Any, roles: tuple[str, ...], on: dt.date | None) -> QuerySet:
    from dtbd.organisation.models import UnitAncestry

    if actor is None or not getattr(actor, "is_authenticated", False):
        return UnitAncestry.objects.none().values("descendant_id")
    qs = UnitAncestry.objects.filter(
        ancestor_id__in=Grant.objects.filter(user=actor, role__in=roles).values("unit_id")
    )
    if on is not None:
        qs = qs.filter(valid_from__lte=on, valid_to__gte=on)
    return qs.values("descendant_id")


def visible_unit_ids(actor: Any, on: dt.date | None) -> QuerySet | None:
    """Ids of the units the actor may read (on `on`, or ever when None); None means all."""
    if _sees_everything(actor):
        return None
    return _units_under_grants(actor, READ_ROLES, on)


def writable_unit_ids(actor: Any, on: dt.date | None) -> QuerySet | None:
    if _sees_everything(actor):
        return None
    return _units_under_grants(actor, WRITE_ROLES, on)


def may_write_unit(actor: Any, unit_id: int, on: dt.date | None) -> bool:
    scope = writable_unit_ids(actor, on)
    return scope is None or scope.filter(descendant_id=unit_id).exists()


def may_write_anything(actor: Any) -> bool:
    return (
        _sees_everything(actor) or Grant.objects.filter(user=actor, role__in=WRITE_ROLES).exists()
    )


def own_person_ids(actor: Any) -> list[int]:
    """The records a `self` grant lets the actor read."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Grant.objects.filter(user=actor, role=Role.SELF, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
