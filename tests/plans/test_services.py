"""Plan writes: the workflow draft → submitted → approved → revised, and every refusal."""

import pytest
from django.db import IntegrityError, transaction

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import Conflict, PermissionDenied, ValidationFailed
from dtbd.plans.models import Plan, PlanTarget, PlanVersion
from dtbd.plans.rules import BudgetLine, PlanFacts, TargetLine
from dtbd.plans.selectors import version_get, version_in_force, versions_compare
from dtbd.plans.services import (
    plan_approve,
    plan_edit,
    plan_return,
    plan_revise,
    plan_submit,
)

from .conftest import YEAR_2024, D, make_plan, user_with

pytestmark = pytest.mark.django_db


def approved_plan(tree, code="KH-2024"):
    plan = make_plan(tree.ys, code)
    plan_submit(actor="tests", plan=plan)
    return plan_approve(
        actor="tests", plan=plan, decision_no="1576/QĐ-UBND", decision_date=D(2024, 3, 1)
    )


def test_create_writes_version_one_in_draft_with_targets_budget_and_audit(tree):
    plan = make_plan(
        tree.ys,
        targets=(
            TargetLine("state_management_principal", 1600),
            TargetLine(
                "political_theory_intermediate",
                120,
                level="district",
                measure="people",
                classes_home=3,
                classes_abroad=1,
                budget_vnd=250_000_000,
            ),
        ),
        budgets=(BudgetLine("local_budget", 900_000_000), BudgetLine("unit_funds", 100_000_000)),
    )
    version = version_get(plan=plan)
    assert (version.number, version.status, plan.version) == (1, "draft", 1)
    assert version.targets.count() == 2
    assert sorted(version.budgets.values_list("amount_vnd", flat=True)) == [
        100_000_000,
        900_000_000,
    ]
    event = AuditEvent.objects.get(event="plan.created", subject_key="KH-2024")
    assert event.data["unit_code"] == "08.YS"
    assert len(event.data["targets"]) == 2


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (-5, "target must be a positive whole number, not '-5'"),
        (0, "target must be a positive whole number, not '0'"),
        ("12.5", "target must be a whole number, not '12.5'"),
        (12.5, "target must be a whole number, not '12.5'"),
        ("abc", "target must be a whole number, not 'abc'"),
    ],
)
def test_negative_or_non_integer_target_is_refused_and_nothing_written(tree, target, message):
    with pytest.raises(ValidationFailed) as error:
        make_plan(tree.ys, targets=(TargetLine("it", target),))
    assert error.value.message == message
    assert error.value.field == "target"
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()


def test_period_ending_before_it_starts_is_refused(tree):
    facts = PlanFacts(kind="year", period_start=D(2024, 12, 31), period_end=D(2024, 1, 1))
    with pytest.raises(ValidationFailed) as error:
        make_plan(tree.ys, facts=facts)
    assert error.value.message == "the period ends (01/01/2024) before it starts (31/12/2024)"
    assert error.value.field == "period_end"
    assert not Plan.objects.exists()


def test_two_targets_for_same_category_level_and_measure_are_refused(tree):
    with pytest.raises(ValidationFailed) as error:
        make_plan(tree.ys, targets=(TargetLine("it", 10), TargetLine("it", 20)))
    assert error.value.message == (
        "two targets for the same category, level and measure (it, level (all), person_times)"
    )
    assert not Plan.objects.exists()
    # Another measure or level is another line.
    make_plan(
        tree.ys,
        targets=(
            TargetLine("it", 10),
            TargetLine("it", 20, measure="people"),
            TargetLine("it", 5, level="commune"),
        ),
    )


def test_database_refuses_what_services_refuse(tree):
    plan = make_plan(tree.ys)
    version = version_get(plan=plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(version=version, program_category="it", target=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(
            version=version, program_category="state_management_principal", target=5
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(period_end=D(2023, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():  # one open version per plan
        PlanVersion.objects.create(
            plan=plan, number=2, kind="year", period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)
        )


def test_unknown_codes_and_bad_plan_codes_are_refused(tree):
    with pytest.raises(ValidationFailed, match="unknown program_category 'cooking'"):
        make_plan(tree.ys, targets=(TargetLine("cooking", 5),))
    with pytest.raises(ValidationFailed, match="unknown measure 'hours'"):
        make_plan(tree.ys, targets=(TargetLine("it", 5, measure="hours"),))
    with pytest.raises(ValidationFailed, match="plan code 'KH 2024'"):
        make_plan(tree.ys, "KH 2024")
    with pytest.raises(ValidationFailed, match="amount_vnd cannot be negative"):
        make_plan(tree.ys, budgets=(BudgetLine("local_budget", -1),))
    make_plan(tree.ys)
    with pytest.raises(ValidationFailed, match="plan 'KH-2024' already exists"):
        make_plan(tree.sd)


def test_full_workflow_and_approval_by_a_manager_of_the_unit_above(tree):
    district_manager = user_with("manager", tree.ys)
    province_manager = user_with("manager", tree.root)
    plan = make_plan(tree.ys, actor=district_manager)
    plan = plan_edit(
        actor=district_manager, plan=plan, targets=[TargetLine("it", 40)], expected_version=1
    )
    assert plan.version == 2
    plan = plan_submit(actor=district_manager, plan=plan)
    with pytest.raises(PermissionDenied) as error:
        plan_approve(
            actor=district_manager, plan=plan, decision_no="1/QĐ-UBND", decision_date=D(2024, 2, 1)
        )
    assert error.value.message == (
        "only a manager or administrator of a unit above '08.YS' may approve its plan; "
        "your roles do not cover such a unit"
    )
    plan = plan_approve(
        actor=province_manager, plan=plan, decision_no=" 1576/QĐ-UBND ", decision_date=D(2024, 3, 1)
    )
    version = version_get(plan=plan)
    assert version.status == "approved"
    assert (version.decision_no, version.decision_date) == ("1576/QĐ-UBND", D(2024, 3, 1))
    assert version.approved_by == province_manager
    assert list(
        AuditEvent.objects.filter(subject_key="KH-2024")
        .order_by("pk")
        .values_list("event", flat=True)
    ) == ["plan.created", "plan.edited", "plan.submitted", "plan.approved"]


def test_approval_refused_to_viewers_above_and_managers_of_siblings(tree):
    plan = make_plan(tree.ys)
    plan_submit(actor="tests", plan=plan)
    for user in (
        user_with("viewer", tree.root),
        user_with("manager", tree.sd),
        user_with("manager", tree.kp),
        user_with("admin", tree.ys),
    ):
        with pytest.raises(PermissionDenied):
            plan_approve(actor=user, plan=plan, decision_no="1/QĐ", decision_date=D(2024, 2, 1))
    assert version_get(plan=plan).status == "submitted"


def test_approval_needs_a_decision_number_and_date(tree):
    plan = make_plan(tree.ys)
    plan_submit(actor="tests", plan=plan)
    with pytest.raises(ValidationFailed, match="decision's number is required"):
        plan_approve(actor="tests", plan=plan, decision_no=" ", decision_date=D(2024, 2, 1))
    with pytest.raises(ValidationFailed, match="decision's date is required"):
        plan_approve(actor="tests", plan=plan, decision_no="1/QĐ", decision_date=None)


def test_writers_are_managers_of_the_unit_or_above(tree):
    with pytest.raises(PermissionDenied, match=r"you may not change the plans of unit '08\.YS'"):
        make_plan(tree.ys, actor=user_with("manager", tree.sd))
    with pytest.raises(PermissionDenied):
        make_plan(tree.ys, actor=user_with("viewer", tree.ys))
    make_plan(tree.ys, actor=user_with("manager", tree.root))


def test_editing_an_approved_plan_is_refused(tree):
    plan = approved_plan(tree)
    with pytest.raises(ValidationFailed) as error:
        plan_edit(actor="tests", plan=plan, targets=[TargetLine("it", 1)])
    assert error.value.message == (
        "plan 'KH-2024' version 1 is approved and cannot be edited: start a revision to change it"
    )
    assert version_get(plan=plan).targets.get().target == 1600


def test_submitted_plan_cannot_be_edited_but_can_be_returned(tree):
    plan = make_plan(tree.ys)
    plan = plan_submit(actor="tests", plan=plan)
    with pytest.raises(ValidationFailed, match="is submitted and cannot be edited"):
        plan_edit(actor="tests", plan=plan, targets=[TargetLine("it", 1)])
    with pytest.raises(PermissionDenied):
        plan_return(actor=user_with("manager", tree.ys), plan=plan, reason="no")
    plan = plan_return(actor=user_with("manager", tree.root), plan=plan, reason="thiếu kinh phí")
    assert version_get(plan=plan).status == "draft"


def test_submit_needs_targets_and_a_draft(tree):
    plan = make_plan(tree.ys, targets=())
    with pytest.raises(ValidationFailed, match="has no targets yet"):
        plan_submit(actor="tests", plan=plan)
    plan = approved_plan(tree, "KH-B")
    with pytest.raises(ValidationFailed, match="only a draft plan can be submitted"):
        plan_submit(actor="tests", plan=plan)


def test_revision_keeps_the_old_version_readable_and_comparable(tree):
    plan = approved_plan(tree)
    draft = plan_revise(actor="tests", plan=plan, note="bổ sung")
    assert (draft.number, draft.status) == (2, "draft")
    # Until the revision is approved, version 1 is in force.
    assert version_in_force(plan=plan).number == 1
    plan = plan_edit(
        actor="tests",
        plan=plan,
        targets=[TargetLine("state_management_principal", 1700), TargetLine("it", 30)],
    )
    plan_submit(actor="tests", plan=plan)
    plan_approve(actor="tests", plan=plan, decision_no="2001/QĐ-UBND", decision_date=D(2024, 9, 1))
    old, new = version_get(plan=plan, number=1), version_get(plan=plan, number=2)
    assert (old.status, new.status) == ("revised", "approved")
    assert old.decision_no == "1576/QĐ-UBND"
    assert old.targets.get().target == 1600
    assert version_in_force(plan=plan).number == 2
    changes = {c.key: c.kind for c in versions_compare(old, new)["targets"]}
    assert changes == {
        ("state_management_principal", "", "person_times"): "changed",
        ("it", "", "person_times"): "added",
    }
    with pytest.raises(ValidationFailed, match="is approved and cannot be edited"):
        plan_edit(actor="tests", plan=plan, facts=YEAR_2024)


def test_revise_needs_an_approved_plan(tree):
    plan = make_plan(tree.ys)
    with pytest.raises(ValidationFailed, match="only an approved plan can be revised"):
        plan_revise(actor="tests", plan=plan)


def test_outdated_version_is_a_conflict_and_changes_nothing(tree):
    plan = make_plan(tree.ys)
    plan_edit(actor="tests", plan=plan, targets=[TargetLine("it", 2)])
    with pytest.raises(Conflict, match="changed since version 1"):
        plan_edit(actor="tests", plan=plan, targets=[TargetLine("it", 3)], expected_version=1)
    assert version_get(plan=plan).targets.get().target == 2


def test_failing_edit_leaves_the_draft_whole(tree):
    plan = make_plan(tree.ys, targets=(TargetLine("it", 2), TargetLine("other", 3)))
    with pytest.raises(ValidationFailed):
        plan_edit(actor="tests", plan=plan, targets=[TargetLine("it", 5), TargetLine("it", 6)])
    assert sorted(version_get(plan=plan).targets.values_list("target", flat=True)) == [2, 3]
    assert Plan.objects.get().version == 1
