"""Reads of the audit log: a subject's history, and the search admins may run."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from dtbd.accounts.policy import ADMINISTER, policy_for
from dtbd.core.dates import ONE_DAY

from .models import AuditEvent


def audit_events_for(*, subject_type: str, subject_key: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_type=subject_type, subject_key=subject_key)


def audit_events_visible(*, actor: Any) -> QuerySet[AuditEvent]:
    """The events an actor may search. Superusers: all. Admins of units: those about the
    people and units of their subtrees (at any time), the accounts they administer, and the
    files those accounts imported or exported. Anyone else: none."""
    scope = policy_for(actor)
    if scope.everything:
        return AuditEvent.objects.all()
    if not scope.anywhere(ADMINISTER):
        return AuditEvent.objects.none()
    users = scope.users()
    return AuditEvent.objects.filter(
        Q(subject_type="person", subject_key__in=scope.people(action=ADMINISTER).values("code"))
        | Q(subject_type="unit", subject_key__in=scope.units(action=ADMINISTER).values("code"))
        | Q(subject_type="user", subject_key__in=users.values(get_user_model().USERNAME_FIELD))
        | Q(subject_type="file", actor__in=users)
    )


def audit_events_search(
    *,
    actor: Any,
    event: str = "",
    subject: str = "",
    actor_name: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The visible events matching the filters, newest first. `subject` is a person code, a
    unit code or a user name; `actor_name` a user name or a label such as "dtbd import";
    the dates are whole days in the site's time zone."""
    qs = audit_events_visible(actor=actor)
    if event:
        qs = qs.filter(event=event)
    if subject.strip():
        qs = qs.filter(subject_key=subject.strip())
    if actor_name.strip():
        qs = qs.filter(actor_label__iexact=actor_name.strip())
    if date_from:
        qs = qs.filter(at__gte=_midnight(date_from))
    if date_to:
        qs = qs.filter(at__lt=_midnight(date_to + ONE_DAY))
    return qs.order_by("-at", "-id")


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
