import datetime as dt

import pytest

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from dtbd.people.models import Person
from dtbd.people.selectors import person_current

from .conftest import NEW_PERSON as NEW
from .conftest import session_api, user_with

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_manager_creates_a_person_in_their_subtree(manager_ys, province):
    response = session_api(manager_ys).post("people", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person_code"] == "P-NEW" and body["full_name"] == "Hoàng Thị Em"
    assert body["party_member"] is True and body["national_id"] == "008190000123"
    assert body["post"]["unit_code"] == "08.YS.KP" and body["post"]["leadership"] == "deputy"
    assert body["post"]["valid_from"] == "2024-01-01"
    assert body["held"]["professional"] == "university" and body["held"]["it"] == "basic"
    assert body["held"]["political_theory"] == "none"
    assert AuditEvent.objects.filter(event="person.created", subject_key="P-NEW").exists()


def test_a_viewer_may_not_create(viewer_ys, province):
    response = session_api(viewer_ys).post("people", NEW)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Person.objects.filter(code="P-NEW").exists()


def test_a_manager_may_not_create_in_a_unit_they_can_see_but_not_change(province):
    user = user_with("manager", province.kp)
    Grant.objects.create(user=user, role="viewer", unit=province.ys)
    response = session_api(user).post("people", {**NEW, "unit_code": "08.YS"})
    assert response.status_code == 403
    assert session_api(user).post("people", NEW).status_code == 201


def test_a_unit_outside_the_callers_tree_reads_like_an_unknown_one(manager_ys, province):
    api = session_api(manager_ys)
    outside = api.post("people", {**NEW, "unit_code": "08.SD"})
    missing = api.post("people", {**NEW, "unit_code": "08.XX"})
    assert outside.status_code == missing.status_code == 422
    assert outside.json()["field"] == missing.json()["field"] == "unit_code"
    assert outside.json()["code"] == missing.json()["code"] == "unknown_unit"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"gender": "other"}, "gender"),
        ({"birth_date": "1990-02-30"}, "birth_date"),
        ({"professional": "phd"}, "professional"),
        ({"national_id": "12"}, "national_id"),
        ({"person_code": "P-CU"}, "person_code"),
        ({"full_name": "   "}, "full_name"),
    ],
)
def test_invalid_input_is_422_naming_the_field(admin_api, province, change, field):
    response = admin_api.post("people", {**NEW, **change})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert not Person.objects.filter(code="P-NEW").exists() or field == "person_code"


def test_a_missing_required_field_is_422_naming_it(admin_api, province):
    body = {k: v for k, v in NEW.items() if k != "full_name"}
    response = admin_api.post("people", body)
    assert (response.status_code, response.json()["field"]) == (422, "full_name")


def test_a_body_that_is_not_json_is_422(admin_api, province):
    response = admin_api.client.post(
        "/api/v1/people", data="{not json", content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_a_manager_changes_a_persons_fields(manager_ys, province):
    response = session_api(manager_ys).patch("people/P-CU", {"full_name": "Nguyễn Văn Cường"})
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Nguyễn Văn Cường"
    assert response.json()["version"] == 2
    assert Person.objects.get(code="P-CU").search_name == "nguyen van cuong"
    assert AuditEvent.objects.filter(event="person.updated", subject_key="P-CU").exists()


def test_a_viewer_may_not_patch(viewer_ys, province):
    response = session_api(viewer_ys).patch("people/P-CU", {"full_name": "Ai Đó"})
    assert response.status_code == 403
    assert Person.objects.get(code="P-CU").full_name == "Nguyễn Văn Cừ"


def test_patching_someone_outside_the_callers_units_is_the_same_404_as_a_missing_one(
    manager_ys, province
):
    api = session_api(manager_ys)
    outside = api.patch("people/P-BINH", {"full_name": "Ai Đó"})
    missing = api.patch("people/P-NOBODY", {"full_name": "Ai Đó"})
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content
    assert Person.objects.get(code="P-BINH").full_name == "Lê Văn Bình"


def test_post_and_levels_change_from_as_of_keeping_the_history(manager_ys, province):
    response = session_api(manager_ys).patch(
        "people/P-CU",
        {
            "unit_code": "08.YS.KP",
            "leadership": "head",
            "political_theory": "advanced",
            "as_of": "2025-01-01",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [
        (p["unit_code"], p["category"], p["leadership"], p["valid_to"]) for p in body["posts"]
    ] == [
        ("08.YS.KP", "civil_servant", "head", None),
        ("08.YS", "civil_servant", "none", "2024-12-31"),
    ]
    assert body["held"]["political_theory"] == "advanced" and body["version"] == 2
    person = Person.objects.get(code="P-CU")
    assert person_current(person=person, on=D(2024, 12, 31))["political_theory"] == "intermediate"


def test_a_level_sent_as_null_ends_what_was_held(admin_api, province):
    body = admin_api.patch("people/P-CU", {"political_theory": None}).json()
    assert body["held"]["political_theory"] == "none"


def test_a_patch_is_one_transaction(manager_ys, province):
    """The name is written first, then the post fails on an unknown rank: nothing stays."""
    response = session_api(manager_ys).patch(
        "people/P-CU", {"full_name": "Nguyễn Văn Cường", "rank_code": "99.999"}
    )
    assert (response.status_code, response.json()["field"]) == (422, "rank_code")
    person = Person.objects.get(code="P-CU")
    assert (person.full_name, person.version) == ("Nguyễn Văn Cừ", 1)
    assert not AuditEvent.objects.filter(event="person.updated").exists()


def test_an_invalid_code_is_422_naming_the_field(manager_ys, province):
    response = session_api(manager_ys).patch("people/P-CU", {"it": "expert"})
    assert (response.status_code, response.json()["field"]) == (422, "it")


def test_moving_someone_to_a_unit_the_caller_cannot_change_is_refused(manager_ys, province):
    response = session_api(manager_ys).patch("people/P-CU", {"unit_code": "08.SD"})
    assert (response.status_code, response.json()["field"]) == (422, "unit_code")
    assert province.cu.posts.get().unit_id == province.ys.pk


def test_required_fields_cannot_be_emptied(admin_api, province):
    response = admin_api.patch("people/P-CU", {"gender": None})
    assert (response.status_code, response.json()["field"]) == (422, "gender")


@pytest.mark.parametrize("how", ["if_match", "version"])
def test_an_edit_based_on_an_old_version_is_409_and_changes_nothing(admin_api, province, how):
    def patch(body, version):
        if how == "if_match":
            return admin_api.patch("people/P-CU", body, headers={"If-Match": f'"{version}"'})
        return admin_api.patch("people/P-CU", {**body, "version": version})

    seen = admin_api.get("people/P-CU").json()["version"]
    first = patch({"ethnicity": "Tày", "unit_code": "08.YS.KP"}, seen)
    assert first.status_code == 200 and first.json()["version"] == seen + 1
    second = patch({"ethnicity": "Dao", "category": "cadre"}, seen)
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    person = Person.objects.get(code="P-CU")
    assert person.ethnicity == "Tày" and person.version == seen + 1
    assert person.posts.get(valid_to=dt.date(9999, 12, 31)).category == "civil_servant"


def test_a_post_change_alone_makes_older_edits_stale(admin_api, province):
    """The version covers the dated post too, not only the person's own fields."""
    first = admin_api.patch("people/P-CU", {"leadership": "deputy", "version": 1})
    assert first.json()["version"] == 2
    assert admin_api.patch("people/P-CU", {"ethnicity": "Kinh", "version": 1}).status_code == 409


def test_a_patch_without_a_version_applies(admin_api, province):
    admin_api.patch("people/P-CU", {"ethnicity": "Tày"})
    response = admin_api.patch("people/P-CU", {"ethnicity": "Dao"})
    assert response.status_code == 200 and response.json()["ethnicity"] == "Dao"


def test_an_if_match_that_is_not_a_version_is_422(admin_api, province):
    response = admin_api.patch("people/P-CU", {"ethnicity": "Tày"}, headers={"If-Match": "abc"})
    assert (response.status_code, response.json()["field"]) == (422, "If-Match")


def test_a_patch_that_changes_nothing_keeps_the_version(admin_api, province):
    response = admin_api.patch("people/P-CU", {"full_name": "Nguyễn Văn Cừ", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 1


def test_the_etag_of_a_read_is_the_if_match_of_the_next_edit(admin_api, province):
    etag = admin_api.get("people/P-CU")["ETag"]
    assert etag == '"1"'
    edited = admin_api.patch("people/P-CU", {"ethnicity": "Tày"}, headers={"If-Match": etag})
    assert edited.status_code == 200 and edited["ETag"] == '"2"'
    stale = admin_api.patch("people/P-CU", {"ethnicity": "Dao"}, headers={"If-Match": etag})
    assert stale.status_code == 409
