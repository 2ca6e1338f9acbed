import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtbd.audit.models import AuditEvent
from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set
from tests.factories import make_person

from .conftest import session_api

pytestmark = pytest.mark.django_db
D = dt.date


def people(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["person_code"] for p in response.json()["results"]]


def test_the_list_is_in_vietnamese_name_order(admin_api, province):
    """By given name: An, Bình, Cừ, Đào (đ after d)."""
    assert people(admin_api.get("people")) == ["P-AN", "P-BINH", "P-CU", "P-DAO"]


def test_a_list_row_shows_the_person_and_their_post(admin_api, province):
    row = admin_api.get("people", q="P-DAO").json()["results"][0]
    assert row == {
        "person_code": "P-DAO",
        "full_name": "Trần Thị Đào",
        "birth_date": "1985-06-15",
        "gender": "female",
        "unit_code": "08.YS.KP",
        "unit_name": "Xã Kim Phú",
        "category": "cadre",
        "leadership": "head",
        "rank_code": "",
        "position_code": "",
        "version": 1,
    }


def test_search_ignores_diacritics_and_case(admin_api, province):
    assert people(admin_api.get("people", q="tran thi dao")) == ["P-DAO"]
    assert people(admin_api.get("people", q="NGUYEN VAN CU")) == ["P-CU"]
    assert people(admin_api.get("people", q="Đào")) == ["P-DAO"]


def test_filters_narrow_the_list(admin_api, province):
    assert people(admin_api.get("people", unit="08.YS")) == ["P-CU", "P-DAO"]
    assert people(admin_api.get("people", level="commune")) == ["P-DAO"]
    assert people(admin_api.get("people", category="cadre")) == ["P-DAO"]
    assert people(admin_api.get("people", leadership="head")) == ["P-DAO"]
    held = admin_api.get("people", dimension="political_theory", at_least="intermediate")
    assert people(held) == ["P-AN", "P-CU"]


def test_a_bad_filter_is_422_naming_the_field(admin_api, province):
    response = admin_api.get("people", dimension="professional", at_least="phd")
    assert (response.status_code, response.json()["field"]) == (422, "at_least")
    response = admin_api.get("people", at_least="master")
    assert (response.status_code, response.json()["field"]) == (422, "dimension")
    response = admin_api.get("people", category="boss")
    assert (response.status_code, response.json()["field"]) == (422, "category")
    response = admin_api.get("people", as_of="31/12/2024x")
    assert (response.status_code, response.json()["field"]) == (422, "as_of")


def test_as_of_lists_who_was_in_post_then(admin_api, province):
    make_person(province.sd, code="P-NEW", full_name="Hoàng Văn Em", on=D(2025, 1, 1))
    assert "P-NEW" not in people(admin_api.get("people", as_of="2024-12-31"))
    assert "P-NEW" in people(admin_api.get("people", as_of="2025-01-01"))


def test_the_list_is_paginated(admin_api, province):
    body = admin_api.get("people", page=2, page_size=3).json()
    assert (body["count"], body["page"], body["page_size"]) == (4, 2, 3)
    assert [p["person_code"] for p in body["results"]] == ["P-DAO"]
    assert admin_api.get("people", page_size=501).json()["field"] == "page_size"


def test_a_longer_page_costs_no_more_queries(admin_api, province):
    for i in range(6):
        make_person(province.sd, code=f"P-X{i}", full_name=f"Vũ Văn Tư {'abcdef'[i]}")

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert len(admin_api.get("people", page_size=page_size).json()["results"]) == (
                page_size
            )
        return len(ctx.captured_queries)

    assert queries(2) == queries(10)


def test_a_viewer_lists_only_people_in_their_subtree(viewer_ys, province):
    assert people(session_api(viewer_ys).get("people")) == ["P-CU", "P-DAO"]


def test_a_person_shows_the_post_and_levels_held_on_as_of_and_the_history(admin_api, province):
    post_set(
        actor="tests",
        person=province.cu,
        on=D(2024, 7, 1),
        post=PostFacts(unit_id=province.kp.pk, category="cadre", leadership="deputy"),
    )
    body = admin_api.get("people/P-CU", as_of="2024-06-30").json()
    assert body["person_code"] == "P-CU" and body["full_name"] == "Nguyễn Văn Cừ"
    assert body["birth_date"] == "1985-06-15" and body["gender"] == "male"
    assert body["as_of"] == "2024-06-30" and body["version"] == 1
    assert body["post"] == {
        "unit_code": "08.YS",
        "unit_name": "Huyện Yên Sơn",
        "category": "civil_servant",
        "leadership": "none",
        "rank_code": "",
        "position_code": "",
        "valid_from": "2020-01-01",
        "valid_to": "2024-06-30",
    }
    assert body["held"] == {
        "professional": "university",
        "political_theory": "intermediate",
        "state_management": "none",
        "defense_security": "none",
        "foreign_language": "none",
        "it": "none",
    }
    assert [(p["unit_code"], p["valid_to"]) for p in body["posts"]] == [
        ("08.YS.KP", None),
        ("08.YS", "2024-06-30"),
    ]
    assert {(q["dimension"], q["level"], q["valid_from"]) for q in body["qualifications"]} == {
        ("professional", "university", "2020-01-01"),
        ("political_theory", "intermediate", "2020-01-01"),
    }
    later = admin_api.get("people/P-CU", as_of="2024-07-01").json()["post"]
    assert (later["unit_code"], later["leadership"]) == ("08.YS.KP", "deputy")


def test_reading_a_person_is_audited(admin_api, admin_user, province):
    admin_api.get("people/P-CU")
    event = AuditEvent.objects.get(event="person.viewed")
    assert (event.subject_key, event.actor) == ("P-CU", admin_user)


def test_a_person_outside_the_callers_units_is_the_same_404_as_a_missing_one(viewer_ys, province):
    api = session_api(viewer_ys)
    assert api.get("people/P-DAO").status_code == 200
    outside, missing = api.get("people/P-BINH"), api.get("people/P-NOBODY")
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content
    assert outside.json()["code"] == "not_found" and outside.json()["field"] is None
    assert not AuditEvent.objects.filter(event="person.viewed", subject_key="P-BINH").exists()
