"""The audit log search: filters, pages, what each admin may see, and 403 for the rest."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from dtbd.accounts.services import grant_add, user_create
from dtbd.audit.models import AuditEvent
from dtbd.people.services import person_update
from tests.factories import ACTOR
from tests.web.markup import text_of

from .conftest import B_PERSON_CODE, B_UNIT_CODE, user_with

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def subjects(response) -> set[str]:
    return {event.subject_key for event, _, _ in response.context["rows"]}


def keys(response) -> set[tuple[str, str]]:
    return {(e.subject_type, e.subject_key) for e, _, _ in response.context["rows"]}


@pytest.fixture
def accounts(world):
    """An admin of A; accounts inside A, straddling A and B, and in B, made through the
    audited services (so each has a user.created event)."""
    admin = user_with(("admin", world.a), username="quan-tri-a")
    inside = user_create(
        actor=ACTOR, username="xem-a1", password="mat-khau-dai-123", role="viewer", unit=world.a1
    )
    straddling = user_create(
        actor=ACTOR, username="hai-noi", password="mat-khau-dai-123", role="viewer", unit=world.a
    )
    grant_add(actor=ACTOR, user=straddling, role="viewer", unit=world.b)
    in_b = user_create(
        actor=ACTOR, username="quan-ly-b", password="mat-khau-dai-123", role="manager", unit=world.b
    )
    return admin, inside, straddling, in_b


def test_a_superuser_sees_every_event(world, accounts, admin_user):
    response = signed_in(admin_user).get("/audit/")
    assert response.status_code == 200
    seen = subjects(response)
    assert {"PA-1001", B_PERSON_CODE, B_UNIT_CODE, "R", "xem-a1", "quan-ly-b"} <= seen
    assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_an_admin_sees_only_events_about_their_subtree_and_their_accounts(world, accounts):
    admin, inside, _, in_b = accounts
    export = AuditEvent.objects.create(
        event="export.people", subject_type="file", subject_key="a.csv", actor=inside
    )
    AuditEvent.objects.create(
        event="export.people", subject_type="file", subject_key="b.csv", actor=in_b
    )
    response = signed_in(admin).get("/audit/")
    assert response.status_code == 200
    seen = keys(response)
    assert {
        ("person", "PA-1001"),
        ("person", "PA-1002"),
        ("unit", "R.A"),
        ("unit", "R.A.1"),
    } <= seen
    assert {("user", "xem-a1"), ("file", export.subject_key)} <= seen
    for hidden in [
        ("person", B_PERSON_CODE),
        ("unit", B_UNIT_CODE),
        ("unit", "R"),
        ("user", "hai-noi"),  # one of its grants lies outside A
        ("user", "quan-ly-b"),
        ("file", "b.csv"),
    ]:
        assert hidden not in seen, hidden
    html = response.content.decode()
    assert B_PERSON_CODE not in html and "Trần Thị Xuyến" not in html


@pytest.mark.parametrize("role", ["manager", "viewer", "institution"])
def test_everyone_else_is_refused(world, role):
    assert signed_in(user_with((role, world.a))).get("/audit/").status_code == 403
    assert signed_in(user_with()).get("/audit/").status_code == 403
    assert signed_in(user_with(("self", None), person=world.pa)).get("/audit/").status_code == 403
    anonymous = Client().get("/audit/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_filters_by_event_subject_and_actor(world, accounts, admin_user):
    admin = accounts[0]
    person_update(actor=admin, person=world.pa, ethnicity="Tày")
    client = signed_in(admin_user)
    by_event = client.get("/audit/", {"event": "person.updated"})
    assert keys(by_event) == {("person", "PA-1001")}
    by_subject = client.get("/audit/", {"subject": "PA-1002"})
    assert subjects(by_subject) == {"PA-1002"}
    assert [e.event for e, _, _ in by_subject.context["rows"]] == [
        "person.post_set",
        "person.created",
    ]
    by_actor = client.get("/audit/", {"actor": "QUAN-TRI-A"})  # user names match any case
    assert [e.event for e, _, _ in by_actor.context["rows"]] == ["person.updated"]
    nothing = client.get("/audit/", {"subject": "PA-1001", "event": "grant.added"})
    assert "Không có sự kiện nào phù hợp với điều kiện lọc." in nothing.content.decode()


def test_filters_by_date_range_in_whole_local_days(world, admin_user):
    AuditEvent.objects.all().delete()
    local = timezone.get_current_timezone()

    def at(day: int, hour: int) -> None:
        when = dt.datetime(2025, 3, day, hour, 30, tzinfo=local)
        AuditEvent.objects.create(
            event="unit.updated", subject_type="unit", subject_key=f"D{day}-{hour}"
        )
        AuditEvent.objects.filter(subject_key=f"D{day}-{hour}").update(at=when)

    for day, hour in [(1, 23), (2, 0), (2, 23), (3, 0)]:
        at(day, hour)
    client = signed_in(admin_user)
    response = client.get("/audit/", {"date_from": "2025-03-02", "date_to": "2025-03-02"})
    assert subjects(response) == {"D2-0", "D2-23"}
    assert subjects(client.get("/audit/", {"date_from": "2025-03-02"})) == {
        "D2-0",
        "D2-23",
        "D3-0",
    }
    assert subjects(client.get("/audit/", {"date_to": "2025-03-01"})) == {"D1-23"}
    backwards = client.get("/audit/", {"date_from": "2025-03-03", "date_to": "2025-03-01"})
    assert "Ngày kết thúc trước ngày bắt đầu." in backwards.content.decode()
    assert subjects(backwards) == {"D3-0"}  # the wrong end is left out, the start still holds


def test_the_log_is_paginated_newest_first(world, admin_user):
    AuditEvent.objects.all().delete()
    AuditEvent.objects.bulk_create(
        AuditEvent(event="unit.updated", subject_type="unit", subject_key=f"K{i:03d}")
        for i in range(120)
    )
    client = signed_in(admin_user)
    first = client.get("/audit/")
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0][0].subject_key == "K119"
    assert "120 sự kiện" in first.content.decode()
    last = client.get("/audit/", {"page": 3})
    assert [e.subject_key for e, _, _ in last.context["rows"]][-1] == "K000"
    assert 'href="?page=2"' in first.content.decode()


def test_changes_read_before_and_after(world, admin_user):
    person_update(actor=ACTOR, person=world.pa, ethnicity="Kinh", national_id="001085000999")
    person_update(actor=ACTOR, person=world.pa, ethnicity="Tày")
    response = signed_in(admin_user).get(
        "/audit/", {"event": "person.updated", "subject": "PA-1001"}
    )
    events = text_of(response.content.decode(), "events")
    assert "Dân tộc Kinh → Tày" in events
    assert "Số định danh cá nhân — → 001085000999" in events
    assert "<del>Kinh</del> → <ins>Tày</ins>" in response.content.decode()
    created = signed_in(admin_user).get(
        "/audit/", {"event": "person.created", "subject": "PA-1001"}
    )
    assert "Họ và tên Nguyễn Văn Ánh" in text_of(created.content.decode(), "events")
    assert "Tạo hồ sơ" in text_of(created.content.decode(), "events")


def test_file_events_by_administered_accounts_only(world, accounts):
    admin, inside, _, in_b = accounts
    for user, name in [(inside, "a-file.csv"), (in_b, "b-file.csv")]:
        AuditEvent.objects.create(
            event="import.people", subject_type="file", subject_key=name, actor=user
        )
    response = signed_in(admin).get("/audit/", {"event": "import.people"})
    assert subjects(response) == {"a-file.csv"}
    assert "Nhập tệp nhân sự" in text_of(response.content.decode(), "events")


def test_the_user_menu_links_the_log_for_admins_only(world):
    link = 'href="/audit/"'
    assert link in signed_in(user_with(("admin", world.a))).get("/").content.decode()
    assert link not in signed_in(user_with(("manager", world.a))).get("/").content.decode()
