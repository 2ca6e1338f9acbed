"""A manager edits a person in a real browser (Chromium through Playwright)."""

import pytest
from playwright.sync_api import expect

from dtbd.accounts.models import Grant
from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.browser


def test_a_manager_opens_a_person_changes_the_ethnicity_and_sees_the_history(
    page,
    django_user_model,
):
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    department = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=province)
    make_person(department, code="TQ0001", full_name="Hoàng Thị Mai", gender="female")
    manager = django_user_model.objects.create_user("quanly", password="mat-khau-123")
    Grant.objects.create(user=manager, role="manager", unit=department)
    log_in(page, "quanly", "mat-khau-123")

    page.goto("/people/")
    page.get_by_role("link", name="Hoàng Thị Mai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàng Thị Mai")
    page.get_by_role("link", name="Sửa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sửa hồ sơ Hoàng Thị Mai")
    page.get_by_label("Dân tộc").fill("Tày")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu các thay đổi.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàng Thị Mai")
    expect(page.get_by_role("definition").filter(has_text="Tày")).to_be_visible()
    history = page.locator("#audit")
    expect(history.locator("li").first).to_contain_text("Sửa thông tin cá nhân")
    expect(history.locator("li").first).to_contain_text("quanly")
    expect(history.locator("li").first).to_contain_text("ethnicity: — → Tày")
