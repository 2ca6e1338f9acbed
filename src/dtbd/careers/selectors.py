"""Reads of careers records, limited to the people the caller may see."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from dtbd.accounts.policy import policy_for
from dtbd.core.errors import NotFound
from dtbd.people.models import Person

from .models import (
    Assessment,
    CandidateStatus,
    Commendation,
    Discipline,
    PoolCandidate,
    PoolTerm,
    Rotation,
    RotationReview,
)


def _people(actor: Any) -> QuerySet[Person]:
    return policy_for(actor).people()


def assessments_list(
    *, actor: Any, year: int | None = None, unit_id: int | None = None, on: dt.date | None = None
) -> QuerySet[Assessment]:
    """Ratings of the people the actor may see; `unit_id`: rated in its subtree."""
    qs = Assessment.objects.filter(person__in=_people(actor)).select_related("person", "unit")
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        from dtbd.organisation.selectors import subtree_ids

        when = on or (dt.date(year, 12, 31) if year else dt.date.today())
        qs = qs.filter(unit_id__in=subtree_ids(unit_id, when))
    return qs.order_by("-year", "person__sort_key", "person__code")


def assessment_get(*, actor: Any, person_code: str, year: int) -> Assessment:
    found = assessments_list(actor=actor).filter(person__code=person_code, year=year).first()
    if found is None:
        raise NotFound(f"no rating of '{person_code}' for {year} in your units")
    return found


def rotations_list(
    *, actor: Any, under_way_on: dt.date | None = None, unit_id: int | None = None
) -> QuerySet[Rotation]:
    """Rotations of visible people; `under_way_on`: started and not ended on that date."""
    qs = Rotation.objects.filter(person__in=_people(actor)).select_related(
        "person", "from_unit", "to_unit"
    )
    if under_way_on:
        qs = qs.filter(start__lte=under_way_on).filter(
            Q(ended_on__isnull=True, planned_end__gte=under_way_on) | Q(ended_on__gte=under_way_on)
        )
    if unit_id:
        from dtbd.organisation.selectors import subtree_ids

        on = under_way_on or dt.date.today()
        units = subtree_ids(unit_id, on)
        qs = qs.filter(Q(to_unit_id__in=units) | Q(from_unit_id__in=units))
    return qs.prefetch_related(
        Prefetch("reviews", queryset=RotationReview.objects.order_by("due_on"))
    ).order_by("-start", "person__sort_key")


def rotation_get(*, actor: Any, pk: int) -> Rotation:
    found = rotations_list(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("no such rotation in your units")
    return found


def reviews_due(*, actor: Any, on: dt.date, within_days: int = 30) -> QuerySet[RotationReview]:
    """Reviews not yet held that are overdue on `on` or due within `within_days`, of
    rotations not ended (an ended rotation drops its later reviews)."""
    return (
        RotationReview.objects.filter(
            rotation__person__in=_people(actor),
            rotation__ended_on__isnull=True,
            done_on__isnull=True,
            due_on__lte=on + dt.timedelta(days=within_days),
        )
        .select_related("rotation__person", "rotation__to_unit", "rotation__from_unit")
        .order_by("due_on")
    )


def reviews_overdue(*, actor: Any, on: dt.date) -> QuerySet[RotationReview]:
    return reviews_due(actor=actor, on=on, within_days=0).filter(due_on__lt=on)


def commendations_list(*, actor: Any) -> QuerySet[Commendation]:
    return Commendation.objects.filter(person__in=_people(actor)).select_related("person")


def disciplines_list(*, actor: Any) -> QuerySet[Discipline]:
    return Discipline.objects.filter(person__in=_people(actor)).select_related("person")


def terms_list(*, actor: Any) -> QuerySet[PoolTerm]:
    scope = policy_for(actor)
    return scope.limit(PoolTerm.objects.select_related("unit"), unit="unit_id")


def term_get(*, actor: Any, code: str) -> PoolTerm:
    found = terms_list(actor=actor).filter(code=code).first()
    if found is None:
        raise NotFound(f"no planning term '{code}' in your units")
    return found


def term_candidates(*, term: PoolTerm) -> QuerySet[PoolCandidate]:
    return (
        PoolCandidate.objects.filter(post__term=term)
        .select_related("person", "post", "post__unit")
        .order_by("post__unit__code", "post__leadership", "post__title", "person__sort_key")
    )


# --- for other apps ---------------------------------------------------------------------------


def planned_posts(person_ids: list[int], on: dt.date) -> dict[int, list[Any]]:
    """The posts each person is planned for on `on` (approved or proposed, term covering
    `on`), as standards.planned.PostSpec: the standards app's provider hook."""
    from dtbd.organisation.models import UnitVersion
    from dtbd.standards.planned import PostSpec

    level = UnitVersion.objects.filter(
        unit_id=OuterRef("post__unit_id"), valid_from__lte=on, valid_to__gte=on
    ).values("level")[:1]

    rows = (
        PoolCandidate.objects.filter(
            person_id__in=person_ids,
            status__in=(CandidateStatus.PROPOSED, CandidateStatus.APPROVED),
            post__term__start__lte=on,
            post__term__end__gte=on,
        )
        .select_related("post", "post__term")
        .annotate(unit_level=Subquery(level))
    )
    found: dict[int, list[Any]] = {}
    for c in rows:
        found.setdefault(c.person_id, []).append(
            PostSpec(
                label=f"{c.post.title} ({c.post.term.name})",
                rank_code=c.post.rank_code,
                position_code=c.post.position_code,
                leadership=c.post.leadership,
                unit_level=c.unit_level or "",
            )
        )
    return found


# --- the career timeline --------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    on: dt.date
    kind: str  # post, rotation, rotation_end, rating, training, commendation, discipline, pool
    title: str
    detail: str = ""


def training_in_year(person: Person, year: int) -> list[Any]:
    """The person's classes that ran in `year` (not withdrawn), shown beside the rating."""
    from dtbd.training.models import Enrolment

    return list(
        Enrolment.objects.filter(
            person=person,
            course__start_date__lte=dt.date(year, 12, 31),
            course__end_date__gte=dt.date(year, 1, 1),
        )
        .exclude(status="withdrawn")
        .select_related("course")
        .order_by("course__start_date")
    )


def training_by_person_year(person_ids: list[int], years: list[int]) -> dict[tuple[int, int], list]:
    """{(person id, year): [enrolment, …]} in one query, for the ratings lists."""
    from dtbd.training.models import Enrolment

    if not person_ids or not years:
        return {}
    found: dict[tuple[int, int], list] = {}
    qs = (
        Enrolment.objects.filter(
            person_id__in=person_ids,
            course__start_date__lte=dt.date(max(years), 12, 31),
            course__end_date__gte=dt.date(min(years), 1, 1),
        )
        .exclude(status="withdrawn")
        .select_related("course")
    )
    for e in qs:
        for year in range(e.course.start_date.year, e.course.end_date.year + 1):
            if year in years:
                found.setdefault((e.person_id, year), []).append(e)
    return found


def person_timeline(*, person: Person) -> list[Event]:
    """Posts, rotations, ratings, training, commendations, discipline and planning of one
    person, newest first (the caller has checked the person is visible)."""
    from dtbd.people.selectors import person_posts
    from dtbd.training.models import Enrolment

    events: list[Event] = []
    for post in person_posts(person=person):
        events.append(
            Event(
                post.valid_from,
                "post",
                getattr(post, "unit_name", None) or post.unit.code,
                f"{post.get_category_display()} · {post.get_leadership_display()}"
                + (f" · {post.source_ref}" if post.source_ref else ""),
            )
        )
    for r in person.rotations.select_related("from_unit", "to_unit"):
        events.append(
            Event(
                r.start,
                "rotation",
                f"{r.from_unit.code} → {r.to_unit.code}",
                f"{r.decision_no} · {r.get_direction_display()} · {r.start:%d/%m/%Y}–"
                f"{r.end:%d/%m/%Y}" + (f" · {r.get_outcome_display()}" if r.outcome else ""),
            )
        )
        if r.ended_on:
            events.append(
                Event(
                    r.ended_on,
                    "rotation_end",
                    str(r.get_outcome_display()),
                    f"{r.decision_no} · {r.from_unit.code} → {r.to_unit.code}"
                    + (f" · {r.outcome_note}" if r.outcome_note else ""),
                )
            )
    for a in person.assessments.all():
        events.append(
            Event(
                dt.date(a.year, 12, 31),
                "rating",
                f"{a.year}: {a.get_rating_display()}",
                a.decision_no,
            )
        )
    for e in (
        Enrolment.objects.filter(person=person).exclude(status="withdrawn").select_related("course")
    ):
        events.append(
            Event(
                e.completed_on or e.course.start_date,
                "training",
                e.course.name,
                e.get_status_display(),
            )
        )
    for c in person.commendations.all():
        events.append(Event(c.decided_on, "commendation", c.title, c.decision_no))
    for d in person.disciplines.all():
        events.append(Event(d.decided_on, "discipline", d.get_level_display(), d.decision_no))
    for p in person.pool_candidacies.select_related("post__term"):
        detail = p.get_status_display()
        if p.removal_reason:
            detail += f" · {p.get_removal_reason_display()}"
        events.append(Event(p.decided_on or p.post.term.start, "pool", p.post.title, detail))
    return sorted(events, key=lambda e: e.on, reverse=True)


def people_in_pool_exists(on: dt.date) -> Exists:
    return Exists(
        PoolCandidate.objects.filter(
            person_id=OuterRef("pk"),
            status=CandidateStatus.APPROVED,
            post__term__start__lte=on,
            post__term__end__gte=on,
        )
    )
