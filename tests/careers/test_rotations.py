import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.careers.models import Rotation, RotationReview
from dtbd.careers.pool import pool_candidate_add, pool_post_add, pool_post_approve, pool_term_create
from dtbd.careers.rotations import review_add, review_record, rotation_create, rotation_end
from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.people.selectors import holdings_on
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def member(dept, other_dept, province):
    """A deputy of the department, approved in the province's pool for 2025–2030."""
    person = make_person(dept, code="PHO01", full_name="Lê Văn Bình", leadership="deputy")
    other = make_person(dept, code="PHO02", full_name="Lê Thị Cúc", leadership="deputy")
    term = pool_term_create(
        actor="tests",
        code="QH2025",
        name="Quy hoạch 2025–2030",
        unit_id=province.pk,
        start=D(2025, 1, 1),
        end=D(2030, 12, 31),
    )
    post = pool_post_add(
        actor="tests", term=term, unit_id=dept.pk, leadership="head", title="Giám đốc Sở Nội vụ"
    )
    pool_candidate_add(actor="tests", post=post, person=person)
    pool_candidate_add(actor="tests", post=post, person=other)
    pool_post_approve(actor="tests", post=post, decision_no="50-QĐ/TU", decided_on=D(2025, 2, 1))
    return person


def _rotate(person, to_unit, **kwargs):
    values = {
        "actor": "tests",
        "person": person,
        "to_unit_id": to_unit.pk,
        "to_leadership": "deputy",
        "direction": "between_bodies",
        "decision_no": "101-QĐ/TU",
        "decision_date": D(2025, 5, 20),
        "start": D(2025, 6, 1),
    }
    return rotation_create(**{**values, **kwargs})


def _unit_on(person, on):
    return holdings_on(on).get(person=person).unit.code


def test_a_rotation_moves_the_post_on_its_start_date(member, other_dept):
    rotation = _rotate(member, other_dept)
    assert _unit_on(member, D(2025, 5, 31)) == "T08.SNV"
    assert _unit_on(member, D(2025, 6, 1)) == "T08.STC"
    assert rotation.planned_end == D(2028, 5, 31)  # 36 months by default
    assert rotation.from_unit.code == "T08.SNV" and rotation.from_leadership == "deputy"
    # Reviews every 6 months inside the rotation: 01/12/2025 … 01/12/2027, 01/06/2028 is out.
    dues = list(rotation.reviews.values_list("due_on", flat=True))
    assert dues[0] == D(2025, 12, 1) and dues[-1] == D(2027, 12, 1) and len(dues) == 5
    assert AuditEvent.objects.filter(event="rotation.created", subject_key="PHO01").exists()


def test_a_returned_rotation_puts_the_person_back_the_next_day(member, other_dept):
    rotation = _rotate(member, other_dept)
    rotation_end(actor="tests", rotation=rotation, ended_on=D(2028, 5, 31), outcome="returned")
    assert _unit_on(member, D(2028, 5, 31)) == "T08.STC"
    assert _unit_on(member, D(2028, 6, 1)) == "T08.SNV"


def test_an_overlapping_rotation_is_refused(member, other_dept, province):
    _rotate(member, other_dept)
    with pytest.raises(ValidationFailed) as error:
        _rotate(member, province, start=D(2027, 1, 1), decision_no="7-QĐ/TU")
    message = error.value.message
    assert "already on rotation 101-QĐ/TU from 01/06/2025 to 31/05/2028" in message
    assert "one rotation at a time (Regulation 65-QĐ/TW)" in message
    assert Rotation.objects.count() == 1


def test_someone_outside_the_pool_is_refused_without_an_exception(dept, other_dept):
    person = make_person(dept, full_name="Phạm Văn Dũng", leadership="deputy")
    with pytest.raises(ValidationFailed) as error:
        _rotate(person, other_dept)
    assert "not in an approved planning pool" in error.value.message
    assert "rule rotation_pool_only, Quy định 65-QĐ/TW (2022)" in error.value.message
    rotation = _rotate(person, other_dept, exception_reason="Tăng cường cán bộ cho Sở")
    assert rotation.exception_by_label == "tests"


def test_only_an_administrator_of_the_receiving_unit_records_an_exception(dept, other_dept):
    from dtbd.accounts.models import Grant

    person = make_person(dept, leadership="deputy")
    manager = UserFactory()
    Grant.objects.create(user=manager, role="manager", unit=dept)
    Grant.objects.create(user=manager, role="manager", unit=other_dept)
    with pytest.raises(PermissionDenied, match="administers the receiving unit"):
        _rotate(person, other_dept, actor=manager, exception_reason="cần")


def test_a_post_that_is_not_equivalent_needs_the_exception(member, other_dept):
    with pytest.raises(ValidationFailed) as error:
        _rotate(member, other_dept, to_leadership="head")
    assert "not equivalent" in error.value.message
    assert "rule rotation_equivalent_post" in error.value.message


def test_a_rotation_shorter_than_three_years_needs_the_exception(member, other_dept):
    with pytest.raises(ValidationFailed) as error:
        _rotate(member, other_dept, planned_end=D(2026, 6, 1))
    assert "at least 36 months" in error.value.message
    assert "rule rotation_min_months" in error.value.message


def test_reviews_outside_the_rotation_are_refused(member, other_dept):
    rotation = _rotate(member, other_dept)
    with pytest.raises(ValidationFailed) as error:
        review_add(actor="tests", rotation=rotation, due_on=D(2028, 7, 1))
    assert "lies outside the rotation (01/06/2025–31/05/2028)" in error.value.message
    review = rotation.reviews.first()
    with pytest.raises(ValidationFailed, match="outside the rotation"):
        review_record(actor="tests", review=review, done_on=D(2025, 5, 1))
    review_record(actor="tests", review=review, done_on=D(2025, 12, 3), notes="Hoàn thành tốt")
    review.refresh_from_db()
    assert review.done_on == D(2025, 12, 3) and review.reviewer == "tests"


def test_review_interval_outside_three_to_six_months_is_refused(member, other_dept):
    with pytest.raises(ValidationFailed, match="at most 6 months apart"):
        _rotate(member, other_dept, review_every_months=12)
    with pytest.raises(ValidationFailed, match="at least 3 months apart"):
        _rotate(member, other_dept, review_every_months=2)
    rotation = _rotate(member, other_dept, review_every_months=3)
    assert rotation.reviews.count() == 11
    assert RotationReview.objects.count() == 11


def test_ending_early_drops_the_later_reviews(member, other_dept):
    rotation = _rotate(member, other_dept)
    rotation_end(actor="tests", rotation=rotation, ended_on=D(2026, 7, 1), outcome="ended_early")
    assert list(rotation.reviews.values_list("due_on", flat=True)) == [
        D(2025, 12, 1),
        D(2026, 6, 1),
    ]
    assert _unit_on(member, D(2026, 8, 1)) == "T08.STC"  # stayed: no return recorded
