import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def add(monkeypatch, *args, password="mật-khẩu-đủ-dài-2026"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("user", "add", *args, stdout=out)
    return out.getvalue()


def test_add_a_manager_on_a_unit_reads_the_password_from_stdin(monkeypatch):
    make_unit("08.SNV")
    assert (
        add(monkeypatch, "canbo", "--role", "manager", "--unit", "08.SNV").strip()
        == "created user canbo (manager on 08.SNV)"
    )
    user = get_user_model().objects.get(username="canbo")
    assert user.check_password("mật-khẩu-đủ-dài-2026") and not user.is_superuser
    assert list(Grant.objects.values_list("role", "unit__code")) == [("manager", "08.SNV")]
    assert AuditEvent.objects.filter(event="grant.added", subject_key="canbo").exists()


def test_admin_without_a_unit_administers_everything(monkeypatch):
    add(monkeypatch, "quantri", "--role", "admin")
    assert get_user_model().objects.get(username="quantri").is_superuser


def test_a_weak_password_or_a_missing_unit_is_refused_and_nothing_is_created(monkeypatch):
    make_unit("08.SNV")
    with pytest.raises(CommandError, match=r"too short|too common"):
        add(monkeypatch, "a", "--role", "viewer", "--unit", "08.SNV", password="123")
    with pytest.raises(CommandError, match="granted on a unit"):
        add(monkeypatch, "b", "--role", "viewer")
    with pytest.raises(CommandError, match="unknown unit 'NOPE'"):
        add(monkeypatch, "c", "--role", "viewer", "--unit", "NOPE")
    assert not get_user_model().objects.exists()


def test_grant_and_revoke(monkeypatch):
    make_unit("08.SNV")
    make_unit("08.STC")
    add(monkeypatch, "canbo", "--role", "viewer", "--unit", "08.SNV")
    call_command(
        "user", "grant", "canbo", "--role", "manager", "--unit", "08.STC", stdout=io.StringIO()
    )
    call_command(
        "user", "revoke", "canbo", "--role", "viewer", "--unit", "08.SNV", stdout=io.StringIO()
    )
    assert list(Grant.objects.values_list("role", "unit__code")) == [("manager", "08.STC")]
    with pytest.raises(CommandError, match="holds no 'viewer' grant"):
        call_command("user", "revoke", "canbo", "--role", "viewer", "--unit", "08.SNV")
