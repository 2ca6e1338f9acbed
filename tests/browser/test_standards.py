"""A province officer defines a standard, sees a person's gap, and drills down the dashboard."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from dtbd.accounts.models import Grant
from dtbd.people.models import Rank
from dtbd.people.rules import PostFacts
from dtbd.people.services import person_create
from tests.browser.conftest import log_in
from tests.factories import make_unit

pytestmark = pytest.mark.browser


def test_define_a_standard_see_the_gap_and_drill_down(page, django_user_model):
    Rank.objects.get_or_create(code="01.002", defaults={"name": "Chuyên viên chính"})
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=province)
    person_create(
        actor="tests", code="TQ0001", on=dt.date(2020, 1, 1), full_name="Hoàng Thị Mai",
        birth_date=dt.date(1985, 1, 1), gender="female",
        post=PostFacts(unit_id=snv.pk, category="civil_servant", rank_code="01.002"),
        qualifications={"professional": "university", "political_theory": "basic"},
    )  # fmt: skip
    officer = django_user_model.objects.create_user("tinh", password="mat-khau-123")
    Grant.objects.create(user=officer, role="manager", unit=province)
    log_in(page, "tinh", "mat-khau-123")

    # Define the standard of chuyên viên chính.
    page.goto("/standards/")
    form = page.locator("#standard-form")
    form.get_by_label("Áp dụng cho").select_option("rank")
    form.get_by_label("Mã", exact=True).fill("01.002")
    form.get_by_label("Tên").fill("Chuyên viên chính")
    form.get_by_role("button", name="Tạo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tạo tiêu chuẩn")
    version = page.locator("#version-form")
    version.get_by_label("Hiệu lực từ").fill("2020-01-01")
    version.get_by_label("Văn bản quy định").fill("Thông tư 06/2024/TT-BNV")
    version.locator("#id_req_professional").select_option("university")
    version.locator("#id_req_political_theory").select_option("intermediate")
    version.locator("#id_req_state_management").select_option("principal_specialist")
    version.get_by_role("button", name="Lưu phiên bản mới").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu quy định mới")
    expect(page.locator("#versions")).to_contain_text("Thông tư 06/2024/TT-BNV")

    # The person's gaps: political theory and state management, with the programmes.
    page.goto("/standards/people/TQ0001/")
    gaps = page.locator("#person-gaps tbody tr")
    expect(gaps).to_have_count(2)
    expect(page.locator("#person-gaps")).to_contain_text("Trung cấp")
    expect(page.locator("#person-gaps")).to_contain_text("Chuyên viên chính")

    # The dashboard: one person, nobody standardised; the chart is drawn; drill down.
    page.goto("/standards/gaps/?unit=08")
    expect(page.locator("#fig-people")).to_have_text("1")
    expect(page.locator("#fig-standardised")).to_have_text("0")
    expect(page.locator("#gap-chart")).to_have_attribute("data-drawn", "true")
    page.locator("#requirements").get_by_role("link", name="1").first.click()
    expect(page.locator("#gap-people")).to_contain_text("Hoàng Thị Mai")
    page.locator("#gap-people").get_by_role("link", name="Hoàng Thị Mai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàng Thị Mai")


def test_province_sets_the_hours_rule_sees_who_is_behind_and_runs_a_survey(page, django_user_model):
    """The province officer sets 40 periods a year from 2017, sees both people of Sở Nội vụ
    behind (no training done), drills down to the unit and downloads the list; then opens the
    2025 needs survey (a period ending before it starts is refused) and closes it."""
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=province)
    for code, name in (("TQ0001", "Hoàng Thị Mai"), ("TQ0002", "Lý Văn Nam")):
        person_create(
            actor="tests", code=code, on=dt.date(2020, 1, 1), full_name=name,
            birth_date=dt.date(1985, 1, 1), gender="female",
            post=PostFacts(unit_id=snv.pk, category="civil_servant"),
        )  # fmt: skip
    officer = django_user_model.objects.create_user("tinh", password="mat-khau-123")
    Grant.objects.create(user=officer, role="manager", unit=province)
    log_in(page, "tinh", "mat-khau-123")

    page.goto("/standards/hours-rules/")
    form = page.locator("#hours-rule-form")
    form.locator("#id_periods").fill("40")
    form.locator("#id_valid_from").fill("2017-09-01")
    form.locator("#id_document").fill("Nghị định 101/2017/NĐ-CP")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu quy định mới")
    expect(page.locator("#hours-rules")).to_contain_text("Nghị định 101/2017/NĐ-CP")

    page.goto("/standards/hours/?unit=08&year=2024&on=2024-06-01")
    expect(page.locator("#hours-rule")).to_contain_text("40")
    expect(page.locator("#fig-behind")).to_have_text("2")
    page.locator("#hours-units").get_by_role("link", name="Sở Nội vụ").click()
    expect(page.locator("#unit-path")).to_contain_text("Sở Nội vụ")
    expect(page.locator("#hours-people tbody tr")).to_have_count(2)
    with page.expect_download() as download:
        page.locator("#hours-export").click()
    assert download.value.suggested_filename == "thieu-gio-boi-duong-08.SNV-2024.xlsx"

    page.goto("/standards/surveys/")
    survey = page.locator("#open-survey")
    survey.locator("#id_unit_code").fill("08")
    survey.locator("#id_year").fill("2025")
    survey.locator("#id_opens_on").fill("2025-03-01")
    survey.locator("#id_closes_on").fill("2025-01-31")
    survey.get_by_role("button", name="Mở đợt khảo sát").click()
    expect(page.locator("#open-survey")).to_contain_text("31/01/2025")
    page.locator("#id_closes_on").fill("2025-04-30")
    page.locator("#open-survey").get_by_role("button", name="Mở đợt khảo sát").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở đợt khảo sát nhu cầu")
    page.locator("#close-survey").get_by_role("button").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đóng đợt khảo sát nhu cầu")
    expect(page.locator("#close-survey")).to_have_count(0)
