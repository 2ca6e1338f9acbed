"""Login throttling: a user name or an address that keeps failing is locked for a while."""

import pytest

from dtbd.accounts import throttle
from dtbd.accounts.services import UNKNOWN_NAME
from dtbd.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, user_with

pytestmark = pytest.mark.django_db
WRONG = "not-the-password"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand: clock.now += 60."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(throttle, "_now", lambda: Clock.now)
    return Clock


@pytest.fixture
def user(land):
    return user_with("viewer", land.snv, username="canbo")


def attempt(client, username="canbo", password=WRONG, address="203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def refused_for_throttling(response) -> bool:
    return (
        response.status_code == 200 and "Đăng nhập sai quá nhiều lần" in response.content.decode()
    )


def test_five_failures_lock_the_name_even_with_the_right_password(client, user, clock):
    for _ in range(4):
        response = attempt(client)
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    # The fifth failure locks, and says so.
    assert refused_for_throttling(attempt(client))
    clock.now += 60
    locked = attempt(client, password=PASSWORD)
    assert (
        refused_for_throttling(locked) and "khóa đăng nhập thêm 14 phút" in locked.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_the_lock_expires_after_the_lockout(client, user, clock):
    for _ in range(5):
        attempt(client)
    clock.now += 899
    assert refused_for_throttling(attempt(client, password=PASSWORD))
    clock.now += 2
    assert logged_in(attempt(client, password=PASSWORD))


def test_failures_outside_the_window_do_not_add_up(client, user, clock):
    for _ in range(4):
        attempt(client)
    clock.now += 901
    for _ in range(4):
        attempt(client)
    assert logged_in(attempt(client, password=PASSWORD))


def test_a_successful_login_resets_the_names_count(client, user, clock):
    for _ in range(4):
        attempt(client)
    assert logged_in(attempt(client, password=PASSWORD))
    client.logout()
    for _ in range(4):
        attempt(client)
    assert logged_in(attempt(client, password=PASSWORD))


def test_the_name_is_locked_from_every_address_and_whatever_its_case(client, user, clock):
    for i in range(5):
        attempt(client, address=f"198.51.100.{i}")
    assert refused_for_throttling(attempt(client, username="CanBo", address="192.0.2.1"))


def test_twenty_failures_from_one_address_lock_it_for_every_name(client, user, clock):
    for i in range(20):
        attempt(client, username=f"guess{i}")
    assert refused_for_throttling(attempt(client, password=PASSWORD))
    # The same account from another address is not locked.
    assert logged_in(attempt(client, password=PASSWORD, address="192.0.2.44"))


def test_limits_come_from_the_settings(client, user, clock, settings):
    settings.DTBD_LOGIN_MAX_FAILURES = 2
    settings.DTBD_LOGIN_LOCKOUT = 60
    attempt(client)
    assert refused_for_throttling(attempt(client))
    clock.now += 61
    assert logged_in(attempt(client, password=PASSWORD))


def test_failures_and_refusals_are_in_the_audit_log_without_the_password(client, user, clock):
    for _ in range(5):
        attempt(client)
    attempt(client, password=PASSWORD)
    attempt(client, password=PASSWORD)  # within the minute: not logged again
    events = list(
        AuditEvent.objects.filter(event__startswith="login.")
        .order_by("id")
        .values_list("event", "subject_key", "data")
    )
    assert [e[0] for e in events] == ["login.failed"] * 5 + ["login.throttled"]
    assert events[0][2] == {"address": "203.0.113.7"}
    assert events[4][2] == {"address": "203.0.113.7", "locked": "username"}
    assert events[5][1:] == ("canbo", {"address": "203.0.113.7", "reason": "username"})
    stored = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert WRONG not in stored and PASSWORD not in stored


def test_an_unknown_name_counts_and_is_logged_without_the_name(client, land, clock):
    """A name no account has may be a password typed in the wrong field: not kept."""
    for _ in range(5):
        attempt(client, username="Mk-bi-mat-2026")
    assert refused_for_throttling(attempt(client, username="Mk-bi-mat-2026"))
    events = AuditEvent.objects.filter(event__startswith="login.")
    assert events.filter(event="login.failed", subject_key=UNKNOWN_NAME).count() == 5
    assert events.filter(event="login.throttled", subject_key=UNKNOWN_NAME).count() == 1
    assert "Mk-bi-mat-2026" not in str(list(events.values_list("subject_key", "data")))


def test_behind_a_proxy_the_address_is_the_one_it_appended(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert throttle.client_address(request) == "10.0.0.2"  # no proxy trusted: the peer
    settings.DTBD_PROXY_COUNT = 1
    assert throttle.client_address(request) == "203.0.113.9"  # not what the client claimed
    settings.DTBD_PROXY_COUNT = 3  # fewer entries than proxies: the peer, not a guess
    assert throttle.client_address(request) == "10.0.0.2"


def test_the_admin_sites_login_shares_the_lock(client, user, clock, admin_user):
    """The admin site is a second door; guessing there counts, and a lock holds there too."""
    for _ in range(5):
        client.post(
            "/admin/login/", {"username": "admin", "password": WRONG}, REMOTE_ADDR="192.0.2.9"
        )
    response = client.post(
        "/admin/login/", {"username": "admin", "password": "pw-admin-123"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="login.failed", subject_key="admin").count() == 5
    assert refused_for_throttling(attempt(client, username="admin", password="pw-admin-123"))
