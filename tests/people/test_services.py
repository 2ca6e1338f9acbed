import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.people.models import Person, Post, Qualification
from dtbd.people.rules import PostFacts
from dtbd.people.selectors import holdings_on, person_current
from dtbd.people.services import person_update, post_set, qualification_set
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def unit():
    return make_unit("08.SNV", name="Sở Nội vụ")


def test_a_new_person_is_stored_nfc_with_search_and_sort_fields(unit):
    person = make_person(unit, full_name="Nguye\u0302\u0303n  Văn Cừ")
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Cừ"
    assert person.given_name == "Cừ"
    assert person.search_name == "nguyen van cu"
    assert bytes(person.sort_key)


def test_a_post_change_keeps_the_old_post_until_the_day_before(unit):
    other = make_unit("08.STC", name="Sở Tài chính")
    person = make_person(unit, on=D(2020, 1, 1))
    post_set(
        actor="tests",
        person=person,
        on=D(2024, 7, 1),
        post=PostFacts(unit_id=other.pk, category="civil_servant", leadership="deputy"),
    )
    posts = list(person.posts.order_by("valid_from").values_list("unit__code", "valid_to"))
    assert posts == [("08.SNV", D(2024, 6, 30)), ("08.STC", dt.date(9999, 12, 31))]


def test_a_course_only_raises_a_qualification(unit):
    person = make_person(unit, qualifications={"political_theory": "intermediate"})
    assert not qualification_set(
        actor="tests",
        person=person,
        dimension="political_theory",
        level="basic",
        on=D(2023, 1, 1),
        source="course",
        only_raise=True,
    )
    assert qualification_set(
        actor="tests",
        person=person,
        dimension="political_theory",
        level="advanced",
        on=D(2023, 1, 1),
        source="course",
        only_raise=True,
    )
    assert person_current(person=person, on=D(2022, 12, 31))["political_theory"] == "intermediate"
    assert person_current(person=person, on=D(2023, 1, 1))["political_theory"] == "advanced"
    assert Qualification.objects.get(person=person, valid_from=D(2023, 1, 1)).source == "course"


def test_who_held_what_where_on_a_date_is_one_query(unit, django_assert_num_queries):
    commune = make_unit("02269", name="Xã Thượng Lâm", level="commune", kind="area")
    a = make_person(
        unit, full_name="Lê Thị Hoa", gender="female", qualifications={"professional": "master"}
    )
    b = make_person(commune, full_name="Hoàng Văn Páo", qualifications={"professional": "college"})
    post_set(
        actor="tests",
        person=b,
        on=D(2025, 7, 1),
        post=PostFacts(unit_id=unit.pk, category="civil_servant"),
    )
    qualification_set(
        actor="tests", person=a, dimension="professional", level="doctorate", on=D(2025, 1, 1)
    )
    with django_assert_num_queries(1):
        rows = {
            r.person.code: (r.unit.code, r.unit_level, r.professional, r.it)
            for r in holdings_on(D(2024, 1, 1))
        }
    assert rows == {
        a.code: ("08.SNV", "province", "master", None),
        b.code: ("02269", "commune", "college", None),
    }
    later = {r.person.code: (r.unit.code, r.professional) for r in holdings_on(D(2026, 1, 1))}
    assert later == {a.code: ("08.SNV", "doctorate"), b.code: ("08.SNV", "college")}


def test_an_outdated_edit_gets_a_conflict_and_the_first_change_stays(unit):
    person = make_person(unit)
    seen = person.version
    person_update(actor="tests", person=person, expected_version=seen, ethnicity="Tày")
    with pytest.raises(Conflict):
        person_update(actor="tests", person=person, expected_version=seen, ethnicity="Dao")
    person.refresh_from_db()
    assert person.ethnicity == "Tày" and person.version == seen + 1


def test_updates_are_audited_with_before_and_after(unit):
    person = make_person(unit, full_name="Trần Văn Nam")
    person_update(actor="tests", person=person, full_name="Trần Văn Bắc")
    event = AuditEvent.objects.get(event="person.updated", subject_key=person.code)
    assert event.data == {"full_name": ["Trần Văn Nam", "Trần Văn Bắc"]}


def test_a_national_id_belongs_to_one_person(unit):
    make_person(unit, national_id="001085012345")
    with pytest.raises(ValidationFailed) as error:
        make_person(unit, national_id="001085012345")
    assert error.value.field == "national_id"
    assert Person.objects.count() == 1 and Post.objects.count() == 1


def test_a_post_at_a_unit_that_does_not_exist_yet_is_refused(unit):
    future = make_unit("NEW", valid_from=D(2030, 1, 1))
    person = make_person(unit)
    with pytest.raises(ValidationFailed, match="does not exist"):
        post_set(
            actor="tests",
            person=person,
            on=D(2026, 1, 1),
            post=PostFacts(unit_id=future.pk, category="civil_servant"),
        )
