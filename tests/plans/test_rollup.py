"""Roll-up: the province's targets beside the sum of its districts' plans."""

import pytest

from dtbd.plans.rollup import plan_rollup, rollup_json
from dtbd.plans.rules import PlanFacts, TargetLine

from .conftest import D, make_plan

pytestmark = pytest.mark.django_db


def test_children_plans_are_summed_per_category_level_and_measure(tree):
    province = make_plan(
        tree.root,
        "KH-08",
        targets=(
            TargetLine("it", 100),
            TargetLine("political_theory_intermediate", 50, level="district"),
        ),
    )
    make_plan(tree.ys, "KH-YS", targets=(TargetLine("it", 70), TargetLine("foreign_language", 5)))
    make_plan(
        tree.sd,
        "KH-SD",
        targets=(
            TargetLine("it", 40),
            TargetLine("political_theory_intermediate", 20, level="district"),
        ),
    )
    # Not counted: a commune's plan (grandchild) and a district term plan (another kind).
    make_plan(tree.kp, "KH-KP", targets=(TargetLine("it", 999),))
    make_plan(
        tree.ys,
        "KH-YS-TERM",
        facts=PlanFacts(kind="term", period_start=D(2021, 1, 1), period_end=D(2025, 12, 31)),
        targets=(TargetLine("it", 500),),
    )
    result = rollup_json(plan_rollup(plan=province))
    lines = {(line["program_category"], line["level"]): line for line in result["lines"]}
    assert lines[("it", "")]["own"] == 100
    assert lines[("it", "")]["children"] == 110
    assert (lines[("it", "")]["difference"], lines[("it", "")]["state"]) == (10, "excess")
    assert lines[("it", "")]["by_child"] == {"08.YS": 70, "08.SD": 40}
    pt = lines[("political_theory_intermediate", "district")]
    assert (pt["own"], pt["children"], pt["difference"], pt["state"]) == (50, 20, -30, "shortfall")
    fl = lines[("foreign_language", "")]
    assert (fl["own"], fl["children"], fl["state"]) == (None, 5, "not_planned")
    children = {c["unit_code"]: c["plan_code"] for c in result["children"]}
    assert children == {"08.SNV": None, "08.SD": "KH-SD", "08.YS": "KH-YS"}
