"""Chromium through Playwright against pytest-django's live server.

The browser tests are skipped when /usr/bin/chromium is missing, unless DTBD_REQUIRE_BROWSER=1
(CI), where a missing browser is a failure. Every request to another host is refused, so a
page that reached for a CDN would break here, and every page is served under a strict
Content-Security-Policy, so an inline script or style would show up as an error.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# What production may send one day; the pages must already live with it.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("DTBD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DTBD_REQUIRE_BROWSER=1 but {CHROMIUM} is missing", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (set DTBD_REQUIRE_BROWSER=1 to make this a failure)")


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1400, "height": 900}
    )
    host = urlparse(live_server.url).netloc
    outside: list[str] = []

    def only_the_live_server(route):
        request = route.request
        if urlparse(request.url).netloc != host:
            outside.append(request.url)
            route.abort()
        elif request.resource_type == "document" and request.method == "GET":
            # (Only GETs: Playwright cannot replay a multipart upload's body.)
            response = route.fetch(max_redirects=0)
            headers = {**response.headers, "content-security-policy": STRICT_CSP}
            route.fulfill(response=response, headers=headers)
        else:
            route.continue_()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not outside, f"the pages reached outside the server: {outside}"
    assert not errors, f"JavaScript or Content-Security-Policy errors: {errors}"


@pytest.fixture
def officer(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("canbo", "canbo@example.vn", "mat-khau-123")


def log_in(page, username: str = "canbo", password: str = "mat-khau-123") -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
