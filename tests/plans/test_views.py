"""Plan pages: list, form, workflow buttons, versions, compare, roll-up, fulfilment, annex."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dtbd.plans.models import Plan, PlanTarget
from dtbd.plans.rules import TargetLine
from dtbd.plans.selectors import version_get
from dtbd.plans.services import plan_approve, plan_submit
from dtbd.training.models import Course, Enrolment
from tests.factories import make_person

from .conftest import D, make_plan, user_with

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {
    "code": "KH-WEB",
    "unit": "08.YS",
    "kind": "year",
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "title": "Kế hoạch năm 2024",
    "target-0-program_category": "it",
    "target-0-level": "",
    "target-0-measure": "person_times",
    "target-0-target": "25",
    "target-1-program_category": "",
    "target-1-target": "",
    "budget-local_budget": "120.000.000",
}


def test_manager_creates_a_plan_through_the_form(tree):
    client = client_for(user_with("manager", tree.ys))
    assert client.get("/plans/new/").status_code == 200
    response = client.post("/plans/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/plans/KH-WEB/"
    version = version_get(plan=Plan.objects.get(code="KH-WEB"))
    assert [(t.program_category, t.target) for t in version.targets.all()] == [("it", 25)]
    assert version.budgets.get().amount_vnd == 120_000_000
    page = client.get("/plans/KH-WEB/").content.decode()
    assert 'id="submit-plan"' in page and 'id="approve-plan"' not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target-0-target": "-4"}, "target must be a positive whole number, not &#x27;-4&#x27;"),
        ({"period_end": "2023-01-01"}, "before it starts"),
        ({"target-1-program_category": "it", "target-1-target": "3"}, "two targets for the same"),
    ],
)
def test_form_refuses_bad_input_with_the_message_and_saves_nothing(tree, change, message):
    client = client_for(user_with("manager", tree.ys))
    response = client.post("/plans/new/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_workflow_buttons_and_approval_from_above(tree):
    make_plan(tree.ys)
    district = client_for(user_with("manager", tree.ys))
    province = client_for(user_with("manager", tree.root))
    district.post("/plans/KH-2024/submit/")
    assert version_get(plan=Plan.objects.get()).status == "submitted"
    response = district.post(
        "/plans/KH-2024/approve/", {"decision_no": "1/QĐ", "decision_date": "2024-03-01"}
    )
    assert response.status_code == 403
    assert version_get(plan=Plan.objects.get()).status == "submitted"
    assert 'id="approve-plan"' in province.get("/plans/KH-2024/").content.decode()
    province.post(
        "/plans/KH-2024/approve/", {"decision_no": "1576/QĐ-UBND", "decision_date": "01/03/2024"}
    )
    assert version_get(plan=Plan.objects.get()).status == "approved"
    page = district.get("/plans/KH-2024/").content.decode()
    assert "1576/QĐ-UBND" in page and 'id="revise-plan"' in page and 'id="edit-plan"' not in page
    history = page[page.index('id="history"') :]
    assert history.index("Đã phê duyệt") < history.index("Trình phê duyệt")
    assert "v1 · 1576/QĐ-UBND (2024-03-01)" in history
    assert district.get("/plans/KH-2024/edit/").status_code == 200  # shows, but saving refuses
    district.post("/plans/KH-2024/revise/")
    assert district.get("/plans/KH-2024/?version=1").status_code == 200
    assert district.get("/plans/KH-2024/compare/?a=1&b=2").status_code == 200


def test_outsiders_get_404_and_viewers_no_buttons(tree):
    make_plan(tree.ys)
    outsider = client_for(user_with("manager", tree.sd))
    for url in (
        "/plans/KH-2024/",
        "/plans/KH-2024/fulfilment/",
        "/plans/KH-2024/rollup/",
        "/plans/KH-2024/annex.xlsx",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post("/plans/KH-2024/submit/").status_code == 404
    assert "KH-2024" not in outsider.get("/plans/").content.decode()
    viewer = client_for(user_with("viewer", tree.ys))
    page = viewer.get("/plans/KH-2024/").content.decode()
    assert 'id="submit-plan"' not in page
    assert viewer.post("/plans/KH-2024/submit/").status_code == 403
    assert version_get(plan=Plan.objects.get()).status == "draft"
    assert viewer.get("/plans/new/").status_code == 403


def test_fulfilment_page_chart_data_and_completions_list(tree):
    plan = make_plan(tree.ys)
    person = make_person(tree.kp, code="KP1", full_name="Trần Thị Đào")
    course = Course.objects.create(
        course_code="C1",
        name="Lớp QLNN",
        program_category="state_management_principal",
        organizer_unit=tree.root,
        start_date=D(2024, 4, 1),
        end_date=D(2024, 4, 30),
    )
    Enrolment.objects.create(
        course=course, person=person, status="completed", completed_on=D(2024, 4, 30)
    )
    client = client_for(user_with("viewer", tree.ys))
    page = client.get("/plans/KH-2024/fulfilment/").content.decode()
    assert 'id="plan-chart-data"' in page and "plans/fulfilment.js" in page
    assert "<script>" not in page.replace(
        '<script id="plan-chart-data" type="application/json">', ""
    )
    target = version_get(plan=plan).targets.get()
    listing = client.get(f"/plans/KH-2024/fulfilment/{target.pk}/").content.decode()
    assert "Trần Thị Đào" in listing and "C1" in listing
    assert client.get("/plans/KH-2024/rollup/").status_code == 200


def test_excel_annex_is_laid_out_as_a_plan_annex(tree):
    plan = make_plan(tree.ys)
    plan_submit(actor="tests", plan=plan)
    plan_approve(actor="tests", plan=plan, decision_no="1576/QĐ-UBND", decision_date=D(2024, 3, 1))
    response = client_for(user_with("viewer", tree.ys)).get("/plans/KH-2024/annex.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM 2024" in cells
    assert "(Kèm theo Quyết định số 1576/QĐ-UBND ngày 01/03/2024)" in cells
    assert 1600 in cells and "(5)" in cells
    assert ws["A1"].font.name == "Times New Roman"


def test_nominations_behind_the_nominated_figure(tree):
    plan = make_plan(tree.ys)
    person = make_person(tree.ys, code="YS1", full_name="Lê Văn Bình")
    course = Course.objects.create(
        course_code="C9",
        name="Lớp",
        program_category="state_management_principal",
        organizer_unit=tree.root,
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 30),
    )
    Enrolment.objects.create(course=course, person=person, status="attending")
    target = version_get(plan=plan).targets.get()
    client = client_for(user_with("viewer", tree.ys))
    listing = client.get(f"/plans/KH-2024/fulfilment/{target.pk}/?what=nominated")
    assert "Lê Văn Bình" in listing.content.decode()
    assert (
        "Lê Văn Bình" not in client.get(f"/plans/KH-2024/fulfilment/{target.pk}/").content.decode()
    )


def test_list_pages_do_not_query_per_plan(tree, django_assert_max_num_queries):
    for n in range(12):
        make_plan(tree.ys if n % 2 else tree.sd, f"KH-{n:02d}")
    client = client_for(user_with("viewer", tree.root))
    client.get("/plans/")  # warm the session and grants
    with django_assert_max_num_queries(12):
        page = client.get("/plans/").content.decode()
    assert page.count('href="/plans/KH-') == 12


def test_a_people_target_lists_every_completion_and_says_how_many_people(tree):
    """Two completions by one person count once for a `people` target: the list behind it
    shows both enrolments and says they are one person, as the fulfilment figure does."""
    make_plan(tree.ys, targets=(TargetLine("state_management_principal", 10, measure="people"),))
    person = make_person(tree.kp, code="KP1", full_name="Trần Thị Đào")
    for code, day in (("C1", D(2024, 4, 30)), ("C2", D(2024, 9, 30))):
        course = Course.objects.create(
            course_code=code,
            name="Lớp QLNN",
            program_category="state_management_principal",
            organizer_unit=tree.root,
            start_date=day.replace(day=1),
            end_date=day,
        )
        Enrolment.objects.create(course=course, person=person, status="completed", completed_on=day)
    target = PlanTarget.objects.get()
    listing = client_for(user_with("viewer", tree.ys)).get(
        f"/plans/KH-2024/fulfilment/{target.pk}/"
    )
    page = listing.content.decode()
    assert page.count("Trần Thị Đào") == 2
    assert 'id="distinct-people"' in page and "1 người" in page


def test_pages_of_nominations_stay_nominations(tree):
    from dtbd.plans import views

    make_plan(tree.ys)
    course = Course.objects.create(
        course_code="C9",
        name="Lớp",
        program_category="state_management_principal",
        organizer_unit=tree.root,
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 30),
    )
    given = ("An", "Bình", "Cúc", "Dũng", "Hà", "Lan", "Minh", "Nga", "Phúc", "Tâm", "Vinh")
    for i in range(views.COMPLETIONS_PAGE + 1):
        name = f"Lê Văn {given[i % 11]} {given[i // 11]}"
        person = make_person(tree.ys, code=f"YS{i:03}", full_name=name)
        Enrolment.objects.create(course=course, person=person, status="attending")
    target = PlanTarget.objects.get()
    page = client_for(user_with("viewer", tree.ys)).get(
        f"/plans/KH-2024/fulfilment/{target.pk}/?what=nominated"
    )
    assert "?page=2&amp;what=nominated" in page.content.decode()
