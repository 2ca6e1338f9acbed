"""The one policy: what a user may see and change. Every selector and face asks it.

A role granted on a unit holds for the unit's subtree. Superusers and the command line
(an actor given as a label such as "dtbd import") see everything.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

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


# Administering accounts. An `admin` grant on a unit lets its holder give and take roles on
# the unit's subtree (at any time, like the read scope), and manage the accounts whose every
# grant lies there; superusers and the command line administer everything.


def administered_unit_ids(actor: Any) -> QuerySet | None:
    """Ids of the units the actor may grant roles on; None means all."""
    if _sees_everything(actor):
        return None
    return _units_under_grants(actor, (Role.ADMIN,), None)


def may_administer(actor: Any) -> bool:
    """Whether the actor administers any accounts at all (may open the users page)."""
    if _sees_everything(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return Grant.objects.filter(user=actor, role=Role.ADMIN, unit__isnull=False).exists()


def may_administer_unit(actor: Any, unit_id: int | None) -> bool:
    """Whether the actor may grant a role on this unit; None (everywhere) needs a superuser."""
    scope = administered_unit_ids(actor)
    if scope is None:
        return True
    return unit_id is not None and scope.filter(descendant_id=unit_id).exists()


def may_administer_person(actor: Any, person_id: int) -> bool:
    """Whether the actor may give someone the `self` role on this person's record: the
    person held a post in the actor's administered units at some time."""
    from dtbd.people.models import Post

    scope = administered_unit_ids(actor)
    return scope is None or Post.objects.filter(person_id=person_id, unit_id__in=scope).exists()


def grants_administered(actor: Any) -> QuerySet:
    """The grants the actor may see and revoke: on administered units, and `self` grants on
    the records of people who held a post there."""
    from dtbd.people.models import Post

    scope = administered_unit_ids(actor)
    if scope is None:
        return Grant.objects.all()
    return Grant.objects.filter(
        (
            Q(role=Role.SELF)
            & Q(person_id__in=Post.objects.filter(unit_id__in=scope).values("person_id"))
        )
        | (~Q(role=Role.SELF) & Q(unit_id__in=scope))
    )
