"""Gap analysis on the hand-built province of conftest.World."""

import datetime as dt

import pytest

from dtbd.accounts.policy import policy_for
from dtbd.standards import gaps
from dtbd.standards.services import equivalence_add, standard_version_add

from .conftest import ACTOR, ON

pytestmark = pytest.mark.django_db
EVERYTHING = policy_for("tests")


def _counts(summary) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (c.rule.standard_name, c.rule.dimension): (c.applies, c.unmet) for c in summary.requirements
    }


def test_person_with_two_gaps_sees_exactly_them_and_the_programmes(world):
    """binh: university, basic political theory, no state management, in a CVC post: exactly
    the political theory and state management gaps, closed by intermediate political theory
    and the principal specialist programme."""
    result = gaps.person_gaps(person=world.people["binh"], on=ON)
    found = sorted((g.rule.dimension, g.rule.min_level, g.category) for g in result.current)
    assert found == [
        ("political_theory", "intermediate", "political_theory_intermediate"),
        ("state_management", "principal_specialist", "state_management_principal"),
    ]
    assert not result.standardised


def test_province_summary_counts_by_hand(world):
    """Applies/unmet by hand: CVC (ha, binh): prof 2/0, pt 2/1, sm 2/1; CV (cuc, dung, em,
    gia): prof 4/1 (dung college), sm 4/0; commune head (em, gia): pt 2/1 (gia).
    People 7; behind: binh, dung, gia -> standardised 4 (ha, cuc, em, khoa)."""
    s = gaps.summary(scope=EVERYTHING, on=ON, unit_id=world.root.pk, children=True)
    assert _counts(s) == {
        ("Chuyên viên chính", "professional"): (2, 0),
        ("Chuyên viên chính", "political_theory"): (2, 1),
        ("Chuyên viên chính", "state_management"): (2, 1),
        ("Chuyên viên", "professional"): (4, 1),
        ("Chuyên viên", "state_management"): (4, 0),
        ("Chủ tịch xã", "political_theory"): (2, 1),
    }
    assert (s.people, s.with_standards, s.standardised) == (7, 6, 4)
    assert s.percent == 57.14
    assert s.by_category == {
        "political_theory_intermediate": 2,
        "state_management_principal": 1,
        "professional": 1,
    }
    children = {c.name: (c.people, c.standardised) for c in s.children}
    assert children == {
        "Sở Nội vụ": (2, 1),
        "Sở Giáo dục và Đào tạo": (2, 1),
        "Xã Thượng Lâm": (3, 2),
    }


def test_drill_down_lists_the_people(world):
    rule = next(r for r in gaps.rules_on(ON) if r.standard_name == "Chủ tịch xã")
    _, rows = gaps.unmet_rows(scope=EVERYTHING, on=ON, unit_id=world.root.pk, rule_id=rule.id)
    assert [p for p, _, _ in rows] == [world.people["gia"].pk]


def test_a_rule_change_leaves_the_past_unchanged(world):
    """From 2026 CV asks intermediate political theory too; 2024 counts do not move."""
    before = gaps.summary(scope=EVERYTHING, on=ON, unit_id=world.root.pk)
    standard_version_add(
        actor=ACTOR, standard=world.cv, valid_from=dt.date(2026, 1, 1),
        document="Thông tư 99/2025/TT-BNV",
        requirements={"professional": "university", "state_management": "specialist",
                      "political_theory": "intermediate"},
    )  # fmt: skip
    after = gaps.summary(scope=EVERYTHING, on=ON, unit_id=world.root.pk)
    assert _counts(after) == _counts(before)
    assert after.standardised == before.standardised == 4
    later = gaps.summary(scope=EVERYTHING, on=dt.date(2026, 6, 1), unit_id=world.root.pk)
    # cuc (pt none) now falls behind too; gia already was.
    assert later.standardised == 3
    assert world.cv.versions.count() == 2


def test_equivalence_counts_advanced_political_theory_for_state_management(world):
    """An equivalence pt advanced => sm principal: a CVC holding advanced pt and no sm
    certificate meets the sm requirement."""
    from .conftest import make_ranked

    p = make_ranked(world.snv, code="lan", full_name="Ngô Thị Lan", on=dt.date(2020, 1, 1),
                    rank_code="01.002", qualifications={"professional": "doctorate",
                    "political_theory": "advanced"})  # fmt: skip
    assert len(gaps.person_gaps(person=p, on=ON).current) == 1
    equivalence_add(
        actor=ACTOR, dimension="political_theory", level="advanced",
        satisfies_dimension="state_management", satisfies_level="principal_specialist",
        document="Hướng dẫn 05-HD/BTCTW",
    )  # fmt: skip
    assert gaps.person_gaps(person=p, on=ON).current == []
    s = gaps.summary(scope=EVERYTHING, on=ON, unit_id=world.snv.pk)
    assert (s.people, s.standardised) == (3, 2)
