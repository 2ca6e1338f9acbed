"""A district officer drafts a training plan, submits it, and the province approves it by
decision, in a real browser (Chromium through Playwright, strict CSP); then the fulfilment
page draws its chart."""

import pytest
from playwright.sync_api import expect

from dtbd.accounts.models import Grant
from tests.browser.conftest import log_in
from tests.factories import make_unit

pytestmark = pytest.mark.browser


def test_a_plan_walks_from_draft_to_approved(page, browser, live_server, django_user_model):
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    district = make_unit("08.YS", name="Huyện Yên Sơn", level="district", parent=province)
    officer = django_user_model.objects.create_user("canbo.ys", password="mat-khau-123")
    Grant.objects.create(user=officer, role="manager", unit=district)
    approver = django_user_model.objects.create_user("canbo.snv", password="mat-khau-123")
    Grant.objects.create(user=approver, role="manager", unit=province)

    # The district's officer drafts the plan.
    log_in(page, "canbo.ys", "mat-khau-123")
    page.goto("/plans/")
    page.locator("#new-plan").click()
    page.get_by_label("Mã kế hoạch").fill("KH-YS-2024")
    page.get_by_label("Đơn vị", exact=True).select_option("08.YS")
    page.get_by_label("Từ ngày").fill("2024-01-01")
    page.get_by_label("Đến ngày").fill("2024-12-31")
    page.get_by_label("Tên kế hoạch").fill("Kế hoạch ĐTBD năm 2024")
    rows = page.locator("#target-rows tbody tr")
    rows.nth(0).get_by_label("Loại chương trình").select_option("state_management_principal")
    rows.nth(0).get_by_label("Chỉ tiêu", exact=True).fill("1600")
    rows.nth(1).get_by_label("Loại chương trình").select_option("it")
    rows.nth(1).get_by_label("Chỉ tiêu", exact=True).fill("-3")
    page.locator("#budget-local_budget").fill("500000000")
    page.locator("#save").click()
    # A negative target is refused with its message and nothing is saved.
    expect(page.locator("#form-errors")).to_contain_text("target must be a positive whole number")
    page.locator("#target-rows tbody tr").nth(1).get_by_label("Chỉ tiêu", exact=True).fill("40")
    page.locator("#save").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lập kế hoạch")
    expect(page.locator("#plan-status")).to_have_text("Dự thảo")
    expect(page.locator("#targets")).to_contain_text("1.600")
    page.locator("#submit-plan").click()
    expect(page.locator("#plan-status")).to_have_text("Đã trình")
    expect(page.locator("#approve-plan")).to_have_count(0)  # not from the district itself

    # The province approves it by decision.
    page.context.clear_cookies()
    log_in(page, "canbo.snv", "mat-khau-123")
    page.goto("/plans/KH-YS-2024/")
    page.get_by_label("Số quyết định").fill("1576/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2024-03-01")
    page.locator("#approve-plan").click()
    expect(page.locator("#plan-status")).to_have_text("Đã phê duyệt")
    expect(page.locator("#decision")).to_contain_text("1576/QĐ-UBND")
    expect(page.locator("#decision")).to_contain_text("01/03/2024")

    # Fulfilment: the table and its chart, drawn by the static script under the strict CSP.
    page.get_by_role("link", name="Kết quả thực hiện").click()
    expect(page.locator("#fulfilment")).to_contain_text("1.600")
    expect(page.locator("#plan-chart")).to_have_attribute("data-drawn", "true")
