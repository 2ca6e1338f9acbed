"""Who may manage a class or nominate for it: the policy's answers, plus the `institution`
role's right to manage the classes of its own institution (ADR 0005)."""

import datetime as dt
from typing import Any

from dtbd.accounts.models import Grant, Role
from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.errors import NotFound, PermissionDenied
from dtbd.organisation.models import UnitAncestry


def _user(actor: Any) -> Any | None:
    if actor is None or isinstance(actor, str):
        return None
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", True):
        return None
    return actor


def institution_unit_ids(actor: Any) -> list[int]:
    """The units on which the actor holds the `institution` role."""
    user = _user(actor)
    if user is None:
        return []
    return list(
        Grant.objects.filter(user=user, role=Role.INSTITUTION, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def institution_covers(actor: Any, unit_ids: list[int]) -> bool:
    granted = institution_unit_ids(actor)
    if not granted or not unit_ids:
        return False
    return UnitAncestry.objects.filter(ancestor_id__in=granted, descendant_id__in=unit_ids).exists()


def may_manage_course(actor: Any, course: Any) -> bool:
    """Organiser-side rights: edit, open, approve, take attendance, record results."""
    scope = policy_for(actor)
    if scope.can(WRITE, course):
        return True
    units = [course.organizer_unit_id] + ([course.institution_id] if course.institution_id else [])
    return institution_covers(actor, units)


def may_create_course_at(actor: Any, organizer_unit_id: int, institution_id: int | None) -> bool:
    if policy_for(actor).covers(WRITE, organizer_unit_id):
        return True
    return institution_covers(
        actor, [organizer_unit_id, *([institution_id] if institution_id else [])]
    )


def may_nominate_from(actor: Any, sending_unit_id: int, on: dt.date | None = None) -> bool:
    """HR officers (managers) of the sending unit nominate their own people."""
    return policy_for(actor).covers(WRITE, sending_unit_id, on)


def require_manage(actor: Any, course: Any) -> None:
    if not may_manage_course(actor, course):
        from .selectors import courses_visible

        if courses_visible(actor).filter(pk=course.pk).exists():
            raise PermissionDenied("you may read this class but not manage it")
        raise NotFound(f"class '{course.course_code}' not found")
