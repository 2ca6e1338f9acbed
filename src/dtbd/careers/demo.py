"""Careers in the demo province: ratings for 2024 and 2025 within the quota, a planning term
with candidates for the heads of three provincial departments, and rotations under way with
one review held and the next one due.

Ratings are written in bulk (thousands of people in seconds) and then checked against the
same unit rules the services apply, so the demo cannot hold a rating the rules refuse.
"""

import datetime as dt
import random

from django.db.models import Q

from dtbd.audit.services import audit_record
from dtbd.core.codes import Rating
from dtbd.people.models import Person
from dtbd.people.selectors import holdings_on

from .assessments import check_unit_rules
from .models import Assessment
from .pool import pool_candidate_add, pool_post_add, pool_post_approve, pool_term_create
from .records import commendation_create
from .rotations import review_record, rotation_create

D = dt.date
SEED = 20261122
PROVINCE = "08"


def _ratings(actor, year: int, rng: random.Random) -> int:
    """Per unit and category: a few not completed or completed, the rest good or better,
    with one excellent in six of those (excellent ≤ 20% of good)."""
    groups: dict[tuple[int, str], list] = {}
    for post in holdings_on(D(year, 12, 31)).order_by("person_id"):
        groups.setdefault((post.unit_id, post.category), []).append(post)
    rows = []
    for (unit_id, category), posts in sorted(groups.items()):
        rng.shuffle(posts)
        n = len(posts)
        low = round(n * 0.02)
        completed = round(n * 0.08)
        rest = n - low - completed
        excellent = rest // 6
        ratings = (
            [Rating.NOT_COMPLETED] * low
            + [Rating.COMPLETED] * completed
            + [Rating.EXCELLENT] * excellent
            + [Rating.GOOD] * (rest - excellent)
        )
        for post, rating in zip(posts, ratings, strict=True):
            rows.append(
                Assessment(
                    person_id=post.person_id,
                    year=year,
                    rating=rating,
                    unit_id=unit_id,
                    category=category,
                    leadership=post.leadership,
                    decision_no=f"{rng.randint(10, 99)}/QĐ-{year}",
                    decided_on=D(year + 1, 1, 15),
                )
            )
    Assessment.objects.bulk_create(rows, batch_size=2000)
    check_unit_rules((a.unit_id, year) for a in rows)
    audit_record(
        actor=actor,
        event="assessment.demo_loaded",
        subject_type="year",
        subject_key=str(year),
        data={"ratings": len(rows)},
    )
    return len(rows)


def _pool_and_rotations(actor, rng: random.Random) -> tuple[int, int]:
    from dtbd.organisation.models import Unit, UnitVersion

    on = D(2025, 10, 1)
    province = Unit.objects.get(code=PROVINCE)
    # The provincial departments (Sở) under the People's Committee.
    departments = list(
        UnitVersion.objects.filter(
            parent__code=f"{PROVINCE}.UBND", level="province", valid_from__lte=on, valid_to__gte=on
        )
        .select_related("unit")
        .order_by("unit__code")[:4]
    )
    if len(departments) < 2:
        return 0, 0
    term = pool_term_create(
        actor=actor,
        code="QH2025-2030",
        name="Quy hoạch nhiệm kỳ 2025–2030",
        unit_id=province.pk,
        start=D(2025, 9, 1),
        end=D(2030, 12, 31),
        decision_no="125-QĐ/TU",
        decision_date=D(2025, 9, 1),
    )
    candidates, rotated = 0, []
    for version in departments[:3]:
        post = pool_post_add(
            actor=actor,
            term=term,
            unit_id=version.unit_id,
            leadership="head",
            title=f"Giám đốc {version.name}",
        )
        staff = [
            p
            for p in holdings_on(on)
            .filter(unit_id=version.unit_id)
            .filter(Q(leadership="deputy") | Q(leadership="none"))
            .filter(person__birth_date__gte=D(1972, 1, 1))
            .order_by("-leadership", "person__code")[:3]
        ]
        for p in staff:
            pool_candidate_add(actor=actor, post=post, person=p.person)
            candidates += 1
        if len(staff) >= 2:
            pool_post_approve(
                actor=actor, post=post, decision_no="126-QĐ/TU", decided_on=D(2025, 9, 15)
            )
            rotated.append((staff[0], version))
    rotations = 0
    for i, (post, version) in enumerate(rotated[:3]):
        target = departments[(departments.index(version) + 1) % len(departments)]
        rotation = rotation_create(
            actor=actor,
            person=post.person,
            to_unit_id=target.unit_id,
            to_leadership=post.leadership,
            direction="between_bodies",
            decision_no=f"{140 + i}-QĐ/TU",
            decision_date=D(2025, 9, 20),
            start=D(2025, 10, 1),
            purpose="Đào tạo, rèn luyện cán bộ trong quy hoạch qua thực tiễn",
        )
        first = rotation.reviews.order_by("due_on").first()
        review_record(
            actor=actor,
            review=first,
            done_on=first.due_on + dt.timedelta(days=rng.randint(0, 10)),
            notes="Hoàn thành tốt nhiệm vụ được giao",
        )
        rotations += 1
    return candidates, rotations


def load_demo(*, actor) -> str:
    rng = random.Random(SEED)
    rated = _ratings(actor, 2024, rng) + _ratings(actor, 2025, rng)
    candidates, rotations = _pool_and_rotations(actor, rng)
    person = Person.objects.filter(pool_candidacies__isnull=False).order_by("code").first()
    if person is not None:
        commendation_create(
            actor=actor,
            person=person,
            form="certificate",
            title="Bằng khen của Chủ tịch UBND tỉnh",
            decision_no="2150/QĐ-UBND",
            decided_on=D(2025, 12, 20),
        )
    return (
        f"{rated} ratings for 2024–2025, {candidates} pool candidates, "
        f"{rotations} rotations under way"
    )
