"""The account services hold a user actor to the units they administer."""

import pytest
from django.contrib.auth import get_user_model

from dtbd.accounts.models import Grant
from dtbd.accounts.services import (
    grant_add,
    grant_revoke,
    password_change,
    user_create,
    user_set_active,
)
from dtbd.audit.models import AuditEvent
from dtbd.core.errors import PermissionDenied, ValidationFailed
from tests.accounts.conftest import user_with

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-đủ-dài-2026"


@pytest.fixture
def audit_count():
    return lambda: AuditEvent.objects.count()


def test_an_admin_grants_inside_their_subtree(land, province_admin):
    user = user_with("viewer", land.snv)
    grant_add(actor=province_admin, user=user, role="manager", unit=land.dung_liet)
    assert user.grants.filter(role="manager", unit=land.dung_liet).exists()


def test_a_grant_outside_is_refused_with_nothing_written_or_audited(
    land, province_admin, audit_count
):
    user = user_with("viewer", land.snv)
    before = audit_count()
    with pytest.raises(PermissionDenied, match=r"'01\.SNV' lies outside the units you administer"):
        grant_add(actor=province_admin, user=user, role="viewer", unit=land.ha_noi_snv)
    with pytest.raises(PermissionDenied, match="only a superuser"):
        grant_add(actor=province_admin, user=user, role="admin", unit=None)
    with pytest.raises(PermissionDenied, match="person 'HN001'"):
        grant_add(actor=province_admin, user=user, role="self", person=land.hai)
    with pytest.raises(PermissionDenied):
        user_create(
            actor=province_admin, username="x", password=PASSWORD, role="viewer", unit=land.ha_noi
        )
    assert list(user.grants.values_list("unit__code", flat=True)) == ["27.SNV"]
    assert not get_user_model().objects.filter(username="x").exists()
    assert audit_count() == before


def test_an_account_outside_cannot_be_changed_even_on_an_inside_unit(land, province_admin):
    """Hà Nội's officer is Hà Nội's to manage, even if Bắc Ninh would grant on its own unit."""
    hanoi = user_with("viewer", land.ha_noi_snv)
    mixed = user_with("viewer", land.snv)
    Grant.objects.create(user=mixed, role="viewer", unit=land.ha_noi)
    for user in (hanoi, mixed):
        with pytest.raises(PermissionDenied, match="lies outside the units you administer"):
            grant_add(actor=province_admin, user=user, role="viewer", unit=land.bac_ninh)
        with pytest.raises(PermissionDenied):
            user_set_active(actor=province_admin, user=user, active=False)
        with pytest.raises(PermissionDenied):
            grant_revoke(actor=province_admin, user=user, role="viewer", unit=land.ha_noi)
    assert Grant.objects.filter(user__in=[hanoi, mixed]).count() == 3
    assert get_user_model().objects.filter(is_active=False).count() == 0


def test_a_department_admin_cannot_reach_the_province_above(land):
    dept_admin = user_with("admin", land.snv)
    province_admin = user_with("admin", land.bac_ninh)
    user = user_with("viewer", land.snv)
    with pytest.raises(PermissionDenied):
        grant_add(actor=dept_admin, user=user, role="viewer", unit=land.bac_ninh)
    with pytest.raises(PermissionDenied):
        user_set_active(actor=dept_admin, user=province_admin, active=False)
    grant_add(actor=province_admin, user=dept_admin, role="viewer", unit=land.yen_phong)


def test_the_command_line_and_superusers_administer_everything(land, admin_user):
    user = user_with("viewer", land.snv)
    grant_add(actor="dtbd user", user=user, role="viewer", unit=land.ha_noi)
    grant_add(actor=admin_user, user=user, role="manager", unit=land.ha_noi_snv)
    grant_revoke(actor=admin_user, user=user, role="viewer", unit=land.snv)
    grant_revoke(actor=admin_user, user=user, role="viewer", unit=land.ha_noi)
    grant_revoke(actor=admin_user, user=user, role="manager", unit=land.ha_noi_snv)
    assert not user.grants.exists()


def test_deactivation_is_audited_and_ones_own_account_is_kept(land, province_admin):
    user = user_with("viewer", land.snv, username="xem")
    user_set_active(actor=province_admin, user=user, active=False)
    user_set_active(actor=province_admin, user=user, active=False)  # no change, no event
    assert AuditEvent.objects.filter(subject_key="xem", event="user.deactivated").count() == 1
    with pytest.raises(ValidationFailed, match="your own account"):
        user_set_active(actor=province_admin, user=province_admin, active=False)


def test_password_change_follows_the_password_rules(land):
    user = user_with("viewer", land.snv)
    with pytest.raises(ValidationFailed):
        password_change(actor=user, user=user, password="123")
    password_change(actor=user, user=user, password=PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
