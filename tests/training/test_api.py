"""/api/v1/courses and /api/v1/enrolments: scope, writes, versions and errors."""

import datetime as dt

import pytest

from dtbd.training.models import Course, Enrolment
from tests.api.conftest import Api, session_api

from .conftest import make_course, user_with

pytestmark = pytest.mark.django_db
D = dt.date

NEW_COURSE = {
    "course_code": "QLNN-CV-25",
    "name": "Bồi dưỡng ngạch chuyên viên",
    "program_category": "state_management_specialist",
    "organizer_unit_code": "08.BTC",
    "start_date": "2025-04-01",
    "end_date": "2025-05-30",
    "mode": "concentrated",
    "institution": "08.TCT",
    "capacity": 50,
}


@pytest.fixture
def admin_api(admin_user):
    return session_api(admin_user)


def test_without_credentials_the_answer_is_401(province, client):
    assert Api(client).get("courses").status_code == 401
    assert Api(client).get("enrolments").status_code == 401


def test_create_read_and_patch_with_versions(province, admin_api):
    response = admin_api.post("courses", NEW_COURSE)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["institution"] == "08.TCT" and body["version"] == 1 and body["status"] == "planned"
    response = admin_api.patch("courses/QLNN-CV-25", {"venue": "Hội trường 1", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = admin_api.patch(
        "courses/QLNN-CV-25", {"venue": "Hội trường 2"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    moved = admin_api.patch("courses/QLNN-CV-25", {"status": "open"})
    assert moved.json()["status"] == "open"
    assert Course.objects.get().venue == "Hội trường 1"


def test_bad_input_is_422_naming_the_field(province, admin_api):
    bad = {**NEW_COURSE, "end_date": "2025-03-01"}
    response = admin_api.post("courses", bad)
    assert response.status_code == 422 and response.json()["field"] == "end_date"
    response = admin_api.post("courses", {**NEW_COURSE, "organizer_unit_code": "NOPE"})
    assert response.status_code == 422 and response.json()["field"] == "organizer_unit_code"
    response = admin_api.post("courses", {**NEW_COURSE, "program_category": "cooking"})
    assert response.status_code == 422 and response.json()["field"] == "program_category"


def test_a_planned_class_of_another_unit_is_404_and_a_viewer_gets_403(province):
    make_course(province, code="PLANNED-1", status="planned")
    outsider = session_api(user_with("manager", province.sd))
    assert outsider.get("courses/PLANNED-1").status_code == 404
    assert outsider.get("courses").json()["count"] == 0
    viewer = session_api(user_with("viewer", province.btc))
    assert viewer.get("courses/PLANNED-1").status_code == 200
    response = viewer.patch("courses/PLANNED-1", {"venue": "x"})
    assert response.status_code == 403
    assert viewer.post("courses", NEW_COURSE).status_code == 403


def test_an_hr_officer_nominates_and_the_organiser_approves(province):
    make_course(province, code="LTC-1")
    hr = session_api(user_with("manager", province.ys))
    body = {
        "course_code": "LTC-1",
        "person_code": "P-DAO",
        "sending_unit_code": "08.YS",
        "decision_no": "45/QĐ-UBND",
        "decision_date": "2024-02-20",
    }
    response = hr.post("enrolments", body)
    assert response.status_code == 201, response.json()
    enrolment_id = response.json()["id"]
    # Bình works in Sơn Dương: not one of Yên Sơn's people.
    response = hr.post("enrolments", {**body, "person_code": "P-BINH"})
    assert response.status_code == 422 and response.json()["field"] == "person_code"
    # The HR officer may not approve; the school (institution role) may.
    assert hr.patch(f"enrolments/{enrolment_id}", {"status": "approved"}).status_code == 403
    school = session_api(user_with("institution", province.school))
    response = school.patch(f"enrolments/{enrolment_id}", {"status": "approved", "version": 1})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    stale = school.patch(f"enrolments/{enrolment_id}", {"status": "withdrawn", "version": 1})
    assert stale.status_code == 409
    # Sơn Dương's HR sees neither the enrolment nor can it read it.
    other = session_api(user_with("manager", province.sd))
    assert other.get(f"enrolments/{enrolment_id}").status_code == 404
    assert other.get("enrolments").json()["count"] == 0
    # Đào sees her own.
    own = session_api(user_with("self", person=province.dao))
    assert [e["course_code"] for e in own.get("enrolments").json()["results"]] == ["LTC-1"]
    assert Enrolment.objects.get().status == "approved"


def test_lists_filter_and_paginate(province, admin_api):
    for n in range(3):
        make_course(province, code=f"C-{n}", status="planned", program_category="it")
    make_course(province, code="D-1", status="planned")
    page = admin_api.get("courses", program_category="it", page_size=2).json()
    assert page["count"] == 3 and len(page["results"]) == 2
    assert admin_api.get("courses", q="D-1").json()["count"] == 1
