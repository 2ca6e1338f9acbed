"""A province officer computes a report, sees its chart, downloads Excel and files it."""

import pytest
from playwright.sync_api import expect

from dtbd.accounts.models import Grant
from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.browser


def test_a_manager_computes_a_report_downloads_it_and_files_it(page, django_user_model):
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    department = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=province)
    commune = make_unit("08.KP", name="Xã Kim Phú", level="commune", kind="area", parent=province)
    make_person(
        department,
        code="TQ1",
        full_name="Hoàng Thị Mai",
        gender="female",
        qualifications={"professional": "master"},
    )
    make_person(
        department,
        code="TQ2",
        full_name="Lê Văn Bình",
        qualifications={"professional": "university"},
    )
    make_person(
        commune, code="TQ3", full_name="Trần Văn Cừ", qualifications={"professional": "college"}
    )
    manager = django_user_model.objects.create_user("quanly", password="mat-khau-123")
    Grant.objects.create(user=manager, role="manager", unit=province)
    log_in(page, "quanly", "mat-khau-123")

    page.goto("/reports/")
    page.get_by_role("link", name="Cơ cấu đội ngũ").click()
    page.locator("#id_dimension").select_option("professional_band")
    page.locator("#id_by").select_option("level")
    page.locator("#id_unit").fill("08")  # a report is filed for a unit
    page.get_by_role("button", name="Tính").click()
    table = page.locator("#report-table")
    expect(table).to_contain_text("Sau đại học")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").first).to_contain_text("50")  # 1 of 2 in the province
    expect(page.locator("#report-chart")).to_have_attribute("data-drawn", "true")

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename == "breakdown.xlsx"

    page.locator("#id_period").fill("2025")
    page.locator("#submit-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    expect(page.locator("#no-changes")).to_be_visible()


def test_the_overview_draws_its_charts(page, officer):
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    make_person(
        province,
        code="TQ1",
        full_name="Hoàng Thị Mai",
        leadership="head",
        qualifications={"political_theory": "advanced", "professional": "master"},
    )
    log_in(page)
    page.goto("/reports/dashboard/?unit=08")
    expect(page.locator("canvas[data-chart='chart-structure']")).to_have_attribute(
        "data-drawn", "true"
    )
    expect(page.locator("canvas[data-chart='chart-leaders']")).to_have_attribute(
        "data-drawn", "true"
    )
    page.locator("#leaders-table a").first.click()
    page.wait_for_url("**/people/?*leadership=head*")
    expect(page.get_by_role("link", name="Hoàng Thị Mai")).to_be_visible()
