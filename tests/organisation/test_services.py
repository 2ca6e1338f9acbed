import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.organisation.ancestry import CycleError
from dtbd.organisation.models import Unit, UnitVersion
from dtbd.organisation.selectors import subtree_ids, unit_children, unit_path, versions_on
from dtbd.organisation.services import unit_succession_record, unit_update
from tests.factories import make_unit

pytestmark = pytest.mark.django_db
D = dt.date


def codes_under(unit: Unit, on: dt.date) -> set[str]:
    return set(Unit.objects.filter(pk__in=subtree_ids(unit, on)).values_list("code", flat=True))


@pytest.fixture
def merger():
    """Before 1 July 2025 district 070 sat between the province and its commune; after, the
    district ceased and a new ward sits directly under the province."""
    province = make_unit("08", name="Tỉnh Tuyên Quang", kind="area")
    district = make_unit(
        "070",
        name="Thành phố Tuyên Quang",
        level="district",
        kind="area",
        parent=province,
        valid_to=D(2025, 6, 30),
    )
    old_commune = make_unit(
        "02212",
        name="Phường Minh Xuân",
        level="commune",
        kind="area",
        parent=district,
        valid_to=D(2025, 6, 30),
    )
    ward = make_unit(
        "02215",
        name="Phường Minh Xuân",
        level="commune",
        kind="area",
        parent=province,
        valid_from=D(2025, 7, 1),
    )
    unit_succession_record(
        actor="tests", predecessor=district, successor=ward, effective_on=D(2025, 7, 1)
    )
    return province, district, old_commune, ward


def test_a_ceased_unit_is_in_the_2022_tree_and_its_successor_in_2026(merger):
    province, *_ = merger
    assert codes_under(province, D(2022, 1, 1)) == {"08", "070", "02212"}
    assert codes_under(province, D(2026, 1, 1)) == {"08", "02215"}


def test_rename_from_a_date_keeps_the_old_name_before_it():
    unit = make_unit("08.SNV", name="Sở Nội vụ")
    unit_update(actor="tests", unit=unit, on=D(2025, 3, 1), name="Sở Nội vụ tỉnh Tuyên Quang")
    assert versions_on(D(2024, 1, 1)).get(unit=unit).name == "Sở Nội vụ"
    assert versions_on(D(2025, 3, 1)).get(unit=unit).name == "Sở Nội vụ tỉnh Tuyên Quang"
    assert unit.versions.count() == 2


def test_moving_a_unit_moves_its_subtree_from_that_date_only():
    a = make_unit("A", kind="area")
    b = make_unit("B", kind="area")
    child = make_unit("C", level="district", parent=a)
    grandchild = make_unit("G", level="commune", parent=child)
    unit_update(actor="tests", unit=child, on=D(2024, 1, 1), parent=b)
    assert codes_under(a, D(2023, 12, 31)) == {"A", "C", "G"}
    assert codes_under(b, D(2024, 1, 1)) == {"B", "C", "G"}
    assert [v.unit.code for v in unit_path(unit=grandchild, on=D(2024, 1, 1))] == ["B", "C", "G"]


def test_a_unit_cannot_become_its_own_ancestor():
    a = make_unit("A", kind="area")
    b = make_unit("B", level="province", parent=a)
    with pytest.raises((CycleError, ValidationFailed)):
        unit_update(actor="tests", unit=a, on=D(2024, 1, 1), parent=b)
    assert versions_on(D(2024, 1, 1)).get(unit=a).parent is None


def test_a_lower_level_cannot_hold_a_higher_one():
    commune = make_unit("X", level="commune", kind="area")
    with pytest.raises(ValidationFailed) as error:
        make_unit("Y", level="province", parent=commune)
    assert error.value.field == "level"
    assert not Unit.objects.filter(code="Y").exists()


def test_parent_must_exist_on_the_date():
    old = make_unit("OLD", kind="area", valid_to=D(2025, 6, 30))
    with pytest.raises(ValidationFailed, match="does not exist on 01/07/2025"):
        make_unit("NEW", level="district", parent=old, valid_from=D(2025, 7, 1))


def test_an_edit_based_on_an_old_version_is_refused_and_keeps_the_first_change():
    unit = make_unit("08.SNV", name="Sở Nội vụ")
    seen = unit.version
    unit_update(
        actor="tests", unit=unit, on=D(2025, 1, 1), name="Tên thứ nhất", expected_version=seen
    )
    with pytest.raises(Conflict):
        unit_update(
            actor="tests", unit=unit, on=D(2025, 1, 1), name="Tên thứ hai", expected_version=seen
        )
    assert versions_on(D(2025, 1, 1)).get(unit=unit).name == "Tên thứ nhất"


def test_every_change_is_audited_and_a_failed_one_leaves_no_audit():
    unit = make_unit("08.SNV")
    assert AuditEvent.objects.filter(event="unit.created", subject_key="08.SNV").exists()
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed):
        unit_update(actor="tests", unit=unit, on=D(2025, 1, 1), level="nowhere")
    assert AuditEvent.objects.count() == count
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_the_tree_top_shows_roots_with_whether_they_expand(merger, admin_user):
    province, *_ = merger
    top = unit_children(actor=admin_user, parent=None, on=D(2022, 1, 1))
    assert [v.unit.code for v in top] == ["08"]
    assert top[0].has_children
    children = unit_children(actor=admin_user, parent=province, on=D(2022, 1, 1))
    assert [v.unit.code for v in children] == ["070"]
