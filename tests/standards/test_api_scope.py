"""The API and pages of standards: who may read and write what, and the error codes."""

import datetime as dt
import json

import pytest
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.standards.models import Campaign, Need
from dtbd.standards.services import campaign_open
from tests.factories import UserFactory

from .conftest import ACTOR, ON

pytestmark = pytest.mark.django_db


def _user(role: str | None, unit=None, person=None):
    user = UserFactory()
    user.save()
    if role:
        Grant.objects.create(user=user, role=role, unit=unit, person=person)
    return user


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client, path, body):
    return client.post("/api/v1/standards" + path, data=json.dumps(body),
                       content_type="application/json")  # fmt: skip


@pytest.fixture
def province_manager(world):
    return _user("manager", world.root)


@pytest.fixture
def snv_manager(world):
    return _user("manager", world.snv)


def test_without_credentials_401(world):
    assert Client().get("/api/v1/standards").status_code == 401
    assert Client().get("/api/v1/standards/gaps").status_code == 401


def test_everyone_signed_in_reads_standards(world, snv_manager):
    response = _client(snv_manager).get("/api/v1/standards")
    assert response.status_code == 200
    names = {s["name"] for s in response.json()}
    assert names == {"Chuyên viên chính", "Chuyên viên", "Chủ tịch xã"}
    cvc = next(s for s in response.json() if s["code"] == "01.002")
    assert {r["program_category"] for r in cvc["versions"][0]["requirements"]} == {
        "professional", "political_theory_intermediate", "state_management_principal"}  # fmt: skip


def test_only_province_roles_edit_standards(world, snv_manager, province_manager):
    body = {"kind": "position", "code": "VTVL-01", "name": "Văn thư"}
    denied = _post(_client(snv_manager), "", body)
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    created = _post(_client(province_manager), "", body)
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    bad = _post(
        _client(province_manager),
        f"/{sid}/versions",
        {"valid_from": "2024-01-01", "document": "QĐ 1", "requirements": {"it": "expert"}},
    )
    assert bad.status_code == 422 and "'expert' is not a level of it" in bad.json()["message"]
    stale = _post(_client(province_manager), f"/{sid}/versions",
                  {"valid_from": "2024-01-01", "document": "QĐ 1",
                   "requirements": {"it": "basic"}, "version": 99})  # fmt: skip
    assert stale.status_code == 409
    ok = _post(
        _client(province_manager),
        f"/{sid}/versions",
        {"valid_from": "2024-01-01", "document": "QĐ 1", "requirements": {"it": "basic"}},
    )
    assert ok.status_code == 201
    assert _client(province_manager).get("/api/v1/standards/999999").status_code == 404


def test_a_manager_of_one_unit_cannot_see_anothers_gaps(world, snv_manager):
    client = _client(snv_manager)
    own = client.get("/api/v1/standards/gaps", {"unit": "08.SNV", "as_of": str(ON)}).json()
    assert (own["people"], own["standardised"]) == (2, 1)
    other = client.get("/api/v1/standards/gaps", {"unit": "08.SGD", "as_of": str(ON)})
    assert other.status_code == 404
    missing = client.get("/api/v1/standards/gaps", {"unit": "NOPE", "as_of": str(ON)})
    assert other.json()["code"] == missing.json()["code"] == "not_found"
    # Without a unit: only what the manager may see.
    mine = client.get("/api/v1/standards/gaps", {"as_of": str(ON)}).json()
    assert mine["people"] == 2
    people = client.get("/api/v1/standards/gaps/people", {"as_of": str(ON)}).json()
    assert [p["person_code"] for p in people["results"]] == ["binh"]
    assert client.get("/api/v1/standards/people/dung").status_code == 404
    assert client.get("/api/v1/standards/people/binh", {"as_of": str(ON)}).status_code == 200
    page = client.get("/standards/gaps/", {"unit": "08.SGD"})
    assert page.status_code == 404
    report = client.get("/api/v1/reports/standard-gaps", {"unit": "08.SGD"})
    assert report.status_code == 404


def test_person_gaps_api(world, province_manager):
    data = _client(province_manager).get("/api/v1/standards/people/binh", {"as_of": str(ON)}).json()
    assert not data["standardised"]
    assert sorted((g["dimension"], g["held"], g["program_category"]) for g in data["gaps"]) == [
        ("political_theory", "basic", "political_theory_intermediate"),
        ("state_management", "none", "state_management_principal"),
    ]


def test_report_json_from_the_command_line(world, capsys):
    from django.core.management import call_command

    call_command("report", "standard-gaps", "--unit", "08", "--as-of", str(ON), "--by", "unit")
    data = json.loads(capsys.readouterr().out)
    assert data["report"] == "standard-gaps"
    assert {r["unit"]: (r["people"], r["standardised"], r["percent"]) for r in data["rows"]} == {
        "08.SNV": (2, 1, 50.0), "08.SGD": (2, 1, 50.0), "X1": (3, 2, 66.67)}  # fmt: skip


def test_needs_registration_is_scoped(world, snv_manager):
    campaign = campaign_open(actor=ACTOR, unit=world.root, year=2024, title="KS 2024",
                             opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2024, 12, 31))  # fmt: skip
    client = _client(snv_manager)
    path = f"/surveys/{campaign.pk}/needs"
    ok = _post(client, path, {"unit_code": "08.SNV", "program_category": "it", "people_count": 2})
    assert ok.status_code == 201, ok.content
    named = _post(client, path, {"unit_code": "08.SNV",
                                 "program_category": "political_theory_intermediate",
                                 "person_codes": ["binh"], "priority": 1})  # fmt: skip
    assert named.status_code == 201 and named.json()["people_count"] == 1
    foreign = _post(client, path, {"unit_code": "08.SGD", "program_category": "it",
                                   "people_count": 2})  # fmt: skip
    assert foreign.status_code == 404
    stranger = _post(client, path, {"unit_code": "08.SNV", "program_category": "it",
                                    "person_codes": ["dung"]})  # fmt: skip
    assert stranger.status_code == 404
    bad = _post(client, path, {"unit_code": "08.SNV", "program_category": "it"})
    assert bad.status_code == 422 and "number of people" in bad.json()["message"]
    viewer = _client(_user("viewer", world.snv))
    assert _post(viewer, path, {"unit_code": "08.SNV", "program_category": "it",
                                "people_count": 1}).status_code == 403  # fmt: skip
    assert Need.objects.count() == 2
    listed = client.get(f"/api/v1/standards/surveys/{campaign.pk}/needs").json()
    assert {n["program_category"] for n in listed} == {"it", "political_theory_intermediate"}
    assert Campaign.objects.count() == 1
