"""The person page logs each look at the record; the edit page writes through person_edit,
refuses stale versions, and is only for those who may write the person."""

import datetime as dt
import re

import pytest
from django.test import Client

from dtbd.audit.models import AuditEvent
from dtbd.people.models import Person
from dtbd.people.services import person_update
from tests.factories import ACTOR
from tests.web.markup import text_of

from .conftest import D, user_with

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def views_of(person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event="person.viewed", subject_key=person.code))


# --- the personal-data log ------------------------------------------------------------------


def test_each_page_view_logs_exactly_one_read_with_the_actor(world):
    viewer = user_with(("viewer", world.a))
    client = signed_in(viewer)
    assert client.get("/people/PA-1001/").status_code == 200
    (event,) = views_of(world.pa)
    assert event.actor == viewer and event.subject_type == "person"
    assert event.data == {"via": "web"}
    client.get("/people/PA-1001/")
    assert len(views_of(world.pa)) == 2


def test_no_read_is_logged_for_partial_requests_heads_refusals_or_other_records(world):
    client = signed_in(user_with(("viewer", world.a)))
    assert client.get("/people/PA-1001/", headers={"HX-Request": "true"}).status_code == 200
    assert client.head("/people/PA-1001/").status_code == 200
    assert client.post("/people/PA-1001/").status_code == 405
    assert client.get("/people/PB-9931/").status_code == 404
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(event="person.viewed").count() == 0


def test_reads_are_logged_but_not_shown_as_changes(world):
    client = signed_in(user_with(("viewer", world.a)))
    client.get("/people/PA-1001/")
    history = text_of(client.get("/people/PA-1001/").content.decode(), "audit")
    assert "Tạo hồ sơ" in history
    assert "Xem hồ sơ" not in history


# --- the edit page --------------------------------------------------------------------------


def form_data(client, code: str, **changes) -> dict:
    """The edit form as the page fills it, with `changes` typed over it."""
    response = client.get(f"/people/{code}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif value is None:
            value = "unknown" if name == "party_member" else ""
        elif value is True or value is False:
            value = "true" if value else "false"
        data[name] = value
    data.update(changes)
    return data


def test_the_person_page_links_to_the_edit_page_for_those_who_may_write(world):
    link = 'href="/people/PA-1001/edit/"'
    assert (
        link in signed_in(user_with(("manager", world.a))).get("/people/PA-1001/").content.decode()
    )
    assert link in signed_in(user_with(("admin", world.a))).get("/people/PA-1001/").content.decode()
    viewer_page = signed_in(user_with(("viewer", world.a))).get("/people/PA-1001/")
    assert link not in viewer_page.content.decode()


def test_a_manager_edits_the_person_and_the_change_is_audited(world):
    manager = user_with(("manager", world.a))
    client = signed_in(manager)
    data = form_data(client, "PA-1001", ethnicity="Tày", national_id="001085000123")
    response = client.post("/people/PA-1001/edit/", data)
    assert response.status_code == 302 and response["Location"] == "/people/PA-1001/"
    person = Person.objects.get(code="PA-1001")
    assert (person.ethnicity, person.national_id, person.version) == ("Tày", "001085000123", 2)
    event = AuditEvent.objects.get(event="person.updated", subject_key="PA-1001")
    assert event.actor == manager
    assert event.data == {"ethnicity": ["", "Tày"], "national_id": [None, "001085000123"]}
    # Only what was changed was written: the post and the levels are untouched.
    assert not AuditEvent.objects.filter(
        actor=manager, event__in=["person.post_set", "person.qualification_set"]
    ).exists()
    page = client.get("/people/PA-1001/").content.decode()
    assert "Đã lưu các thay đổi." in page
    assert "ethnicity: — → Tày" in text_of(page, "audit")


def test_post_and_levels_change_from_the_date_given_in_one_version(world):
    client = signed_in(user_with(("manager", world.a)))
    data = form_data(
        client,
        "PA-1001",
        on="2024-03-01",
        unit="R.A.1",
        leadership="deputy",
        professional="master",
    )
    assert client.post("/people/PA-1001/edit/", data).status_code == 302
    person = Person.objects.get(code="PA-1001")
    posts = list(person.posts.order_by("valid_from").values_list("unit__code", "valid_to"))
    assert posts == [("R.A", D(2024, 2, 29)), ("R.A.1", D(9999, 12, 31))]
    assert person.posts.get(unit__code="R.A.1").leadership == "deputy"
    level = person.qualifications.get(dimension="professional", valid_from=D(2024, 3, 1))
    assert level.level == "master"
    assert person.version == 2  # one edit, one version, however many periods it wrote


def test_a_stale_edit_says_who_changed_the_record_and_overwrites_nothing(world):
    manager = user_with(("manager", world.a), username="can-bo-a")
    client = signed_in(manager)
    data = form_data(client, "PA-1001", ethnicity="Tày", professional="doctorate")
    colleague = user_with(("manager", world.a), username="dong-nghiep")
    person_update(actor=colleague, person=world.pa, expected_version=1, ethnicity="Nùng")
    before = AuditEvent.objects.exclude(event="person.viewed").count()
    response = client.post("/people/PA-1001/edit/", data)
    assert response.status_code == 409
    stale = text_of(response.content.decode(), "stale")
    assert re.search(
        r"Hồ sơ này đã được dong-nghiep thay đổi lúc \d\d:\d\d \d\d/\d\d/\d{4}; hãy tải lại", stale
    ), stale
    person = Person.objects.get(code="PA-1001")
    assert (person.ethnicity, person.version) == ("Nùng", 2)
    assert not person.qualifications.filter(level="doctorate").exists()
    assert AuditEvent.objects.exclude(event="person.viewed").count() == before
    # What the editor typed is still on the page, to copy after reloading.
    assert 'value="Tày"' in response.content.decode()


def test_an_api_edit_from_the_version_the_web_replaced_is_409(world):
    """The web edit raises the version the API's optimistic check compares against."""
    manager = user_with(("manager", world.a))
    client = signed_in(manager)
    assert client.post("/people/PA-1001/edit/", form_data(client, "PA-1001", ethnicity="Tày"))
    response = client.patch(
        "/api/v1/people/PA-1001",
        data='{"ethnicity": "Nùng"}',
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    assert Person.objects.get(code="PA-1001").ethnicity == "Tày"


def test_nothing_changed_keeps_the_version(world):
    client = signed_in(user_with(("manager", world.a)))
    response = client.post("/people/PA-1001/edit/", form_data(client, "PA-1001"), follow=True)
    assert "Không có gì thay đổi." in response.content.decode()
    assert Person.objects.get(code="PA-1001").version == 1


@pytest.mark.parametrize("role", ["viewer", "institution", "self"])
def test_those_who_may_not_write_get_403_or_404_and_change_nothing(world, role):
    user = (
        user_with(("self", None), person=world.pa) if role == "self" else user_with((role, world.a))
    )
    client = signed_in(user)
    expected = 404 if role == "institution" else 403  # institutions do not see people at all
    assert client.get("/people/PA-1001/edit/").status_code == expected
    response = client.post("/people/PA-1001/edit/", {"version": 1, "full_name": "X Y"})
    assert response.status_code == expected
    assert Person.objects.get(code="PA-1001").version == 1


def test_a_person_outside_the_scope_is_the_same_404_as_a_missing_one(world):
    client = signed_in(user_with(("manager", world.a)))
    outside = client.get("/people/PB-9931/edit/")
    missing = client.get("/people/PQ-0000/edit/")
    assert outside.status_code == missing.status_code == 404
    assert "Trần Thị Xuyến" not in outside.content.decode()
    assert client.post("/people/PB-9931/edit/", {}).status_code == 404


def test_a_manager_cannot_move_someone_to_a_unit_outside_their_units(world):
    client = signed_in(user_with(("manager", world.a), ("viewer", world.b)))
    response = client.post("/people/PA-1001/edit/", form_data(client, "PA-1001", unit="R.B"))
    assert response.status_code == 403
    assert "Bạn không được thay đổi hồ sơ của đơn vị này." in response.content.decode()
    unknown = client.post("/people/PA-1001/edit/", form_data(client, "PA-1001", unit="R.Q"))
    assert unknown.status_code == 400
    assert "Không có đơn vị nào mang mã này." in unknown.content.decode()
    assert Person.objects.get(code="PA-1001").posts.get().unit == world.a


def test_invalid_input_is_shown_on_its_field_and_writes_nothing(world):
    client = signed_in(user_with(("manager", world.a)))
    response = client.post(
        "/people/PA-1001/edit/", form_data(client, "PA-1001", national_id="12", full_name="")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"national_id", "full_name"}
    assert Person.objects.get(code="PA-1001").version == 1
    service_refusal = client.post(
        "/people/PA-1001/edit/", form_data(client, "PA-1001", birth_date="2030-01-01")
    )
    assert service_refusal.status_code == 400
    assert "birth_date" in service_refusal.context["form"].errors


def test_a_change_by_the_command_line_reads_as_its_label(world):
    client = signed_in(user_with(("manager", world.a)))
    data = form_data(client, "PA-1001", ethnicity="Tày")
    person_update(actor=ACTOR, person=world.pa, ethnicity="Nùng")
    response = client.post("/people/PA-1001/edit/", data)
    assert response.status_code == 409
    assert "đã được tests thay đổi" in text_of(response.content.decode(), "stale")
