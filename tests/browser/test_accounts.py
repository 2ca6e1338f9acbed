"""Accounts in a real browser, and every main page under the Content-Security-Policy the
server really sends (not the test's own, as in tests/browser)."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from dtbd.accounts.models import Grant
from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.browser
NEW_PASSWORD = "mật-khẩu-ban-đầu-2026"


def _province():
    """Tuyên Quang with two departments and a commune, and Hà Giang beside it."""
    root = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=root)
    sgd = make_unit("08.SGD", name="Sở Giáo dục và Đào tạo", level="province", parent=root)
    other = make_unit("02", name="Tỉnh Hà Giang", level="province", kind="area")
    make_person(snv, code="TQ0001", full_name="Nguyễn Văn Cừ")
    make_person(snv, code="TQ0002", full_name="Trần Thị Ánh", gender="female")
    make_person(sgd, code="TQ0003", full_name="Lê Văn Bình")
    make_person(other, code="HG0001", full_name="Vũ Văn Hải")
    return root


@pytest.fixture
def province_admin(transactional_db, django_user_model):
    root = _province()
    user = django_user_model.objects.create_user("qt.tuyenquang", password="mat-khau-123")
    Grant.objects.create(user=user, role="admin", unit=root)
    return user


def test_an_admin_creates_a_user_who_then_sees_only_their_unit(page, province_admin):
    log_in(page, "qt.tuyenquang")
    page.get_by_role("button", name="qt.tuyenquang").click()
    page.get_by_role("link", name="Người dùng và phân quyền").click()
    expect(page.get_by_role("heading", name="Người dùng và phân quyền")).to_be_visible()
    page.get_by_role("link", name="Người dùng mới").click()

    page.get_by_label("Tên đăng nhập").fill("canbo.snv")
    page.get_by_label("Mật khẩu ban đầu", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu ban đầu").fill(NEW_PASSWORD)
    page.get_by_label("Vai trò").select_option("viewer")
    page.get_by_label("Mã đơn vị").fill("02")  # Hà Giang: not this admin's
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#user-form")).to_contain_text("Không có đơn vị mã “02”")
    page.get_by_label("Mật khẩu ban đầu", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu ban đầu").fill(NEW_PASSWORD)
    page.get_by_label("Mã đơn vị").fill("08.SNV")
    page.get_by_role("button", name="Tạo tài khoản").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("canbo.snv")
    expect(page.locator("#grants")).to_contain_text("Người xem · 08.SNV Sở Nội vụ")
    expect(page.locator("#history")).to_contain_text("Cấp vai trò")

    page.get_by_role("button", name="qt.tuyenquang").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/")

    log_in(page, "canbo.snv", NEW_PASSWORD)
    page.get_by_role("link", name="Nhân sự").first.click()
    expect(page.locator("#result-count")).to_contain_text("2 người")
    expect(page.locator("#results")).to_contain_text("Nguyễn Văn Cừ")
    expect(page.locator("#results")).not_to_contain_text("Lê Văn Bình")
    expect(page.locator("#results")).not_to_contain_text("Vũ Văn Hải")
    # Not an administrator: no users page in the menu, and 403 at its address.
    page.get_by_role("button", name="canbo.snv").click()
    expect(page.locator("#user-menu")).not_to_contain_text("Người dùng và phân quyền")
    assert page.goto("/accounts/users/").status == 403


def test_the_pages_live_with_the_servers_own_security_headers(
    browser,
    live_server,
    province_admin,
):
    """No request is rewritten here: what the server sends is what the browser enforces."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    host = urlparse(live_server.url).netloc
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).netloc == host
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        log_in(page, "qt.tuyenquang")
        user_id = province_admin.pk
        for address in (
            "/",
            "/units/",
            "/units/08/",
            "/people/",
            "/people/TQ0001/",
            "/imports/",
            "/accounts/users/",
            "/accounts/users/new/",
            f"/accounts/users/{user_id}/",
            "/password/",
        ):
            response = page.goto(address)
            assert response.status == 200, address
            csp = response.headers["content-security-policy"]
            assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp, address
            assert response.headers["x-frame-options"] == "DENY"
            # Bootstrap's dropdowns still work (script) and its styles apply (style).
            page.get_by_role("button", name="qt.tuyenquang").click()
            expect(page.locator("#user-menu")).to_be_visible()
            assert (
                page.locator("nav.navbar").evaluate("n => getComputedStyle(n).display") == "flex"
            ), address

        # The API docs: Swagger UI from ninja's static files, under the same policy, and
        # "Try it out" calls the API with the session.
        response = page.goto("/api/v1/docs")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        operation = page.locator(".opblock-get").filter(
            has=page.locator(".opblock-summary-path[data-path='/api/v1/units']")
        )
        operation.locator(".opblock-summary").first.click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        status = page.locator(".live-responses-table tbody .response-col_status").first
        expect(status).to_have_text(re.compile(r"^\s*200"))
    finally:
        context.close()
    assert not outside, f"the pages reached outside the server: {outside}"
    assert not errors, f"JavaScript or Content-Security-Policy errors: {errors}"
