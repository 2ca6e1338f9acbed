"""Logging in and out, and the overview page."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/people/")


def test_login_page_is_vietnamese_and_logs_in(client, admin_user):
    page = client.get("/login/")
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    response = client.post("/login/", {"username": "admin", "password": "pw-admin-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, admin_user):
    response = client.post("/login/", {"username": "admin", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(admin_client):
    response = admin_client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert admin_client.get("/").status_code == 302


def test_home_counts_units_and_people_in_post_today_by_level(admin_client, people):
    response = admin_client.get("/")
    assert response.status_code == 200
    rows = dict(((level, (u, p)) for level, u, p in response.context["rows"]))
    # Today: 27, 27.SNV, 01, 01.SNV at province level and the successor commune; the district
    # and its commune ceased at the 2025 merger.
    assert rows == {"central": (0, 0), "province": (4, 6), "district": (0, 0), "commune": (1, 1)}
    assert response.context["unit_total"] == 5 and response.context["people_total"] == 7
    html = response.content.decode()
    assert "Tỉnh" in html and "Xã" in html
    for link in ('href="/units/"', 'href="/people/"', 'href="/imports/"'):
        assert link in html


def test_home_counts_only_the_units_a_grant_reaches(client, people, province):
    from tests.web.conftest import user_with_grant

    client.force_login(user_with_grant("viewer", province.ha_noi))
    response = client.get("/")
    assert response.context["unit_total"] == 2
    assert response.context["people_total"] == 1
    # A viewer may not import, so the page does not offer it.
    assert 'href="/imports/"' not in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/units/", "/people/", "/audit/"])
def test_read_only_pages_refuse_a_post(admin_client, path):
    """A form posted to a page that only shows (a stale bookmark, a script) is not
    answered as if it were a GET."""
    assert admin_client.post(path, {"q": "x"}).status_code == 405
    assert admin_client.get(path).status_code == 200


def test_every_rooms_audit_events_have_a_vietnamese_label():
    """The audit log names events in the reader's language, the rooms' own included."""
    from django.utils import translation

    from dtbd.audit.labels import event_label, event_labels

    labels = event_labels()
    for event in ("plan.approved", "certificate.issued", "rotation.ended", "survey.opened"):
        assert event in labels
    with translation.override("vi"):
        assert event_label("plan.approved") == "Phê duyệt kế hoạch"
        assert event_label("enrolment.nominated") == "Cử đi học"
        assert event_label("no.such_event") == "no.such_event"
