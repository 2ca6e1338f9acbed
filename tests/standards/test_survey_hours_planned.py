"""Needs consolidate up the tree beside the gaps; hours against the dated rule; planned posts."""

import datetime as dt

import pytest

from dtbd.accounts.policy import policy_for
from dtbd.core.errors import ValidationFailed
from dtbd.standards import gaps, hours, planned
from dtbd.standards.selectors import consolidation
from dtbd.standards.services import (
    campaign_close,
    campaign_open,
    hours_rule_set,
    interest_register,
    need_register,
)

from .conftest import ACTOR, ON

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def campaign(world):
    return campaign_open(actor=ACTOR, unit=world.root, year=2024, title="KS 2024",
                         opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))  # fmt: skip


def test_needs_consolidate_beside_the_gaps(world, campaign):
    """Registered: SNV 3 × pt intermediate, SGD 2 × knowledge update, X1 4 × it.
    Gaps on ON (by hand, conftest): pt intermediate 2 (binh, gia), sm principal 1 (binh),
    professional 1 (dung). Wish: dung professional."""
    need_register(actor=ACTOR, campaign=campaign, unit=world.snv,
                  program_category="political_theory_intermediate", people_count=3)  # fmt: skip
    need_register(actor=ACTOR, campaign=campaign, unit=world.sgd,
                  program_category="knowledge_update", people_count=2)  # fmt: skip
    need_register(actor=ACTOR, campaign=campaign, unit=world.commune, program_category="it",
                  people_count=4)  # fmt: skip
    interest_register(actor=ACTOR, campaign=campaign, person=world.people["dung"],
                      program_category="professional")  # fmt: skip
    lines = {
        ln.category: (ln.registered, ln.interests, ln.gap, ln.verdict)
        for ln in consolidation(actor=ACTOR, campaign=campaign, unit=world.root, on=ON)
    }
    assert lines == {
        "political_theory_intermediate": (3, 0, 2, "over_registered"),
        "state_management_principal": (0, 0, 1, "under_registered"),
        "knowledge_update": (2, 0, None, "not_measured"),
        "professional": (0, 1, 1, "under_registered"),
        "it": (4, 0, 0, "over_registered"),
    }
    # One unit's subtree: only its own needs and gaps.
    snv = {ln.category: (ln.registered, ln.gap)
           for ln in consolidation(actor=ACTOR, campaign=campaign, unit=world.snv, on=ON)}  # fmt: skip
    assert snv == {"political_theory_intermediate": (3, 1), "state_management_principal": (0, 1)}


def test_registering_again_replaces_and_bad_needs_are_refused(world, campaign):
    need_register(actor=ACTOR, campaign=campaign, unit=world.snv, program_category="it",
                  people_count=3)  # fmt: skip
    need = need_register(actor=ACTOR, campaign=campaign, unit=world.snv, program_category="it",
                         people_count=5)  # fmt: skip
    assert campaign.needs.get().people_count == 5 == need.people_count
    with pytest.raises(ValidationFailed, match="unknown programme category 'cooking'"):
        need_register(actor=ACTOR, campaign=campaign, unit=world.snv,
                      program_category="cooking", people_count=1)  # fmt: skip
    with pytest.raises(ValidationFailed, match=r"dung does not work in 08\.SNV"):
        need_register(actor=ACTOR, campaign=campaign, unit=world.snv, program_category="it",
                      people=[world.people["dung"]])  # fmt: skip
    with pytest.raises(ValidationFailed, match="unknown priority"):
        need_register(actor=ACTOR, campaign=campaign, unit=world.snv, program_category="it",
                      people_count=1, priority=9)  # fmt: skip
    with pytest.raises(ValidationFailed, match="already open"):
        campaign_open(actor=ACTOR, unit=world.root, year=2024, title="", opens_on=D(2024, 1, 1),
                      closes_on=D(2024, 2, 1))  # fmt: skip
    campaign_close(actor=ACTOR, campaign=campaign)
    with pytest.raises(ValidationFailed, match="is closed"):
        need_register(actor=ACTOR, campaign=campaign, unit=world.snv, program_category="it",
                      people_count=1)  # fmt: skip


def test_hours_behind_use_the_rule_of_the_year_and_the_provider(world):
    hours_rule_set(actor=ACTOR, periods=40, valid_from=D(2017, 9, 1), document="101/2017/NĐ-CP")
    done = {world.people["ha"].pk: 48.0, world.people["binh"].pk: 16.0}

    def provider(person_ids, start, end):
        assert (start, end) == (D(2024, 1, 1), D(2024, 12, 31))
        return {p: n for p, n in done.items() if p in person_ids}

    hours.register_provider(provider)
    try:
        result = gaps.hours_behind(scope=policy_for(ACTOR), year=2024, on=ON,
                                   unit_id=world.snv.pk)  # fmt: skip
    finally:
        hours.unregister_provider(provider)
    assert result["rule"].periods == 40 and result["people"] == 2
    assert result["behind"] == [(world.people["binh"].pk, world.snv.pk, 16.0)]


def test_hours_from_training_without_completions_is_zero(world):
    hours_rule_set(actor=ACTOR, periods=40, valid_from=D(2017, 9, 1), document="101/2017/NĐ-CP")
    result = gaps.hours_behind(scope=policy_for(ACTOR), year=2024, on=ON, unit_id=world.snv.pk)
    assert sorted(p for p, _, n in result["behind"] if n == 0) == sorted(
        [world.people["ha"].pk, world.people["binh"].pk]
    )


def test_planned_posts_add_their_requirements(world):
    """ha (meets CVC) is planned as head of a commune: pt intermediate is held, so nothing;
    cuc (pt none) planned the same way lacks political theory."""
    spec = planned.PostSpec(label="Chủ tịch xã (quy hoạch)", leadership="head",
                            unit_level="commune")  # fmt: skip

    def provider(person_ids, on):
        return {p: [spec] for p in person_ids}

    planned.register_provider(provider)
    try:
        ha = gaps.person_gaps(person=world.people["ha"], on=ON)
        cuc = gaps.person_gaps(person=world.people["cuc"], on=ON)
    finally:
        planned.unregister_provider(provider)
    assert ha.planned == [(spec, [])]
    assert [(g.rule.dimension, g.category, g.post) for g in cuc.planned[0][1]] == [
        ("political_theory", "political_theory_intermediate", "Chủ tịch xã (quy hoạch)")
    ]
    assert cuc.standardised  # the current post's standards are met


def test_a_completed_course_that_raises_the_level_removes_the_gap(world):
    """Conferring intermediate political theory (what completing such a class does through
    people.services) closes binh's political theory gap from that date."""
    from dtbd.people.services import qualification_set

    person = world.people["binh"]
    qualification_set(actor=ACTOR, person=person, dimension="political_theory",
                      level="intermediate", on=D(2024, 9, 1), source="course",
                      only_raise=True)  # fmt: skip
    before = {g.rule.dimension for g in gaps.person_gaps(person=person, on=ON).current}
    after = {g.rule.dimension for g in gaps.person_gaps(person=person, on=D(2024, 10, 1)).current}
    assert before == {"political_theory", "state_management"}
    assert after == {"state_management"}
