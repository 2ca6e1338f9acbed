"""Changing one's own password: the old one is asked for, the rules apply, it is audited."""

import pytest

from dtbd.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, user_with

pytestmark = pytest.mark.django_db
NEW = "mật-khẩu-mới-2026"


@pytest.fixture
def officer(client, land):
    user = user_with("viewer", land.snv, username="canbo")
    client.post("/login/", {"username": "canbo", "password": PASSWORD})
    return user


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        "/password/",
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_the_page_asks_for_the_old_password_and_twice_the_new(client, officer):
    page = client.get("/password/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in html


def test_a_change_keeps_the_user_logged_in_and_is_audited_without_the_password(client, officer):
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/"
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    home = client.get("/")  # the session survived the new hash; the message shows once
    assert home.status_code == 200 and "Mật khẩu của bạn đã được đổi" in home.content.decode()
    event = AuditEvent.objects.get(event="user.password_changed")
    assert (event.subject_key, event.actor_label) == ("canbo", "canbo")
    assert NEW not in str(event.data) and PASSWORD not in str(event.data)


def test_the_new_password_works_and_the_old_one_no_longer(client, officer):
    change(client)
    client.logout()
    assert not client.login(username="canbo", password=PASSWORD)
    assert client.login(username="canbo", password=NEW)


@pytest.mark.parametrize(
    ("old", "new", "again", "field"),
    [
        ("wrong-old-password", NEW, None, "old_password"),
        (PASSWORD, NEW, NEW + "x", "new_password2"),
        (PASSWORD, "12345678", None, "new_password2"),
    ],
)
def test_a_wrong_old_password_a_mismatch_or_a_weak_one_changes_nothing(
    client, officer, old, new, again, field
):
    response = change(client, old, new, again)
    assert response.status_code == 200 and field in response.context["form"].errors
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(event="user.password_changed").exists()


def test_other_sessions_of_the_user_end_with_the_change(client, officer, land):
    from django.test import Client

    other = Client()
    other.post("/login/", {"username": "canbo", "password": PASSWORD})
    assert other.get("/").status_code == 200
    change(client)
    assert other.get("/").status_code == 302  # back to the login page
