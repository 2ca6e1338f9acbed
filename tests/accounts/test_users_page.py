"""The users and grants page: an administrator manages the accounts of their own units only."""

import pytest
from django.contrib.auth import get_user_model

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from tests.accounts.conftest import user_with
from tests.web.markup import text_of

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "mật-khẩu-ban-đầu-2026"


def create(client, **fields):
    data = {
        "username": "canbo.snv",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "role": "manager",
        "unit": "27.SNV",
        "person": "",
        **fields,
    }
    return client.post("/accounts/users/new/", data)


def grants_of(username):
    return sorted(Grant.objects.filter(user__username=username).values_list("role", "unit__code"))


def test_a_province_admin_creates_a_user_with_a_role_inside_the_province(province_client):
    response = create(province_client)
    user = User.objects.get(username="canbo.snv")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.check_password(NEW_PASSWORD) and user.is_active and not user.is_superuser
    assert grants_of("canbo.snv") == [("manager", "27.SNV")]
    events = AuditEvent.objects.filter(subject_key="canbo.snv").order_by("id")
    assert [(e.event, e.actor_label) for e in events] == [
        ("user.created", "qt.bacninh"),
        ("grant.added", "qt.bacninh"),
    ]
    page = province_client.get(response["Location"])
    assert "Sở Nội vụ" in text_of(page.content.decode(), "grants")


def test_a_grant_outside_the_province_is_refused_and_nothing_is_written(province_client, land):
    """Even a hand-made POST: the unit is looked up only among the administered ones."""
    events = AuditEvent.objects.count()
    response = create(province_client, unit="01.SNV")
    assert response.status_code == 400
    assert "Không có đơn vị mã “01.SNV” trong các đơn vị bạn quản trị" in response.content.decode()
    assert not User.objects.filter(username="canbo.snv").exists()
    assert AuditEvent.objects.count() == events

    own = user_with("viewer", land.snv, username="xem.snv")
    response = province_client.post(
        f"/accounts/users/{own.pk}/grants/", {"role": "manager", "unit": "01", "person": ""}
    )
    assert response.status_code == 400
    assert grants_of("xem.snv") == [("viewer", "27.SNV")]
    assert AuditEvent.objects.count() == events


def test_an_unknown_unit_and_one_outside_get_the_same_answer(province_client):
    outside = create(province_client, unit="01.SNV").context["form"].errors["unit"]
    unknown = create(province_client, unit="99.XYZ").context["form"].errors["unit"]
    assert [e.replace("01.SNV", "X") for e in outside] == [
        e.replace("99.XYZ", "X") for e in unknown
    ]


def test_only_a_superuser_may_create_an_administrator_of_everything(
    province_client, admin_user, client
):
    refused = create(province_client, username="sieuquantri", role="admin", unit="")
    assert refused.status_code == 400 and not User.objects.filter(username="sieuquantri").exists()
    client.force_login(admin_user)
    made = create(client, username="sieuquantri", role="admin", unit="")
    assert made.status_code == 302 and User.objects.get(username="sieuquantri").is_superuser


def test_the_list_shows_only_the_accounts_of_the_admins_units(province_client, land, admin_user):
    user_with("viewer", land.dung_liet, username="xa.dungliet")
    user_with("manager", land.ha_noi_snv, username="hanoi.snv")
    both = user_with("viewer", land.snv, username="hai.noi")
    Grant.objects.create(user=both, role="viewer", unit=land.ha_noi)
    user_with("self", person=land.dung, username="dung")
    user_with("self", person=land.hai, username="hai")
    response = province_client.get("/accounts/users/")
    assert response.status_code == 200
    listed = [u.username for u in response.context["page"].object_list]
    # Not Hà Nội's, not the one with a grant in Hà Nội too, not the superuser.
    assert listed == ["dung", "qt.bacninh", "xa.dungliet"]
    table = text_of(response.content.decode(), "users")
    assert "Xã Dũng Liệt" in table and "Hà Nội" not in table


def test_an_account_outside_the_admins_units_is_a_404_on_every_address(
    province_client, land, admin_user
):
    hanoi = user_with("manager", land.ha_noi_snv, username="hanoi.snv")
    missing = max(User.objects.values_list("pk", flat=True)) + 1
    for pk in (hanoi.pk, admin_user.pk, missing):
        assert province_client.get(f"/accounts/users/{pk}/").status_code == 404
        assert (
            province_client.post(
                f"/accounts/users/{pk}/grants/", {"role": "viewer", "unit": "27"}
            ).status_code
            == 404
        )
        assert (
            province_client.post(f"/accounts/users/{pk}/active/", {"active": "0"}).status_code
            == 404
        )
    grant = hanoi.grants.get()
    assert (
        province_client.post(f"/accounts/users/{hanoi.pk}/grants/{grant.pk}/revoke/").status_code
        == 404
    )
    assert (
        grants_of("hanoi.snv") == [("manager", "01.SNV")]
        and User.objects.get(pk=hanoi.pk).is_active
    )


def test_grant_then_revoke_a_role(province_client, land):
    user = user_with("viewer", land.snv, username="xem.snv")
    response = province_client.post(
        f"/accounts/users/{user.pk}/grants/", {"role": "manager", "unit": "256", "person": ""}
    )
    assert response.status_code == 302
    assert grants_of("xem.snv") == [("manager", "256"), ("viewer", "27.SNV")]
    viewer = user.grants.get(role="viewer")
    response = province_client.post(f"/accounts/users/{user.pk}/grants/{viewer.pk}/revoke/")
    assert response.status_code == 302
    assert grants_of("xem.snv") == [("manager", "256")]
    assert list(
        AuditEvent.objects.filter(subject_key="xem.snv")
        .order_by("id")
        .values_list("event", flat=True)
    ) == ["grant.added", "grant.revoked"]


def test_the_last_role_cannot_be_revoked_by_a_unit_admin(province_client, land):
    """The account would leave the admin's sight; deactivating it is the way."""
    user = user_with("viewer", land.snv, username="xem.snv")
    grant = user.grants.get()
    response = province_client.post(
        f"/accounts/users/{user.pk}/grants/{grant.pk}/revoke/", follow=True
    )
    assert "Đây là vai trò cuối cùng của tài khoản" in response.content.decode()
    assert grants_of("xem.snv") == [("viewer", "27.SNV")]


def test_a_self_role_on_a_person_of_the_province_only(province_client, land):
    response = create(province_client, username="dung", role="self", unit="", person="BN002")
    assert response.status_code == 302
    assert list(
        Grant.objects.filter(user__username="dung").values_list("role", "person__code")
    ) == [("self", "BN002")]
    refused = create(province_client, username="hai", role="self", unit="", person="HN001")
    assert refused.status_code == 400 and "person" in refused.context["form"].errors
    assert not User.objects.filter(username="hai").exists()


def test_deactivate_and_reactivate_an_account(province_client, land, client):
    user = user_with("viewer", land.snv, username="xem.snv")
    assert (
        province_client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}).status_code
        == 302
    )
    user.refresh_from_db()
    assert not user.is_active
    assert not client.login(username="xem.snv", password="pw-user-123")
    province_client.post(f"/accounts/users/{user.pk}/active/", {"active": "1"})
    user.refresh_from_db()
    assert user.is_active
    assert list(
        AuditEvent.objects.filter(subject_key="xem.snv")
        .order_by("id")
        .values_list("event", flat=True)
    ) == ["user.deactivated", "user.reactivated"]


def test_an_admin_cannot_deactivate_their_own_account(province_client, province_admin):
    response = province_client.post(
        f"/accounts/users/{province_admin.pk}/active/", {"active": "0"}, follow=True
    )
    assert "Bạn không thể vô hiệu hóa tài khoản của chính mình" in response.content.decode()
    province_admin.refresh_from_db()
    assert province_admin.is_active


@pytest.mark.parametrize("role", ["viewer", "manager", "institution", "self"])
def test_anyone_but_an_administrator_gets_403(client, land, role):
    user = user_with(role, person=land.cu) if role == "self" else user_with(role, land.bac_ninh)
    client.force_login(user)
    for address in ("/accounts/users/", "/accounts/users/new/", f"/accounts/users/{user.pk}/"):
        assert client.get(address).status_code == 403
    other = user_with("viewer", land.snv)
    grant = other.grants.get()
    writes = {
        "/accounts/users/new/": {"username": "x", "role": "viewer", "unit": "27"},
        f"/accounts/users/{other.pk}/grants/": {"role": "manager", "unit": "27"},
        f"/accounts/users/{other.pk}/grants/{grant.pk}/revoke/": {},
        f"/accounts/users/{other.pk}/active/": {"active": "0"},
    }
    for address, data in writes.items():
        assert client.post(address, data).status_code == 403, address
    other.refresh_from_db()
    assert other.is_active and list(other.grants.values_list("role", flat=True)) == ["viewer"]
    home = client.get("/").content.decode()
    assert "/accounts/users/" not in home and "/password/" in home


def test_the_user_menu_links_the_users_page_for_administrators(province_client):
    menu = text_of(province_client.get("/").content.decode(), "user-menu")
    assert "Người dùng và phân quyền" in menu and "Đổi mật khẩu" in menu


def test_anonymous_visitors_are_sent_to_log_in(client, land):
    user = user_with("viewer", land.snv)
    for response in (
        client.get("/accounts/users/"),
        client.get("/password/"),
        client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    user.refresh_from_db()
    assert user.is_active


def test_the_list_does_not_query_per_account(province_client, land, django_assert_max_num_queries):
    for i in range(30):
        user_with("viewer", land.snv if i % 2 else land.dung_liet, username=f"u{i:02d}")
    # session, user, the admin's grants (once for the page and the menu), count, one page,
    # its grants, and the navbar's write check
    with django_assert_max_num_queries(7):
        response = province_client.get("/accounts/users/")
    assert response.context["page"].paginator.count == 31


def test_the_list_searches_by_user_name_and_htmx_gets_only_the_results(province_client, land):
    user_with("viewer", land.snv, username="nguyen.an")
    user_with("viewer", land.snv, username="tran.binh")
    found = province_client.get("/accounts/users/?q=NGUYEN")
    assert [u.username for u in found.context["page"].object_list] == ["nguyen.an"]
    partial = province_client.get(
        "/accounts/users/?q=binh", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="results">') and "<nav" not in html
    assert "tran.binh" in html and "nguyen.an" not in html
