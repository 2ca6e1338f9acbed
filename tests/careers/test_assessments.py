import datetime as dt
from decimal import Decimal

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.careers.assessments import (
    RatingIn,
    assessment_create,
    assessment_round,
    assessment_update,
    unit_assessment_set,
)
from dtbd.careers.models import Assessment
from dtbd.core.errors import ValidationFailed
from tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


def _round(staff, ratings, year=2025, **kwargs):
    return assessment_round(
        actor="tests",
        year=year,
        ratings=[RatingIn(p, r) for p, r in zip(staff, ratings, strict=True)],
        decision_no="12/QĐ-SNV",
        **kwargs,
    )


def test_one_rating_per_person_and_year_is_refused_the_second_time(staff):
    """The second rating for the same year is refused; the first stays."""
    assessment_create(actor="tests", person=staff[0], year=2024, rating="good")
    with pytest.raises(ValidationFailed) as error:
        assessment_create(actor="tests", person=staff[0], year=2024, rating="completed")
    assert "already has a rating for 2024" in error.value.message
    assert "one rating per person and year" in error.value.message
    assert list(Assessment.objects.values_list("rating", flat=True)) == ["good"]


def test_the_rating_keeps_the_unit_and_post_of_the_year(staff, dept):
    a = assessment_create(
        actor="tests", person=staff[0], year=2024, rating="good", decided_by="Giám đốc Sở"
    )
    assert (a.unit_id, a.category, a.leadership) == (dept.pk, "civil_servant", "none")
    event = AuditEvent.objects.get(event="assessment.created")
    assert event.subject_key == "NV00" and event.data["rating"] == "good"


def test_excellent_quota_is_twenty_percent_of_those_rated_good(staff):
    """5 good allow 1 excellent (20%); 2 excellent are refused, naming rule and decree."""
    _round(staff[:6], ["excellent"] + ["good"] * 5, year=2024)
    assert Assessment.objects.filter(year=2024, rating="excellent").count() == 1
    with pytest.raises(ValidationFailed) as error:
        _round(staff[:6], ["excellent", "excellent"] + ["good"] * 4, year=2023)
    message = error.value.message
    assert "at most 20% of the 4 rated" in message and "(0), but there would be 2" in message
    assert "rule excellent_quota_percent" in message and "90/2020/NĐ-CP" in message
    assert not Assessment.objects.filter(year=2023).exists()  # nothing half-saved


def test_quota_for_2026_civil_servants_cites_decree_335(staff):
    with pytest.raises(ValidationFailed) as error:
        _round(staff[:3], ["excellent", "excellent", "good"], year=2026)
    assert "335/2025/NĐ-CP" in error.value.message


def test_quota_for_2026_public_employees_cites_decree_233(dept):
    people = [make_person(dept, category="public_employee") for _ in range(2)]
    with pytest.raises(ValidationFailed) as error:
        _round(people, ["excellent", "good"], year=2026)
    assert "233/2026/NĐ-CP" in error.value.message


def test_an_excellent_unit_may_rate_twenty_five_percent_excellent(staff, dept):
    """8 good: 20% allows 1, 25% allows 2 when the unit itself is rated excellent."""
    ratings = ["excellent", "excellent"] + ["good"] * 8
    with pytest.raises(ValidationFailed):
        _round(staff, ratings)
    _round(staff, ratings, unit_rating=(dept.pk, "excellent"))
    assert Assessment.objects.filter(year=2025, rating="excellent").count() == 2


def test_a_single_excellent_rating_beyond_the_quota_is_refused(staff):
    _round(staff[:5], ["good"] * 5)
    assessment_create(actor="tests", person=staff[5], year=2025, rating="excellent")
    with pytest.raises(ValidationFailed) as error:
        assessment_create(actor="tests", person=staff[6], year=2025, rating="excellent")
    assert "rule excellent_quota_percent" in error.value.message
    assert not Assessment.objects.filter(person=staff[6]).exists()


def test_lowering_a_good_rating_that_carries_the_quota_is_refused(staff):
    _round(staff[:6], ["excellent"] + ["good"] * 5)
    good = Assessment.objects.filter(rating="good").first()
    with pytest.raises(ValidationFailed):
        assessment_update(actor="tests", assessment=good, rating="completed")


def test_a_head_is_not_rated_above_the_unit(dept, staff):
    head = make_person(dept, leadership="head", full_name="Trần Thị Hoa")
    _round(staff[:5], ["good"] * 5)
    unit_assessment_set(actor="tests", unit_id=dept.pk, year=2025, rating="good")
    with pytest.raises(ValidationFailed) as error:
        assessment_create(actor="tests", person=head, year=2025, rating="excellent")
    message = error.value.message
    assert "Trần Thị Hoa heads Sở Nội vụ" in message
    assert "rule head_not_above_unit" in message
    assessment_create(actor="tests", person=head, year=2025, rating="good")


def test_points_must_match_the_rating_where_decree_335_scores(staff):
    with pytest.raises(ValidationFailed) as error:
        assessment_create(
            actor="tests", person=staff[0], year=2026, rating="good", points=Decimal("65")
        )
    assert "65 points do not match" in error.value.message
    assert "335/2025/NĐ-CP" in error.value.message
    a = assessment_create(
        actor="tests", person=staff[0], year=2026, rating="good", points=Decimal("75")
    )
    assert a.points == Decimal("75")


def test_unknown_rating_and_year_without_post_are_refused(dept):
    person = make_person(dept, on=D(2024, 1, 1))
    with pytest.raises(ValidationFailed, match="unknown rating 'great'"):
        assessment_create(actor="tests", person=person, year=2024, rating="great")
    with pytest.raises(ValidationFailed, match="held no post in 2020"):
        assessment_create(actor="tests", person=person, year=2020, rating="good")


def test_the_database_refuses_a_second_rating_too(staff, dept):
    from django.db import IntegrityError, transaction

    Assessment.objects.create(
        person=staff[0], year=2024, rating="good", unit=dept, category="civil_servant"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            person=staff[0], year=2024, rating="good", unit=dept, category="civil_servant"
        )
