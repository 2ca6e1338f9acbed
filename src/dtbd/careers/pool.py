"""The leadership planning pool (quy hoạch): terms, target posts and their candidates.

Limits (2–4 candidates per post, at most 3 posts per person), targets (at least 15% young,
at least 25% women) and the age for planning are dated rules (Regulation 50-QĐ/TW).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.codes import Leadership
from dtbd.core.dates import today
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.core.numbers import percent_decimal as percent
from dtbd.people.models import Person

from .models import CandidateStatus, PoolCandidate, PoolPost, PoolTerm, RemovalReason
from .rules import age_on, months_later, refuse, rule_on

ACTIVE = (CandidateStatus.PROPOSED, CandidateStatus.APPROVED)


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_may_write(actor: Any, unit_id: int, on: dt.date) -> None:
    if not policy_for(actor).covers(WRITE, unit_id, on):
        raise PermissionDenied("you may not change the planning pool of this unit")


@transaction.atomic
def pool_term_create(
    *,
    actor: Any,
    code: str,
    name: str,
    unit_id: int,
    start: dt.date,
    end: dt.date,
    decision_no: str = "",
    decision_date: dt.date | None = None,
) -> PoolTerm:
    _check_may_write(actor, unit_id, start)
    if not code.strip() or not name.strip():
        raise ValidationFailed("a term needs a code and a name", field="code")
    if end <= start:
        raise ValidationFailed("the term must end after it starts", field="end")
    if PoolTerm.objects.filter(code=code.strip()).exists():
        raise ValidationFailed(f"term '{code}' already exists", field="code", code="duplicate")
    term = PoolTerm.objects.create(
        code=code.strip(),
        name=name.strip(),
        unit_id=unit_id,
        start=start,
        end=end,
        decision_no=decision_no.strip(),
        decision_date=decision_date,
    )
    audit_record(
        actor=actor,
        event="pool.term_created",
        subject_type="pool_term",
        subject_key=term.code,
        data={"name": term.name, "start": str(start), "end": str(end)},
    )
    return term


@transaction.atomic
def pool_post_add(
    *,
    actor: Any,
    term: PoolTerm,
    unit_id: int,
    leadership: str,
    title: str,
    position_code: str = "",
    rank_code: str = "",
) -> PoolPost:
    """A post planned for in the term (a unit's head or deputy)."""
    _check_may_write(actor, term.unit_id, term.start)
    _check_may_write(actor, unit_id, term.start)  # the post's own unit too
    if leadership not in (Leadership.HEAD, Leadership.DEPUTY):
        raise ValidationFailed("a planned post is a head or a deputy", field="leadership")
    if term.posts.filter(unit_id=unit_id, leadership=leadership, position_code=position_code):
        raise ValidationFailed(
            "this post is already planned for in the term", field="unit", code="duplicate"
        )
    post = PoolPost.objects.create(
        term=term,
        unit_id=unit_id,
        leadership=leadership,
        title=title.strip() or leadership,
        position_code=position_code.strip(),
        rank_code=rank_code.strip(),
    )
    audit_record(
        actor=actor,
        event="pool.post_added",
        subject_type="pool_term",
        subject_key=term.code,
        data={"post": post.title, "unit_id": unit_id, "leadership": leadership},
    )
    return post


def retirement_date(person: Person, on: dt.date) -> dt.date | None:
    """When the person reaches the retirement age that the rules set on `on`."""
    rule = rule_on("retirement_age_months", on, person.gender)
    return months_later(person.birth_date, rule.number) if rule else None


def over_age(person: Person, on: dt.date) -> str:
    """Why the person is too old to be planned on `on` ("" when not): they must have at
    least a full term of work ahead of them before retirement."""
    need = rule_on("pool_months_before_retirement_min", on)
    retires = retirement_date(person, on)
    if need is None or retires is None:
        return ""
    if months_later(on, need.number) > retires:
        return refuse(
            need,
            f"{person.full_name} retires on {_fmt(retires)}, less than {need.number} months "
            f"after {_fmt(on)}",
        ).message
    return ""


@transaction.atomic
def pool_candidate_add(*, actor: Any, post: PoolPost, person: Person) -> PoolCandidate:
    """Propose `person` for `post`; refused beyond the limits, over age or disciplined."""
    term = post.term
    _check_may_write(actor, term.unit_id, term.start)
    Person.objects.select_for_update().get(pk=person.pk)  # one candidacy change at a time
    PoolPost.objects.select_for_update().get(pk=post.pk)
    on = max(term.start, today())
    if post.candidates.filter(person=person).exists():
        raise ValidationFailed(
            f"{person.full_name} is already a candidate for {post.title}",
            field="person_code",
            code="duplicate",
        )
    most = rule_on("pool_candidates_max", on)
    active = post.candidates.filter(status__in=ACTIVE).count()
    if most and active >= most.number:
        raise refuse(
            most,
            f"{post.title} already has {active} candidates; at most {most.number} per post",
            field="person_code",
        )
    per_person = rule_on("pool_posts_per_person_max", on)
    held = PoolCandidate.objects.filter(person=person, post__term=term, status__in=ACTIVE).count()
    if per_person and held >= per_person.number:
        raise refuse(
            per_person,
            f"{person.full_name} is already planned for {held} posts in {term.name}; at most "
            f"{per_person.number} posts per person",
            field="person_code",
        )
    too_old = over_age(person, on)
    if too_old:
        raise ValidationFailed(too_old, field="person_code", code="rule_over_age")
    from .records import disciplined_on

    barred = disciplined_on(person, on)
    if barred is not None:
        raise ValidationFailed(
            f"{person.full_name} is under discipline ({barred.get_level_display()}, decision "
            f"{barred.decision_no}) and cannot be planned",
            field="person_code",
            code="rule_discipline",
        )
    candidate = PoolCandidate.objects.create(post=post, person=person)
    audit_record(
        actor=actor,
        event="pool.candidate_added",
        subject_type="person",
        subject_key=person.code,
        data={"term": term.code, "post": post.title},
    )
    return candidate


@transaction.atomic
def pool_post_approve(*, actor: Any, post: PoolPost, decision_no: str, decided_on: dt.date) -> int:
    """Approve the post's candidates by decision; the post needs 2–4 of them."""
    _check_may_write(actor, post.term.unit_id, post.term.start)
    if not decision_no.strip():
        raise ValidationFailed("the approving decision number is required", field="decision_no")
    active = post.candidates.filter(status__in=ACTIVE)
    count = active.count()
    least, most = (
        rule_on("pool_candidates_min", decided_on),
        rule_on("pool_candidates_max", decided_on),
    )
    if least and count < least.number:
        raise refuse(
            least, f"{post.title} has {count} candidates; at least {least.number} per post"
        )
    if most and count > most.number:
        raise refuse(most, f"{post.title} has {count} candidates; at most {most.number} per post")
    updated = active.update(
        status=CandidateStatus.APPROVED, decision_no=decision_no.strip(), decided_on=decided_on
    )
    audit_record(
        actor=actor,
        event="pool.post_approved",
        subject_type="pool_term",
        subject_key=post.term.code,
        data={"post": post.title, "decision_no": decision_no, "candidates": updated},
    )
    return updated


def candidate_remove(
    *, actor: Any, candidate: PoolCandidate, on: dt.date, reason: str, note: str = ""
) -> PoolCandidate:
    """Take a candidate out of the pool (the caller holds the transaction)."""
    if reason not in RemovalReason.values:
        raise ValidationFailed(f"unknown removal reason '{reason}'", field="reason")
    candidate.status = CandidateStatus.REMOVED
    candidate.removed_on = on
    candidate.removal_reason = reason
    candidate.removal_note = note[:2000]
    candidate.save()
    audit_record(
        actor=actor,
        event="pool.candidate_removed",
        subject_type="person",
        subject_key=candidate.person.code,
        data={
            "term": candidate.post.term.code,
            "post": candidate.post.title,
            "on": str(on),
            "reason": reason,
            "note": note,
        },
    )
    return candidate


@transaction.atomic
def pool_candidate_remove(
    *, actor: Any, candidate: PoolCandidate, on: dt.date, reason: str, note: str = ""
) -> PoolCandidate:
    _check_may_write(actor, candidate.post.term.unit_id, candidate.post.term.start)
    if candidate.status == CandidateStatus.REMOVED:
        raise ValidationFailed("the candidate was already removed", field="status")
    return candidate_remove(actor=actor, candidate=candidate, on=on, reason=reason, note=note)


@transaction.atomic
def pool_remove_over_age(*, actor: Any, term: PoolTerm, on: dt.date) -> int:
    """Remove the term's candidates who are over the age for planning on `on`."""
    _check_may_write(actor, term.unit_id, term.start)
    removed = 0
    for candidate in PoolCandidate.objects.filter(
        post__term=term, status__in=ACTIVE
    ).select_related("person", "post__term"):
        why = over_age(candidate.person, on)
        if why:
            candidate_remove(
                actor=actor, candidate=candidate, on=on, reason=RemovalReason.OVER_AGE, note=why
            )
            removed += 1
    return removed


# --- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    measure: str  # "young_under_N", "women", "posts_within_candidate_limits"
    actual: int
    total: int
    percent: Decimal | None
    target_percent: Decimal | None
    met: bool | None
    source: str


def term_level(term: PoolTerm, on: dt.date) -> str:
    from dtbd.organisation.models import UnitVersion

    return (
        UnitVersion.objects.filter(unit_id=term.unit_id, valid_from__lte=on, valid_to__gte=on)
        .values_list("level", flat=True)
        .first()
        or ""
    )


def pool_targets(term: PoolTerm, on: dt.date) -> list[Target]:
    """The term's targets against the pool as it stands on `on` (distinct people)."""
    people = list(
        Person.objects.filter(
            pool_candidacies__post__term=term, pool_candidacies__status__in=ACTIVE
        ).distinct()
    )
    total = len(people)
    rows: list[Target] = []
    level = term_level(term, on)
    young_age = rule_on("pool_young_age", on, level)
    young_min = rule_on("pool_young_percent_min", on)
    if young_age is not None:
        young = sum(1 for p in people if age_on(p.birth_date, on) < young_age.number)
        share = percent(young, total)
        rows.append(
            Target(
                f"young_under_{young_age.number}",
                young,
                total,
                share,
                young_min.value if young_min else None,
                None if share is None or young_min is None else share >= young_min.value,
                young_min.source if young_min else young_age.source,
            )
        )
    women_min = rule_on("pool_women_percent_min", on)
    women = sum(1 for p in people if p.gender == "female")
    share = percent(women, total)
    rows.append(
        Target(
            "women",
            women,
            total,
            share,
            women_min.value if women_min else None,
            None if share is None or women_min is None else share >= women_min.value,
            women_min.source if women_min else "",
        )
    )
    least, most = rule_on("pool_candidates_min", on), rule_on("pool_candidates_max", on)
    counts = list(
        term.posts.annotate(
            n=Count("candidates", filter=Q(candidates__status__in=ACTIVE))
        ).values_list("n", flat=True)
    )
    if least:
        within = sum(1 for c in counts if c >= least.number and (not most or c <= most.number))
        rows.append(
            Target(
                "posts_within_candidate_limits",
                within,
                len(counts),
                percent(within, len(counts)),
                Decimal(100),
                None if not counts else within == len(counts),
                least.source,
            )
        )
    return rows
