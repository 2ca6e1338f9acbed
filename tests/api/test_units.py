import datetime as dt

import pytest

from dtbd.organisation.services import unit_update
from tests.factories import make_unit

from .conftest import session_api

pytestmark = pytest.mark.django_db
D = dt.date


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [u["code"] for u in response.json()["results"]]


def test_the_list_gives_every_unit_by_level_then_name(admin_api, province):
    """Province first, then districts in Vietnamese order (Sơn Dương before Yên Sơn)."""
    assert codes(admin_api.get("units")) == ["08.SNV", "08", "08.SD", "08.YS", "08.YS.KP"]


def test_a_unit_in_the_list_shows_its_fields_with_open_ends_as_null(admin_api, province):
    first = next(u for u in admin_api.get("units").json()["results"] if u["code"] == "08.YS")
    assert first == {
        "code": "08.YS",
        "name": "Huyện Yên Sơn",
        "level": "district",
        "kind": "area",
        "parent_code": "08",
        "valid_from": None,
        "valid_to": None,
        "version": 1,
    }


def test_q_ignores_diacritics_and_matches_codes(admin_api, province):
    assert codes(admin_api.get("units", q="huyen yen son")) == ["08.YS"]
    assert codes(admin_api.get("units", q="SỞ NỘI VỤ")) == ["08.SNV"]
    assert codes(admin_api.get("units", q="ys.kp")) == ["08.YS.KP"]


def test_level_kind_and_parent_filter_the_list(admin_api, province):
    assert codes(admin_api.get("units", level="district")) == ["08.SD", "08.YS"]
    assert codes(admin_api.get("units", kind="state")) == ["08.SNV"]
    assert codes(admin_api.get("units", parent="08")) == ["08.SNV", "08.SD", "08.YS"]
    assert codes(admin_api.get("units", parent="08.YS")) == ["08.YS.KP"]


def test_an_unknown_filter_value_is_422_naming_the_field(admin_api, province):
    response = admin_api.get("units", level="town")
    assert response.status_code == 422
    assert response.json()["field"] == "level"
    response = admin_api.get("units", parent="NOPE")
    assert response.status_code == 422
    assert response.json()["field"] == "parent"


def test_the_list_is_paginated(admin_api, province):
    body = admin_api.get("units", page=2, page_size=2).json()
    assert body["count"] == 5 and body["page"] == 2 and body["page_size"] == 2
    assert [u["code"] for u in body["results"]] == ["08.SD", "08.YS"]
    assert admin_api.get("units", page=4, page_size=2).json()["results"] == []
    assert admin_api.get("units", page_size=500).status_code == 200


@pytest.mark.parametrize(("param", "value"), [("page_size", 501), ("page_size", 0), ("page", 0)])
def test_a_page_out_of_bounds_is_422(admin_api, province, param, value):
    response = admin_api.get("units", **{param: value})
    assert response.status_code == 422
    assert response.json()["field"] == param


def test_as_of_shows_the_tree_of_that_date(admin_api, province):
    make_unit(
        "08.NEW", name="Ban mới", level="province", parent=province.root, valid_from=D(2025, 7, 1)
    )
    assert "08.NEW" not in codes(admin_api.get("units", as_of="2025-06-30"))
    assert "08.NEW" in codes(admin_api.get("units", as_of="2025-07-01"))


def test_a_unit_shows_its_history_and_its_name_on_as_of(admin_api, province):
    unit_update(actor="tests", unit=province.snv, on=D(2025, 7, 1), name="Sở Nội vụ mới")
    body = admin_api.get("units/08.SNV", as_of="2025-06-30").json()
    assert body["name"] == "Sở Nội vụ" and body["parent_code"] == "08"
    assert body["version"] == 2 and body["valid_from"] is None and body["valid_to"] is None
    assert body["history"] == [
        {
            "name": "Sở Nội vụ",
            "level": "province",
            "kind": "state",
            "parent_code": "08",
            "valid_from": None,
            "valid_to": "2025-06-30",
        },
        {
            "name": "Sở Nội vụ mới",
            "level": "province",
            "kind": "state",
            "parent_code": "08",
            "valid_from": "2025-07-01",
            "valid_to": None,
        },
    ]
    assert admin_api.get("units/08.SNV", as_of="2025-07-01").json()["name"] == "Sở Nội vụ mới"


def test_a_viewer_sees_only_the_subtree_of_their_unit(viewer_ys, province):
    api = session_api(viewer_ys)
    assert codes(api.get("units")) == ["08.YS", "08.YS.KP"]
    assert api.get("units/08.YS.KP").status_code == 200


def test_a_unit_outside_the_callers_tree_is_the_same_404_as_a_missing_one(viewer_ys, province):
    api = session_api(viewer_ys)
    outside, missing = api.get("units/08.SD"), api.get("units/NO.SUCH")
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content
    assert outside.json() == {
        "code": "not_found",
        "message": "no unit with this code in your units",
        "field": None,
    }


def test_a_parent_filter_outside_the_tree_reads_like_an_unknown_one(viewer_ys, province):
    api = session_api(viewer_ys)
    outside, missing = api.get("units", parent="08.SD"), api.get("units", parent="08.XX")
    assert outside.status_code == missing.status_code == 422
    assert outside.json()["code"] == missing.json()["code"] == "unknown_unit"
