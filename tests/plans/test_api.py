"""/api/v1/plans: 401/403/404/409/422, the workflow, scope, fulfilment and roll-up."""

import pytest

from dtbd.training.models import BudgetLine, Course, Enrolment
from tests.api.conftest import Api, session_api, token_api
from tests.factories import make_person

from .conftest import D, make_plan, user_with

pytestmark = pytest.mark.django_db

NEW_PLAN = {
    "plan_code": "KH-YS-2024",
    "unit_code": "08.YS",
    "kind": "year",
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "title": "Kế hoạch ĐTBD năm 2024",
    "targets": [
        {"program_category": "state_management_principal", "target": 1600},
        {
            "program_category": "it",
            "level": "commune",
            "measure": "people",
            "target": 30,
            "classes_home": 2,
        },
    ],
    "budgets": [{"source": "local_budget", "amount_vnd": 500_000_000}],
}


def test_without_credentials_401(tree):
    from django.test import Client

    response = Api(Client()).get("plans")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_manager_creates_edits_submits_and_province_approves(tree):
    district = session_api(user_with("manager", tree.ys))
    province = token_api(user_with("manager", tree.root))
    response = district.post("plans", NEW_PLAN)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["version_number"]) == ("draft", 1, 1)
    assert body["targets"][0] == {
        "program_category": "it",
        "level": "commune",
        "measure": "people",
        "target": 30,
        "classes_home": 2,
        "classes_abroad": 0,
        "budget_vnd": None,
        "note": "",
    }
    response = district.patch("plans/KH-YS-2024", {"title": "Kế hoạch sửa", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    # Based on version 1 again: outdated.
    response = district.patch("plans/KH-YS-2024", {"title": "x"}, headers={"If-Match": '"1"'})
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert district.post("plans/KH-YS-2024/submit", {}).json()["status"] == "submitted"
    # The district cannot approve its own plan.
    response = district.post(
        "plans/KH-YS-2024/approve", {"decision_no": "1576/QĐ-UBND", "decision_date": "2024-03-01"}
    )
    assert response.status_code == 403
    assert "unit above '08.YS'" in response.json()["message"]
    response = province.post(
        "plans/KH-YS-2024/approve", {"decision_no": "1576/QĐ-UBND", "decision_date": "2024-03-01"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_no"]) == (
        "approved",
        "1576/QĐ-UBND",
    )
    # Approved: read-only.
    response = district.patch("plans/KH-YS-2024", {"title": "y"})
    assert response.status_code == 422
    assert "start a revision" in response.json()["message"]
    response = district.post("plans/KH-YS-2024/revise", {"note": "điều chỉnh"})
    assert (response.json()["version_number"], response.json()["status"]) == (2, "draft")
    old = district.get("plans/KH-YS-2024", version=1).json()
    assert (old["status"], old["title"]) == ("approved", "Kế hoạch sửa")
    assert [v["number"] for v in old["versions"]] == [1, 2]
    compare = district.get("plans/KH-YS-2024/compare", a=1, b=2).json()
    assert all(t["change"] == "same" for t in compare["targets"])


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_end": "2023-12-31"}, "period_end", "before it starts"),
        (
            {"targets": [{"program_category": "it", "target": -5}]},
            "target",
            "target must be a positive whole number, not '-5'",
        ),
        (
            {"targets": [{"program_category": "it", "target": 2.5}]},
            "target",
            "target must be a whole number, not '2.5'",
        ),
        (
            {
                "targets": [
                    {"program_category": "it", "target": 5},
                    {"program_category": "it", "target": 6},
                ]
            },
            "program_category",
            "two targets for the same category, level and measure",
        ),
        ({"targets": [{"program_category": "cooking", "target": 5}]}, "program_category", ""),
        ({"unit_code": "NOPE"}, "unit_code", "unit 'NOPE' not found"),
    ],
)
def test_bad_input_is_422_naming_the_field(tree, admin_user, change, field, message):
    api = session_api(admin_user)
    response = api.post("plans", {**NEW_PLAN, **change})
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert message in response.json()["message"]
    assert api.get("plans").json()["count"] == 0


def test_viewer_reads_but_may_not_write_403(tree):
    make_plan(tree.ys)
    viewer = session_api(user_with("viewer", tree.ys))
    assert viewer.get("plans/KH-2024").status_code == 200
    assert viewer.post("plans", NEW_PLAN).status_code == 403
    response = viewer.patch("plans/KH-2024", {"title": "x"})
    assert response.status_code == 403


def test_plans_outside_the_callers_units_are_404_and_not_listed(tree):
    make_plan(tree.ys)
    make_plan(tree.sd, "KH-SD")
    other = session_api(user_with("manager", tree.sd))
    assert other.get("plans/KH-2024").status_code == 404
    assert other.get("plans/NOPE").status_code == 404
    assert other.get("plans/KH-2024").json()["message"] == other.get("plans/NOPE").json()[
        "message"
    ].replace("NOPE", "KH-2024")
    assert other.patch("plans/KH-2024", {"title": "x"}).status_code == 404
    assert [p["plan_code"] for p in other.get("plans").json()["results"]] == ["KH-SD"]
    province = session_api(user_with("viewer", tree.root))
    listed = province.get("plans", unit="08.YS").json()["results"]
    assert [p["plan_code"] for p in listed] == ["KH-2024"]


def test_fulfilment_and_budget_from_the_plans_classes(tree):
    make_plan(tree.ys)
    person = make_person(tree.kp, code="KP1")
    inside = Course.objects.create(
        course_code="C1",
        name="Lớp",
        program_category="state_management_principal",
        organizer_unit=tree.ys,
        start_date=D(2024, 4, 1),
        end_date=D(2024, 4, 30),
    )
    elsewhere = Course.objects.create(
        course_code="C2",
        name="Lớp",
        program_category="state_management_principal",
        organizer_unit=tree.sd,
        start_date=D(2024, 4, 1),
        end_date=D(2024, 4, 30),
    )
    BudgetLine.objects.create(course=inside, item="other", planned_vnd=90, actual_vnd=80)
    BudgetLine.objects.create(course=elsewhere, item="other", planned_vnd=1000, actual_vnd=1000)
    Enrolment.objects.create(
        course=elsewhere, person=person, status="completed", completed_on=D(2024, 4, 30)
    )
    api = session_api(user_with("viewer", tree.ys))
    body = api.get("plans/KH-2024/fulfilment").json()
    assert body["rows"][0]["actual"] == 1 and body["rows"][0]["nominated"] == 1
    assert body["rows"][0]["percent"] == 0.06
    assert body["budget"]["classes"] == 1 and body["budget"]["spent"] == 80
    report = api.get("reports/plan-fulfilment", plan="KH-2024").json()
    assert report["rows"][0]["actual"] == 1


def test_workflow_on_a_plan_outside_the_callers_units_is_404(tree):
    make_plan(tree.ys)
    other = session_api(user_with("manager", tree.sd))
    for action in ("submit", "return", "revise"):
        assert other.post(f"plans/KH-2024/{action}", {}).status_code == 404
    response = other.post(
        "plans/KH-2024/approve", {"decision_no": "1/QĐ", "decision_date": "2024-03-01"}
    )
    assert response.status_code == 404
    assert other.get("plans/KH-2024/fulfilment").status_code == 404
    assert other.get("plans/KH-2024/rollup").status_code == 404


def test_approval_needs_decision_fields_422(tree, admin_user):
    make_plan(tree.ys)
    api = session_api(admin_user)
    api.post("plans/KH-2024/submit", {})
    response = api.post("plans/KH-2024/approve", {"decision_no": "1/QĐ"})
    assert response.status_code == 422 and response.json()["field"] == "decision_date"
    response = api.post(
        "plans/KH-2024/approve", {"decision_no": " ", "decision_date": "2024-03-01"}
    )
    assert response.status_code == 422 and response.json()["field"] == "decision_no"


def test_api_list_does_not_query_per_plan(tree, admin_user, django_assert_max_num_queries):
    for n in range(15):
        make_plan(tree.ys, f"KH-{n:02d}")
    api = session_api(admin_user)
    api.get("plans")
    with django_assert_max_num_queries(8):
        body = api.get("plans").json()
    assert body["count"] == 15 and body["results"][0]["status"] == "draft"
