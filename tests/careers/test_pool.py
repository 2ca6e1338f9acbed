import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.careers.models import PoolCandidate
from dtbd.careers.pool import (
    pool_candidate_add,
    pool_post_add,
    pool_post_approve,
    pool_remove_over_age,
    pool_targets,
    pool_term_create,
)
from dtbd.careers.records import discipline_create
from dtbd.core.errors import ValidationFailed
from tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def term(province):
    return pool_term_create(
        actor="tests",
        code="QH2025",
        name="Quy hoạch 2025–2030",
        unit_id=province.pk,
        start=D(2025, 1, 1),
        end=D(2030, 12, 31),
    )


def _post(term, unit, title, leadership="deputy"):
    return pool_post_add(
        actor="tests", term=term, unit_id=unit.pk, leadership=leadership, title=title
    )


def test_at_most_four_candidates_per_post(term, dept, staff):
    post = _post(term, dept, "Phó Giám đốc Sở Nội vụ")
    for person in staff[:4]:
        pool_candidate_add(actor="tests", post=post, person=person)
    with pytest.raises(ValidationFailed) as error:
        pool_candidate_add(actor="tests", post=post, person=staff[4])
    message = error.value.message
    assert "already has 4 candidates; at most 4 per post" in message
    assert "rule pool_candidates_max, Quy định 50-QĐ/TW (2021)" in message
    assert post.candidates.count() == 4


def test_at_least_two_candidates_to_approve_a_post(term, dept, staff):
    post = _post(term, dept, "Giám đốc Sở Nội vụ", "head")
    pool_candidate_add(actor="tests", post=post, person=staff[0])
    with pytest.raises(ValidationFailed, match="has 1 candidates; at least 2 per post"):
        pool_post_approve(actor="tests", post=post, decision_no="1-QĐ/TU", decided_on=D(2025, 2, 1))
    pool_candidate_add(actor="tests", post=post, person=staff[1])
    assert (
        pool_post_approve(actor="tests", post=post, decision_no="1-QĐ/TU", decided_on=D(2025, 2, 1))
        == 2
    )


def test_at_most_three_posts_per_person(term, dept, other_dept, province, staff):
    posts = [
        _post(term, dept, "Giám đốc Sở Nội vụ", "head"),
        _post(term, dept, "Phó Giám đốc Sở Nội vụ"),
        _post(term, other_dept, "Giám đốc Sở Tài chính", "head"),
        _post(term, other_dept, "Phó Giám đốc Sở Tài chính"),
    ]
    for post in posts[:3]:
        pool_candidate_add(actor="tests", post=post, person=staff[0])
    with pytest.raises(ValidationFailed) as error:
        pool_candidate_add(actor="tests", post=posts[3], person=staff[0])
    assert "already planned for 3 posts" in error.value.message
    assert "rule pool_posts_per_person_max" in error.value.message


def test_people_over_age_are_refused_and_removed(term, dept):
    old = make_person(dept, full_name="Hoàng Văn Lão", birth_date=D(1966, 3, 1))
    post = _post(term, dept, "Phó Giám đốc Sở Nội vụ")
    with pytest.raises(ValidationFailed) as error:
        pool_candidate_add(actor="tests", post=post, person=old)
    assert "less than 60 months" in error.value.message
    assert "pool_months_before_retirement_min" in error.value.message
    # Someone who was young enough when added is removed once over age.
    later = make_person(dept, full_name="Đỗ Văn Muộn", birth_date=D(1967, 1, 1))
    candidate = PoolCandidate.objects.create(post=post, person=later)
    assert pool_remove_over_age(actor="tests", term=term, on=D(2025, 1, 1)) == 1
    candidate.refresh_from_db()
    assert (candidate.status, candidate.removal_reason) == ("removed", "over_age")


def test_reprimand_removes_from_the_pool_with_an_audit_entry(term, dept, staff):
    post = _post(term, dept, "Phó Giám đốc Sở Nội vụ")
    candidate = pool_candidate_add(actor="tests", post=post, person=staff[0])
    pool_candidate_add(actor="tests", post=post, person=staff[1])
    pool_post_approve(actor="tests", post=post, decision_no="1-QĐ/TU", decided_on=D(2025, 2, 1))
    discipline_create(
        actor="tests",
        person=staff[1],
        level="reminder",
        decision_no="3/QĐ-SNV",
        decided_on=D(2025, 9, 1),
    )
    discipline_create(
        actor="tests",
        person=staff[0],
        level="reprimand",
        decision_no="4/QĐ-SNV",
        decided_on=D(2025, 9, 1),
    )
    candidate.refresh_from_db()
    assert (candidate.status, candidate.removal_reason) == ("removed", "discipline")
    assert candidate.removed_on == D(2025, 9, 1)
    assert post.candidates.get(person=staff[1]).status == "approved"  # a reminder does not
    event = AuditEvent.objects.get(event="pool.candidate_removed")
    assert event.subject_key == staff[0].code and event.data["reason"] == "discipline"
    assert "4/QĐ-SNV" in event.data["note"]


def test_targets_young_and_women_against_actual(term, dept):
    post = _post(term, dept, "Phó Giám đốc Sở Nội vụ")
    people = [
        make_person(dept, birth_date=D(1990, 1, 1), gender="female"),  # 35 on 01/01/2025
        make_person(dept, birth_date=D(1980, 1, 1), gender="male"),
        make_person(dept, birth_date=D(1980, 1, 1), gender="male"),
        make_person(dept, birth_date=D(1982, 1, 1), gender="male"),
    ]
    for person in people:
        pool_candidate_add(actor="tests", post=post, person=person)
    rows = {t.measure: t for t in pool_targets(term, D(2025, 1, 1))}
    young = rows["young_under_40"]
    assert (young.actual, young.total, str(young.percent), young.met) == (1, 4, "25.00", True)
    women = rows["women"]
    assert (women.actual, str(women.percent), str(women.target_percent), women.met) == (
        1,
        "25.00",
        "25.00",
        True,
    )
    assert rows["posts_within_candidate_limits"].met is True
