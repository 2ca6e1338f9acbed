"""Rotation (luân chuyển): a pool member leaves their post for an equivalent one elsewhere,
for a planned period (normally at least three years), with reviews every three to six months.

The rotation moves the person's post on its start date through people.services.post_set, so
every as-of report sees the person in the receiving unit from that day.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from dtbd.accounts.policy import ADMINISTER, WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.dates import ONE_DAY
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.people.models import Person, Source
from dtbd.people.rules import PostFacts, leadership
from dtbd.people.services import post_set

from .models import (
    CandidateStatus,
    Direction,
    PoolCandidate,
    Rotation,
    RotationOutcome,
    RotationReview,
)
from .rules import months_later, refuse, rule_on


def _actor_label(actor: Any) -> str:
    if actor is None or isinstance(actor, str):
        return actor or ""
    return actor.get_full_name() or actor.get_username()


def is_pool_member(person: Person, on: dt.date) -> bool:
    """Approved for some post in a planning term that covers `on`."""
    return PoolCandidate.objects.filter(
        person=person,
        status=CandidateStatus.APPROVED,
        post__term__start__lte=on,
        post__term__end__gte=on,
    ).exists()


def overlapping(person: Person, start: dt.date, end: dt.date, *, exclude: int | None = None):
    """The person's rotations whose period (to the end, or the planned end) meets [start, end]."""
    qs = Rotation.objects.filter(person=person, start__lte=end).exclude(pk=exclude)
    return [r for r in qs if r.end >= start]


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


@transaction.atomic
def rotation_create(
    *,
    actor: Any,
    person: Person,
    to_unit_id: int,
    to_leadership: str,
    direction: str,
    decision_no: str,
    decision_date: dt.date,
    start: dt.date,
    planned_end: dt.date | None = None,
    to_position_code: str = "",
    purpose: str = "",
    exception_reason: str = "",
    review_every_months: int | None = None,
) -> Rotation:
    """Rotate `person` from the post held on `start` to the receiving post.

    Refused, naming the rule and its source: an overlap with another rotation of the person,
    a person outside the planning pool or a post that is not equivalent (unless an authorised
    officer, one who administers the receiving unit, records the exception and why), a
    period shorter than the rules' minimum (same exception).
    """
    locked = Person.objects.select_for_update().get(pk=person.pk)
    leadership(to_leadership)
    if direction not in Direction.values:
        raise ValidationFailed(
            f"unknown direction '{direction}' (expected one of {', '.join(Direction.values)})",
            field="direction",
        )
    if not decision_no.strip():
        raise ValidationFailed("the rotation's decision number is required", field="decision_no")
    scope = policy_for(actor)
    if not scope.can(WRITE, locked, on=start) or not scope.covers(WRITE, to_unit_id, start):
        raise PermissionDenied(f"you may not rotate '{locked.code}' to that unit")
    origin = locked.posts.filter(valid_from__lte=start, valid_to__gte=start).first()
    if origin is None:
        raise ValidationFailed(
            f"'{locked.code}' holds no post on {_fmt(start)} to rotate from", field="start"
        )
    if origin.unit_id == to_unit_id:
        raise ValidationFailed("a rotation moves the person to another unit", field="to_unit")
    exception_reason = exception_reason.strip()
    if exception_reason and not scope.covers(ADMINISTER, to_unit_id, start):
        raise PermissionDenied(
            "only an officer who administers the receiving unit may record an exception"
        )

    min_months = rule_on("rotation_min_months", start)
    if planned_end is None:
        months = min_months.number if min_months else 36
        planned_end = months_later(start, months) - ONE_DAY
    if planned_end <= start:
        raise ValidationFailed("the planned end must be after the start", field="planned_end")
    if (
        min_months
        and planned_end < months_later(start, min_months.number) - ONE_DAY
        and not exception_reason
    ):
        raise refuse(
            min_months,
            f"a rotation is planned for at least {min_months.number} months; give the "
            "exception reason for a shorter one",
            field="planned_end",
        )
    pool_only = rule_on("rotation_pool_only", start)
    if pool_only and pool_only.value and not exception_reason and not is_pool_member(locked, start):
        raise refuse(
            pool_only,
            f"{locked.full_name} is not in an approved planning pool on {_fmt(start)}; only "
            "pool members are rotated unless an authorised officer records the exception",
            field="person_code",
        )
    equivalent = rule_on("rotation_equivalent_post", start)
    if (
        equivalent
        and equivalent.value
        and to_leadership != origin.leadership
        and not exception_reason
    ):
        raise refuse(
            equivalent,
            f"the receiving post ({to_leadership}) is not equivalent to the post of origin "
            f"({origin.leadership}); record the exception to rotate to another post",
            field="to_leadership",
        )
    clash = overlapping(locked, start, planned_end)
    if clash:
        other = clash[0]
        raise ValidationFailed(
            f"{locked.full_name} is already on rotation {other.decision_no} from "
            f"{_fmt(other.start)} to {_fmt(other.end)}, which overlaps "
            f"{_fmt(start)}–{_fmt(planned_end)}; a person is on one rotation at a time "
            "(Regulation 65-QĐ/TW)",
            field="start",
            code="overlap",
        )
    user = None if isinstance(actor, str) or actor is None else actor
    rotation = Rotation.objects.create(
        person=locked,
        from_unit_id=origin.unit_id,
        category=origin.category,
        rank_code=origin.rank_code,
        from_leadership=origin.leadership,
        from_position_code=origin.position_code,
        to_unit_id=to_unit_id,
        to_leadership=to_leadership,
        to_position_code=to_position_code.strip(),
        direction=direction,
        decision_no=decision_no.strip(),
        decision_date=decision_date,
        start=start,
        planned_end=planned_end,
        purpose=purpose.strip(),
        exception_reason=exception_reason,
        exception_by=user if exception_reason else None,
        exception_by_label=_actor_label(actor) if exception_reason else "",
    )
    post_set(
        actor=actor,
        person=locked,
        on=start,
        post=PostFacts(
            to_unit_id, origin.category, to_leadership, origin.rank_code, to_position_code.strip()
        ),
        source=Source.MANUAL,
        source_ref=f"Luân chuyển theo {rotation.decision_no}"[:100],  # read by people
    )
    _schedule_reviews(rotation, review_every_months)
    audit_record(
        actor=actor,
        event="rotation.created",
        subject_type="person",
        subject_key=locked.code,
        data={
            "rotation": rotation.pk,
            "decision_no": rotation.decision_no,
            "start": str(start),
            "planned_end": str(planned_end),
            "direction": direction,
            "exception_reason": exception_reason,
        },
    )
    return rotation


def _review_interval(on: dt.date, every: int | None) -> int:
    low, high = rule_on("review_min_months", on), rule_on("review_max_months", on)
    every = every if every is not None else (high.number if high else 6)
    if low and every < low.number:
        raise refuse(low, f"reviews are at least {low.number} months apart", field="review_every")
    if high and every > high.number:
        raise refuse(high, f"reviews are at most {high.number} months apart", field="review_every")
    return every


def _schedule_reviews(rotation: Rotation, every: int | None) -> None:
    """Due dates every `every` months from the start, inside the rotation."""
    every = _review_interval(rotation.start, every)
    n, due = 1, months_later(rotation.start, every)
    reviews = []
    while due <= rotation.planned_end:
        reviews.append(RotationReview(rotation=rotation, due_on=due))
        n += 1
        due = months_later(rotation.start, every * n)
    RotationReview.objects.bulk_create(reviews)


def _check_inside(rotation: Rotation, day: dt.date, field: str) -> None:
    if not rotation.start <= day <= rotation.end:
        raise ValidationFailed(
            f"the review date {_fmt(day)} lies outside the rotation "
            f"({_fmt(rotation.start)}–{_fmt(rotation.end)})",
            field=field,
            code="outside",
        )


def _check_may_write(actor: Any, rotation: Rotation) -> None:
    scope = policy_for(actor)
    if not (
        scope.covers(WRITE, rotation.to_unit_id, rotation.start)
        or scope.covers(WRITE, rotation.from_unit_id, rotation.start)
    ):
        raise PermissionDenied("you may not change this rotation")


@transaction.atomic
def review_add(*, actor: Any, rotation: Rotation, due_on: dt.date) -> RotationReview:
    """An extra review due on a date inside the rotation."""
    _check_may_write(actor, rotation)
    _check_inside(rotation, due_on, "due_on")
    if rotation.reviews.filter(due_on=due_on).exists():
        raise ValidationFailed(
            f"a review is already due on {_fmt(due_on)}", field="due_on", code="duplicate"
        )
    review = RotationReview.objects.create(rotation=rotation, due_on=due_on)
    audit_record(
        actor=actor,
        event="rotation.review_added",
        subject_type="person",
        subject_key=rotation.person.code,
        data={"rotation": rotation.pk, "due_on": str(due_on)},
    )
    return review


@transaction.atomic
def review_record(
    *, actor: Any, review: RotationReview, done_on: dt.date, notes: str = "", reviewer: str = ""
) -> RotationReview:
    """Record that a review was held on `done_on` (inside the rotation), with its notes."""
    rotation = review.rotation
    _check_may_write(actor, rotation)
    _check_inside(rotation, done_on, "done_on")
    review.done_on = done_on
    review.notes = notes.strip()
    review.reviewer = (reviewer.strip() or _actor_label(actor))[:150]
    review.save()
    audit_record(
        actor=actor,
        event="rotation.reviewed",
        subject_type="person",
        subject_key=rotation.person.code,
        data={"rotation": rotation.pk, "due_on": str(review.due_on), "done_on": str(done_on)},
    )
    return review


@transaction.atomic
def rotation_end(
    *,
    actor: Any,
    rotation: Rotation,
    ended_on: dt.date,
    outcome: str,
    note: str = "",
) -> Rotation:
    """End the rotation with its outcome. "Returned" puts the person back in the post of
    origin the next day; reviews due after the end are dropped."""
    locked = Rotation.objects.select_for_update().select_related("person").get(pk=rotation.pk)
    _check_may_write(actor, locked)
    if outcome not in RotationOutcome.values:
        raise ValidationFailed(
            f"unknown outcome '{outcome}' (expected one of {', '.join(RotationOutcome.values)})",
            field="outcome",
        )
    if locked.ended_on is not None:
        raise ValidationFailed("the rotation has already ended", field="ended_on")
    if ended_on < locked.start:
        raise ValidationFailed("the rotation cannot end before it starts", field="ended_on")
    later = locked.reviews.filter(due_on__gt=ended_on)
    if later.filter(done_on__isnull=False).exists():
        raise ValidationFailed("a review after that date was already held", field="ended_on")
    later.delete()
    locked.ended_on, locked.outcome, locked.outcome_note = ended_on, outcome, note.strip()
    locked.version += 1
    locked.save()
    if outcome == RotationOutcome.RETURNED:
        post_set(
            actor=actor,
            person=locked.person,
            on=ended_on + ONE_DAY,
            post=PostFacts(
                locked.from_unit_id,
                locked.category,
                locked.from_leadership,
                locked.rank_code,
                locked.from_position_code,
            ),
            source=Source.MANUAL,
            source_ref=f"Kết thúc luân chuyển theo {locked.decision_no}"[:100],
        )
    audit_record(
        actor=actor,
        event="rotation.ended",
        subject_type="person",
        subject_key=locked.person.code,
        data={"rotation": locked.pk, "ended_on": str(ended_on), "outcome": outcome},
    )
    return locked
