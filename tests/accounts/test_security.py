"""Security headers, CSRF, cookies and the secret key rule."""

import os
import subprocess
import sys

import pytest
from django.core.checks import run_checks
from django.test import Client

from tests.accounts.conftest import PASSWORD, user_with

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'; object-src 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name


def test_an_html_page_carries_the_security_headers(client, land):
    client.force_login(user_with("viewer", land.snv))
    response = client.get("/people/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert_headers(response)


def test_api_answers_and_errors_carry_them_too(client, land):
    client.force_login(user_with("viewer", land.snv))
    assert_headers(client.get("/api/v1/units"))
    assert_headers(Client().get("/api/v1/units"))  # 401
    assert_headers(client.get("/api/v1/no-such-thing"))  # 404


def test_the_login_page_and_the_api_docs_carry_them(client):
    assert_headers(client.get("/login/"))
    assert_headers(client.get("/api/v1/docs"))


def test_a_login_post_without_the_csrf_token_is_403(land):
    user_with("viewer", land.snv, username="canbo")
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")  # the CSRF cookie is set, but the form's token is left out
    response = client.post("/login/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_write_form_without_the_csrf_token_is_403_and_writes_nothing(land, province_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_admin)
    viewer = user_with("viewer", land.snv)
    response = client.post(f"/accounts/users/{viewer.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    viewer.refresh_from_db()
    assert viewer.is_active


def test_the_same_post_with_the_token_passes(land, province_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_admin)
    viewer = user_with("viewer", land.snv)
    page = client.get(f"/accounts/users/{viewer.pk}/")
    token = page.context["csrf_token"]
    response = client.post(
        f"/accounts/users/{viewer.pk}/active/", {"active": "0", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert not viewer.is_active


def test_the_session_cookie_is_http_only_lax_and_dies_with_the_browser(client, land):
    user_with("viewer", land.snv, username="canbo")
    client.post("/login/", {"username": "canbo", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert 0 < client.session.get_expiry_age() <= 8 * 3600
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


def _settings_in_a_fresh_process(**env) -> subprocess.CompletedProcess:
    """Import the settings with these DTBD_* variables, as a server would start."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DTBD_")}
    code = (
        "import dtbd.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )


def test_by_default_cookies_are_not_secure_and_the_development_key_is_accepted():
    """`make run`, the tests and CI need no secret and no HTTPS."""
    run = _settings_in_a_fresh_process()
    assert run.returncode == 0 and run.stdout.split() == ["False", "False", "False", "0"]


@pytest.mark.parametrize("flag", ["DTBD_HTTPS", "DTBD_SECURE_COOKIES"])
def test_https_mode_refuses_the_development_key(flag):
    run = _settings_in_a_fresh_process(**{flag: "1"})
    assert run.returncode != 0 and "set DTBD_SECRET_KEY" in run.stderr


@pytest.mark.parametrize("flag", ["DTBD_HTTPS", "DTBD_SECURE_COOKIES"])
def test_https_mode_with_a_key_secures_cookies_and_sends_hsts(flag):
    run = _settings_in_a_fresh_process(**{flag: "1", "DTBD_SECRET_KEY": "k" * 20 + "-x9Q" * 10})
    assert run.returncode == 0 and run.stdout.split() == ["True", "True", "True", "31536000"]


def test_https_mode_under_debug_keeps_the_development_key():
    run = _settings_in_a_fresh_process(DTBD_HTTPS="1", DTBD_DEBUG="1")
    assert run.returncode == 0


def test_a_check_warns_when_a_deployed_site_uses_the_development_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert "dtbd.W001" not in {m.id for m in run_checks()}
    settings.ALLOWED_HOSTS = ["dtbd.bacninh.gov.vn"]
    assert "dtbd.W001" in {m.id for m in run_checks()}
    settings.SECRET_KEY = "a-real-secret-" + "x" * 40
    assert "dtbd.W001" not in {m.id for m in run_checks()}


def test_a_csrf_refusal_explains_itself_in_vietnamese_without_inline_style(land):
    user_with("viewer", land.snv, username="canbo")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "canbo", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in html
    assert "<style" not in html and "style=" not in html
