"""The career timeline: the end of a rotation with its outcome, and every look at it logged
like a look at the person's record."""

import datetime as dt

import pytest
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from dtbd.careers.models import PoolCandidate
from dtbd.careers.pool import pool_post_add, pool_term_create
from dtbd.careers.rotations import rotation_create, rotation_end
from tests.api.conftest import session_api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _user(role, unit):
    user = UserFactory()
    Grant.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def rotated(province, dept, other_dept, staff):
    term = pool_term_create(
        actor="tests", code="QH", name="QH", unit_id=province.pk,
        start=D(2025, 1, 1), end=D(2030, 12, 31),
    )  # fmt: skip
    post = pool_post_add(actor="tests", term=term, unit_id=dept.pk, leadership="head", title="GĐ")
    PoolCandidate.objects.create(
        post=post, person=staff[0], status="approved", decision_no="1-QĐ", decided_on=D(2025, 2, 1)
    )
    rotation = rotation_create(
        actor="tests",
        person=staff[0],
        to_unit_id=other_dept.pk,
        to_leadership="none",
        direction="between_bodies",
        decision_no="101-QĐ/TU",
        decision_date=D(2025, 12, 20),
        start=D(2026, 1, 1),
    )
    rotation_end(
        actor="tests",
        rotation=rotation,
        ended_on=D(2027, 6, 30),
        outcome="returned",
        note="Hoàn thành nhiệm vụ",
    )
    return staff[0]


def test_the_timeline_shows_the_end_of_a_rotation_with_its_outcome(rotated, dept):
    client = Client()
    client.force_login(_user("viewer", dept))
    page = client.get(f"/careers/people/{rotated.code}/").content.decode()
    start = page.index('data-kind="rotation_end"')
    item = page[start : page.index("</li>", start)]
    assert "Kết thúc luân chuyển" in item and "Trở về vị trí công tác cũ" in item
    assert "30/06/2027" in item and "Hoàn thành nhiệm vụ" in item
    events = session_api(_user("viewer", dept)).get(f"careers/people/{rotated.code}/timeline")
    ended = [e for e in events.json() if e["kind"] == "rotation_end"]
    assert ended == [
        {
            "on": "2027-06-30",
            "kind": "rotation_end",
            "title": "Trở về vị trí công tác cũ",
            "detail": "101-QĐ/TU · T08.SNV → T08.STC · Hoàn thành nhiệm vụ",
        }
    ]


def test_viewing_a_career_timeline_is_audited_once_per_page(staff, dept, other_dept):
    user = _user("viewer", dept)
    client = Client()
    client.force_login(user)
    assert client.get(f"/careers/people/{staff[0].code}/").status_code == 200
    event = AuditEvent.objects.get(event="person.viewed")
    assert (event.actor, event.subject_type, event.subject_key) == (user, "person", "NV00")
    assert event.data == {"via": "web", "page": "careers.timeline"}
    assert client.head(f"/careers/people/{staff[0].code}/").status_code == 200
    assert AuditEvent.objects.filter(event="person.viewed").count() == 1  # HEAD shows nothing
    session_api(user).get(f"careers/people/{staff[0].code}/timeline")
    api_event = AuditEvent.objects.filter(event="person.viewed").latest("pk")
    assert api_event.data == {"via": "api", "page": "careers.timeline"}
    # A person out of scope is 404 and nothing is logged.
    outsider = Client()
    outsider.force_login(_user("viewer", other_dept))
    assert outsider.get(f"/careers/people/{staff[0].code}/").status_code == 404
    assert AuditEvent.objects.filter(event="person.viewed").count() == 2
