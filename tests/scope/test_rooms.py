"""Focused tests of what the sweep found in the rooms, and of the public certificate check."""

import importlib
import inspect

import pytest
from django.test import Client
from ninja import Schema

from dtbd.training.models import Certificate, Enrolment, Quota, Session

from . import rooms
from .conftest import B_PERSON_CODE, B_PERSON_NAME, B_UNIT_CODE, B_UNIT_NAME, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(world):
    a, b = rooms.build(world)
    return world, a, b


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_certificate_verification_shows_only_the_holder_and_the_programme(built):
    world, _a, b = built
    certificate = Certificate.objects.get(pk=b.codes["certificate"])
    page = Client().get(f"/training/verify/{certificate.token}/")  # no login: public
    assert page.status_code == 200
    text = page.content.decode()
    assert B_PERSON_NAME in text and "Lớp Tỉnh" in text and certificate.number in text
    person = world.pb
    for secret in (
        B_PERSON_CODE,
        B_UNIT_NAME,
        B_UNIT_CODE + ".",  # the register in the number is the organiser's (R), not B's
        person.birth_date.strftime("%d/%m/%Y"),
        "8.00",  # the score
        "12/QĐ-UBND",  # the sending decision
    ):
        assert secret not in text, secret
    by_number = Client().get("/training/verify/", {"number": certificate.number})
    assert B_PERSON_NAME in by_number.content.decode()
    unknown = Client().get("/training/verify/not-a-token/").content.decode()
    assert B_PERSON_NAME not in unknown and 'id="verdict"' in unknown


def test_readers_of_a_class_are_refused_its_management_with_403(built):
    world, a, _b = built
    viewer = _client(user_with(("viewer", world.a)))
    code = a.codes["course"]
    before = (Session.objects.count(), Quota.objects.count(), Enrolment.objects.count())
    for path, data in (
        (f"/training/{code}/sessions/", {"date": "2024-03-05", "topic": "X", "periods": "4"}),
        (f"/training/{code}/quotas/", {"unit": "R.A", "places": "3"}),
        (f"/training/{code}/budget/", {"item": "lecturers", "planned_vnd": "1000"}),
        (f"/training/{code}/enrolments/{a.codes['enrolment']}/", {"action": "withdraw"}),
    ):
        assert viewer.post(path, data).status_code == 403, path
    session = a.codes["session"]
    for path in (
        f"/training/{code}/results/",
        f"/training/{code}/sessions/{session}/attendance/",
        f"/training/{code}/sessions/{session}/sign-in.pdf",
    ):
        assert viewer.get(path).status_code == 403, path
    assert viewer.get(f"/training/{code}/").status_code == 200  # reading stays open
    assert (Session.objects.count(), Quota.objects.count(), Enrolment.objects.count()) == before


def test_the_institution_running_a_class_still_manages_its_learners(built):
    world, a, _b = built
    institution = _client(user_with(("institution", world.a)))
    page = institution.get(f"/training/{a.codes['course']}/results/")
    assert page.status_code == 200


def test_training_api_treats_units_outside_the_scope_as_unknown(built):
    world, a, _b = built
    manager = _client(user_with(("manager", world.a)))

    def answer(**query):
        response = manager.get("/api/v1/courses", query)
        return response.status_code, response.json().get("code")

    assert answer(organizer_unit="R.A")[0] == 200
    assert (
        answer(organizer_unit=B_UNIT_CODE)
        == answer(organizer_unit="R.Q")
        == (
            422,
            "unknown_unit",
        )
    )
    enrolments = manager.get("/api/v1/enrolments", {"sending_unit": B_UNIT_CODE})
    assert enrolments.status_code == 422 and enrolments.json()["field"] == "sending_unit"

    def nominate(unit_code):
        body = {
            "course_code": a.codes["open_course"],
            "person_code": world.pa.code,
            "sending_unit_code": unit_code,
        }
        response = manager.post("/api/v1/enrolments", body, content_type="application/json")
        return response.status_code, response.json()["message"].replace(unit_code, "…")

    assert nominate(B_UNIT_CODE) == nominate("R.Q")
    assert nominate(B_UNIT_CODE)[0] == 422


def test_filing_a_report_is_refused_to_readers_before_the_form_is_read(built):
    world, _a, _b = built
    viewer = _client(user_with(("viewer", world.a)))
    assert viewer.post("/reports/bm02/submit/", {"unit": "R.A"}).status_code == 403
    assert viewer.post("/reports/bm02/submit/", {}).status_code == 403


def test_api_schema_names_are_unique_across_rooms():
    """Ninja names a body or answer in the OpenAPI document by its class name: two rooms'
    classes of the same name (ApproveIn, PostOut) made one document the other's."""
    seen: dict[str, str] = {}
    for app in ("organisation", "people", "standards", "training", "plans", "careers", "reports"):
        module = importlib.import_module(f"dtbd.{app}.api")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                assert name not in seen, f"{name} in {seen.get(name)} and {module.__name__}"
                seen[name] = module.__name__
