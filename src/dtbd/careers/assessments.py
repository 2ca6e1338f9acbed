"""Annual quality assessment: one rating per person and year, checked against the dated rules.

Rules that concern a whole unit (the "excellent" quota, the head not above the unit) are
checked after every write of a rating, a unit's round or an import, inside the same
transaction: a breach rolls the whole write back.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.audit.services import audit_record
from dtbd.core.codes import Leadership, Rating
from dtbd.core.db import lock
from dtbd.core.errors import Conflict, PermissionDenied, ValidationFailed
from dtbd.people.models import Person, Post

from .models import Assessment, UnitAssessment
from .rules import Rule, num, refuse, rule_on

RATINGS = Rating.values  # highest first
GOOD_OR_BETTER = (Rating.EXCELLENT, Rating.GOOD)


def rating_rank(rating: str) -> int:
    """Higher is better: not_completed 0 … excellent 3."""
    return len(RATINGS) - 1 - RATINGS.index(rating)


def rating_label(rating: str) -> str:
    return str(dict(Rating.choices).get(rating, rating))


def rules_date(year: int) -> dt.date:
    """A year is rated under the rules in force at its end."""
    return dt.date(year, 12, 31)


def check_rating(value: str) -> str:
    if value not in RATINGS:
        raise ValidationFailed(
            f"unknown rating '{value}' (expected one of {', '.join(RATINGS)})", field="rating"
        )
    return value


def check_year(value: int) -> int:
    if not 1990 <= value <= 2100:
        raise ValidationFailed(f"{value} is not a plausible year", field="year")
    return value


def check_points(value: Decimal | None) -> Decimal | None:
    if value is not None and not 0 <= value <= 100:
        raise ValidationFailed(f"points {value} are not between 0 and 100", field="points")
    return value


def post_in_year(person: Person, year: int) -> Post:
    """The post the year is rated in: the one held on 31 December, else the last in the year."""
    end = rules_date(year)
    post = (
        person.posts.filter(valid_from__lte=end, valid_to__gte=dt.date(year, 1, 1))
        .order_by("-valid_from")
        .first()
    )
    if post is None:
        raise ValidationFailed(
            f"'{person.code}' held no post in {year}, so cannot be rated for it",
            field="person_code",
        )
    return post


@dataclass(frozen=True)
class RatingIn:
    person: Person
    rating: str
    points: Decimal | None = None


def _check_points_band(rating: str, points: Decimal | None, category: str, year: int) -> None:
    """Where the rules score (Decree 335/2025 for civil servants), points decide the rating."""
    if points is None or rating == Rating.NOT_COMPLETED:
        return
    on = rules_date(year)
    bands = {
        Rating.EXCELLENT: rule_on("points_excellent_min", on, category),
        Rating.GOOD: rule_on("points_good_min", on, category),
        Rating.COMPLETED: rule_on("points_completed_min", on, category),
    }
    floor = bands.get(rating)
    if floor is None:
        return
    above = {Rating.EXCELLENT: None, Rating.GOOD: bands[Rating.EXCELLENT]}.get(
        rating, bands[Rating.GOOD]
    )
    if points < floor.value or (above is not None and points >= above.value):
        upper = f" and below {num(above.value)}" if above is not None else ""
        raise refuse(
            floor,
            f"{num(points)} points do not match '{rating_label(rating)}' "
            f"(from {num(floor.value)}{upper} points)",
            field="points",
        )


def _write(
    *,
    actor: Any,
    item: RatingIn,
    year: int,
    decision_no: str,
    decided_by: str,
    decided_on: dt.date | None,
    replace: bool,
) -> tuple[Assessment, str]:
    """Create or (with `replace`) update one rating; returns it and created/updated/unchanged."""
    check_rating(item.rating)
    check_points(item.points)
    post = post_in_year(item.person, year)
    _check_points_band(item.rating, item.points, post.category, year)
    fields = {
        "rating": item.rating,
        "points": item.points,
        "unit_id": post.unit_id,
        "category": post.category,
        "leadership": post.leadership,
        "decision_no": decision_no.strip(),
        "decided_by": decided_by.strip(),
        "decided_on": decided_on,
    }
    existing = Assessment.objects.select_for_update().filter(person=item.person, year=year).first()
    if existing is not None and not replace:
        raise ValidationFailed(
            f"'{item.person.code}' already has a rating for {year} "
            f"({rating_label(existing.rating)}); one rating per person and year",
            field="year",
            code="duplicate",
        )
    if existing is None:
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(person=item.person, year=year, **fields)
        except IntegrityError:
            raise ValidationFailed(
                f"'{item.person.code}' already has a rating for {year}; one rating per "
                "person and year",
                field="year",
                code="duplicate",
            ) from None
        outcome = "created"
        data: dict[str, Any] = {"year": year, "rating": item.rating, "points": _num(item.points)}
    else:
        before = {k: getattr(existing, k) for k in fields}
        if before == fields:
            return existing, "unchanged"
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.version += 1
        existing.save()
        assessment, outcome = existing, "updated"
        data = {
            "year": year,
            "rating": [before["rating"], item.rating],
            "points": [_num(before["points"]), _num(item.points)],
        }
    data["decision_no"] = decision_no
    audit_record(
        actor=actor,
        event=f"assessment.{outcome}",
        subject_type="person",
        subject_key=item.person.code,
        data=data,
    )
    return assessment, outcome


def _num(value: Decimal | None) -> str | None:
    return None if value is None else f"{num(value)}"


def check_unit_rules(groups: Iterable[tuple[int, int]]) -> None:
    """Check the quota and the head rule for each (unit id, year); raise on the first breach.

    Each unit and year is locked first (in order, so two writers cannot deadlock): a second
    rating round of the same unit waits for the first to commit, and then counts its rows.
    """
    for unit_id, year in sorted(set(groups)):
        lock(f"careers.ratings:{unit_id}:{year}")
        _check_quota(unit_id, year)
        _check_heads(unit_id, year)


def _unit_name(unit_id: int, on: dt.date) -> str:
    from dtbd.organisation.models import Unit, UnitVersion

    version = UnitVersion.objects.filter(
        unit_id=unit_id, valid_from__lte=on, valid_to__gte=on
    ).first()
    if version is not None:
        return version.name
    return Unit.objects.get(pk=unit_id).code


def quota_rule(unit_id: int, year: int, category: str) -> Rule | None:
    """The quota that applies: the higher one when the unit itself is rated excellent."""
    on = rules_date(year)
    unit_excellent = UnitAssessment.objects.filter(
        unit_id=unit_id, year=year, rating=Rating.EXCELLENT
    ).exists()
    code = "excellent_quota_percent_unit_excellent" if unit_excellent else "excellent_quota_percent"
    return rule_on(code, on, category)


def _check_quota(unit_id: int, year: int) -> None:
    """At most N% of those rated "good" in a unit (per category: each has its own decree)
    may be rated "excellent" (Decree 335/2025 art. on the share; 90/2020 before)."""
    counts = (
        Assessment.objects.filter(unit_id=unit_id, year=year)
        .values("category")
        .annotate(
            excellent=Count("pk", filter=Q(rating=Rating.EXCELLENT)),
            good=Count("pk", filter=Q(rating=Rating.GOOD)),
        )
    )
    for row in counts:
        if not row["excellent"]:
            continue
        rule = quota_rule(unit_id, year, row["category"])
        if rule is None:
            continue
        # Whole numbers: excellent × 100 ≤ percent × good, with no rounding to argue about.
        if row["excellent"] * 100 > rule.value * row["good"]:
            allowed = int(rule.value * row["good"] // 100)
            raise refuse(
                rule,
                f"too many rated '{rating_label(Rating.EXCELLENT)}' in "
                f"{_unit_name(unit_id, rules_date(year))} for {year}: at most "
                f"{num(rule.value)}% of the {row['good']} rated '{rating_label(Rating.GOOD)}' "
                f"({allowed}), but there would be {row['excellent']}",
                field="rating",
            )


def _check_heads(unit_id: int, year: int) -> None:
    """The head of a unit is not rated above the unit itself."""
    unit_rating = (
        UnitAssessment.objects.filter(unit_id=unit_id, year=year)
        .values_list("rating", flat=True)
        .first()
    )
    if unit_rating is None:
        return
    heads = Assessment.objects.filter(
        unit_id=unit_id, year=year, leadership=Leadership.HEAD
    ).select_related("person")
    for head in heads:
        if rating_rank(head.rating) <= rating_rank(unit_rating):
            continue
        rule = rule_on("head_not_above_unit", rules_date(year), head.category)
        if rule is None or not rule.value:
            continue
        raise refuse(
            rule,
            f"{head.person.full_name} heads {_unit_name(unit_id, rules_date(year))} and cannot "
            f"be rated '{rating_label(head.rating)}' above the unit's own rating "
            f"'{rating_label(unit_rating)}' for {year}",
            field="rating",
        )


def _check_may_rate(actor: Any, person: Person, year: int) -> None:
    scope = policy_for(actor)
    if not scope.anywhere(WRITE):
        raise PermissionDenied("your role may read but not change records")
    if not scope.can(WRITE, person, on=rules_date(year)):
        raise PermissionDenied(f"you may not rate '{person.code}'")


@transaction.atomic
def assessment_create(
    *,
    actor: Any,
    person: Person,
    year: int,
    rating: str,
    points: Decimal | None = None,
    decision_no: str = "",
    decided_by: str = "",
    decided_on: dt.date | None = None,
) -> Assessment:
    """Rate one person for one year; a second rating for the year is refused."""
    check_year(year)
    _check_may_rate(actor, person, year)
    assessment, _ = _write(
        actor=actor,
        item=RatingIn(person, rating, points),
        year=year,
        decision_no=decision_no,
        decided_by=decided_by,
        decided_on=decided_on,
        replace=False,
    )
    check_unit_rules([(assessment.unit_id, year)])
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: Any,
    assessment: Assessment,
    rating: str,
    points: Decimal | None = None,
    expected_version: int | None = None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    decided_on: dt.date | None = None,
) -> Assessment:
    """Correct a rating (audited with before and after)."""
    locked = Assessment.objects.select_for_update().select_related("person").get(pk=assessment.pk)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(
            f"the rating was changed by someone else (version {locked.version}, yours "
            f"{expected_version}); reload and try again"
        )
    _check_may_rate(actor, locked.person, locked.year)
    old_unit = locked.unit_id
    updated, _ = _write(
        actor=actor,
        item=RatingIn(locked.person, rating, points),
        year=locked.year,
        decision_no=locked.decision_no if decision_no is None else decision_no,
        decided_by=locked.decided_by if decided_by is None else decided_by,
        decided_on=decided_on or locked.decided_on,
        replace=True,
    )
    check_unit_rules([(old_unit, locked.year), (updated.unit_id, locked.year)])
    return updated


@transaction.atomic
def assessment_round(
    *,
    actor: Any,
    year: int,
    ratings: list[RatingIn],
    decision_no: str = "",
    decided_by: str = "",
    decided_on: dt.date | None = None,
    unit_rating: tuple[int, str] | None = None,
) -> dict[str, int]:
    """A unit's annual round: every rating at once, the unit rules checked on the whole.

    Ratings already recorded for the year are updated (a round may be corrected and saved
    again). `unit_rating` (unit id, rating) records the unit's own rating first.
    """
    check_year(year)
    if unit_rating is not None:
        unit_assessment_set(
            actor=actor,
            unit_id=unit_rating[0],
            year=year,
            rating=unit_rating[1],
            decision_no=decision_no,
            decided_on=decided_on,
            check=False,
        )
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    groups = set()
    for item in ratings:
        _check_may_rate(actor, item.person, year)
        before = Assessment.objects.filter(person=item.person, year=year).first()
        if before is not None:
            groups.add((before.unit_id, year))
        assessment, outcome = _write(
            actor=actor,
            item=item,
            year=year,
            decision_no=decision_no,
            decided_by=decided_by,
            decided_on=decided_on,
            replace=True,
        )
        outcomes[outcome] += 1
        groups.add((assessment.unit_id, year))
    if unit_rating is not None:
        groups.add((unit_rating[0], year))
    check_unit_rules(groups)
    return outcomes


@transaction.atomic
def unit_assessment_set(
    *,
    actor: Any,
    unit_id: int,
    year: int,
    rating: str,
    decision_no: str = "",
    decided_on: dt.date | None = None,
    check: bool = True,
) -> UnitAssessment:
    """Record a unit's own rating for a year (it sets the quota and caps its head)."""
    from dtbd.organisation.models import Unit

    check_year(year)
    check_rating(rating)
    if not policy_for(actor).covers(WRITE, unit_id, rules_date(year)):
        raise PermissionDenied("you may not rate this unit")
    unit_assessment, _created = UnitAssessment.objects.update_or_create(
        unit_id=unit_id,
        year=year,
        defaults={"rating": rating, "decision_no": decision_no, "decided_on": decided_on},
    )
    audit_record(
        actor=actor,
        event="assessment.unit_set",
        subject_type="unit",
        subject_key=Unit.objects.get(pk=unit_id).code,
        data={"year": year, "rating": rating, "decision_no": decision_no},
    )
    if check:
        check_unit_rules([(unit_id, year)])
    return unit_assessment
