import datetime as dt

import pytest

from dtbd.accounts.models import Grant
from dtbd.core.errors import NotFound
from dtbd.people.selectors import PeopleFilter, people_list, person_get
from tests.factories import UserFactory, make_person, make_unit

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2026, 1, 1)


@pytest.fixture
def province():
    root = make_unit("08", name="Tỉnh Tuyên Quang", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", parent=root)
    commune = make_unit("02269", name="Xã Thượng Lâm", level="commune", kind="area", parent=root)
    people = {
        "cu": make_person(
            snv, full_name="Nguyễn Văn Cừ", qualifications={"professional": "master"}
        ),
        "dao": make_person(commune, full_name="Đặng Thị Đào", gender="female", category="cadre"),
        "anh": make_person(
            snv,
            full_name="Lê Thị Ánh",
            gender="female",
            leadership="head",
            qualifications={"professional": "university"},
        ),
        "an": make_person(commune, full_name="Trần Văn An"),
    }
    return root, snv, commune, people


def names(qs) -> list[str]:
    return [post.person.full_name for post in qs]


def test_search_ignores_diacritics_and_d_bar(province, admin_user):
    assert names(people_list(actor=admin_user, filters=PeopleFilter(on=ON, q="nguyen van cu"))) == [
        "Nguyễn Văn Cừ"
    ]
    assert names(people_list(actor=admin_user, filters=PeopleFilter(on=ON, q="dao"))) == [
        "Đặng Thị Đào"
    ]


def test_people_come_in_vietnamese_given_name_order(province, admin_user):
    assert names(people_list(actor=admin_user, filters=PeopleFilter(on=ON))) == [
        "Trần Văn An",
        "Lê Thị Ánh",
        "Nguyễn Văn Cừ",
        "Đặng Thị Đào",
    ]


def test_filters_narrow_by_subtree_level_category_and_qualification(province, admin_user):
    _root, snv, _commune, _ = province
    f = PeopleFilter
    assert names(people_list(actor=admin_user, filters=f(on=ON, unit_id=snv.pk))) == [
        "Lê Thị Ánh",
        "Nguyễn Văn Cừ",
    ]
    assert names(people_list(actor=admin_user, filters=f(on=ON, level="commune"))) == [
        "Trần Văn An",
        "Đặng Thị Đào",
    ]
    assert names(people_list(actor=admin_user, filters=f(on=ON, category="cadre"))) == [
        "Đặng Thị Đào"
    ]
    assert names(people_list(actor=admin_user, filters=f(on=ON, leadership="head"))) == [
        "Lê Thị Ánh"
    ]
    masters = f(on=ON, dimension="professional", at_least="master")
    assert names(people_list(actor=admin_user, filters=masters)) == ["Nguyễn Văn Cừ"]
    graduates = f(on=ON, dimension="professional", at_least="university")
    assert names(people_list(actor=admin_user, filters=graduates)) == [
        "Lê Thị Ánh",
        "Nguyễn Văn Cừ",
    ]


def test_a_viewer_sees_only_their_subtree_and_others_are_not_found(province):
    _root, _snv, commune, people = province
    viewer = UserFactory()
    Grant.objects.create(user=viewer, role="viewer", unit=commune)
    assert names(people_list(actor=viewer, filters=PeopleFilter(on=ON))) == [
        "Trần Văn An",
        "Đặng Thị Đào",
    ]
    assert person_get(actor=viewer, code=people["dao"].code) == people["dao"]
    with pytest.raises(NotFound) as hidden:
        person_get(actor=viewer, code=people["cu"].code)
    with pytest.raises(NotFound) as missing:
        person_get(actor=viewer, code="NO-SUCH-PERSON")
    assert type(hidden.value) is type(missing.value)


def test_a_user_without_grants_sees_nobody(province):
    assert names(people_list(actor=UserFactory(), filters=PeopleFilter(on=ON))) == []
