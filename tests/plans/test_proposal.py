"""From needs to plan: a draft proposed from the needs survey (standards app)."""

import pytest

from dtbd.plans.proposal import plan_propose
from dtbd.plans.selectors import version_get
from dtbd.standards.services import campaign_open, need_register

from .conftest import YEAR_2024, D

pytestmark = pytest.mark.django_db


def test_draft_targets_come_from_registered_needs_of_the_subtree(tree):
    campaign = campaign_open(
        actor="tests",
        unit=tree.root,
        year=2024,
        title="",
        opens_on=D(2024, 1, 1),
        closes_on=D(2024, 3, 31),
    )
    need_register(
        actor="tests", campaign=campaign, unit=tree.ys, program_category="it", people_count=12
    )
    need_register(
        actor="tests", campaign=campaign, unit=tree.kp, program_category="it", people_count=3
    )
    need_register(
        actor="tests",
        campaign=campaign,
        unit=tree.kp,
        program_category="foreign_language",
        people_count=4,
    )
    # Another district's needs are not this plan's.
    need_register(
        actor="tests", campaign=campaign, unit=tree.sd, program_category="it", people_count=50
    )
    plan = plan_propose(actor="tests", code="KH-YS-2024", unit=tree.ys, facts=YEAR_2024)
    version = version_get(plan=plan)
    assert version.status == "draft"
    targets = {t.program_category: (t.target, t.measure) for t in version.targets.all()}
    assert targets == {"it": (15, "people"), "foreign_language": (4, "people")}


def test_without_a_survey_or_gaps_the_draft_is_empty(tree):
    plan = plan_propose(actor="tests", code="KH-EMPTY", unit=tree.sd, facts=YEAR_2024)
    assert not version_get(plan=plan).targets.exists()
