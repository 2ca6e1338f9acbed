"""Commendation and discipline records. Discipline at the rules' level (reprimand or above)
takes the person out of the planning pool at once, with an audit entry per candidacy."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.people.models import Person

from .models import (
    SEVERITY,
    CandidateStatus,
    Commendation,
    CommendationForm,
    Discipline,
    DisciplineLevel,
    PoolCandidate,
    RemovalReason,
)
from .rules import rule_on


def _check_may_write(actor: Any, person: Person, on: dt.date) -> None:
    scope = policy_for(actor)
    if not scope.anywhere(WRITE) or not scope.can(WRITE, person, on=on):
        raise PermissionDenied(f"you may not change the record of '{person.code}'")


def _decision(decision_no: str) -> str:
    if not decision_no.strip():
        raise ValidationFailed("the decision number is required", field="decision_no")
    return decision_no.strip()


@transaction.atomic
def commendation_create(
    *,
    actor: Any,
    person: Person,
    form: str,
    title: str,
    decision_no: str,
    decided_on: dt.date,
    issuer: str = "",
    reason: str = "",
) -> Commendation:
    _check_may_write(actor, person, decided_on)
    if form not in CommendationForm.values:
        raise ValidationFailed(
            f"unknown form '{form}' (expected one of {', '.join(CommendationForm.values)})",
            field="form",
        )
    if not title.strip():
        raise ValidationFailed("the commendation's title is required", field="title")
    commendation = Commendation.objects.create(
        person=person,
        form=form,
        title=title.strip(),
        decision_no=_decision(decision_no),
        decided_on=decided_on,
        issuer=issuer.strip(),
        reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        event="commendation.created",
        subject_type="person",
        subject_key=person.code,
        data={"title": commendation.title, "decision_no": commendation.decision_no},
    )
    return commendation


def removes_from_pool(level: str, on: dt.date) -> bool:
    """Whether a measure of this level takes the person out of the pool (dated rule)."""
    rule = rule_on("pool_discipline_removes_from", on)
    return rule is not None and SEVERITY[level] >= rule.number


def disciplined_on(person: Person, on: dt.date) -> Discipline | None:
    """A measure in effect on `on` that bars the person from the pool, if any."""
    rule = rule_on("pool_discipline_removes_from", on)
    if rule is None:
        return None
    return (
        Discipline.objects.filter(person=person, severity__gte=rule.number, decided_on__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-severity")
        .first()
    )


@transaction.atomic
def discipline_create(
    *,
    actor: Any,
    person: Person,
    level: str,
    decision_no: str,
    decided_on: dt.date,
    effective_to: dt.date | None = None,
    issuer: str = "",
    reason: str = "",
) -> Discipline:
    """Record a disciplinary measure; at reprimand or above (the dated rule), every open
    candidacy of the person whose term has not ended is removed."""
    from .pool import candidate_remove

    _check_may_write(actor, person, decided_on)
    if level not in DisciplineLevel.values:
        raise ValidationFailed(
            f"unknown measure '{level}' (expected one of {', '.join(DisciplineLevel.values)})",
            field="level",
        )
    if effective_to is not None and effective_to < decided_on:
        raise ValidationFailed("the measure cannot end before it is decided", field="effective_to")
    discipline = Discipline.objects.create(
        person=person,
        level=level,
        severity=SEVERITY[level],
        decision_no=_decision(decision_no),
        decided_on=decided_on,
        effective_to=effective_to,
        issuer=issuer.strip(),
        reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        event="discipline.created",
        subject_type="person",
        subject_key=person.code,
        data={"level": level, "decision_no": discipline.decision_no, "on": str(decided_on)},
    )
    if removes_from_pool(level, decided_on):
        rule = rule_on("pool_discipline_removes_from", decided_on)
        note = (
            f"{discipline.get_level_display()}, decision {discipline.decision_no} "
            f"(rule pool_discipline_removes_from, {rule.source if rule else ''})"
        )
        for candidate in PoolCandidate.objects.filter(
            person=person,
            status__in=(CandidateStatus.PROPOSED, CandidateStatus.APPROVED),
            post__term__end__gte=decided_on,
        ).select_related("person", "post__term"):
            candidate_remove(
                actor=actor,
                candidate=candidate,
                on=decided_on,
                reason=RemovalReason.DISCIPLINE,
                note=note,
            )
    return discipline
