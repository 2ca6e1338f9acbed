"""The policy object: each role, several grants, subtrees on a date, `self`, record rules."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from dtbd.accounts import policy
from dtbd.accounts.policy import ADMINISTER, READ, WRITE, RecordRule, policy_for
from dtbd.organisation.services import unit_update
from dtbd.people.models import Post
from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set
from tests.factories import ACTOR, make_person, make_unit

from .conftest import D, user_with

pytestmark = pytest.mark.django_db


def actions_on(scope, record, on=None) -> set[str]:
    return {action for action in (READ, WRITE, ADMINISTER) if scope.can(action, record, on=on)}


@pytest.mark.parametrize(
    ("role", "on_a", "on_person_a"),
    [
        ("admin", {READ, WRITE, ADMINISTER}, {READ, WRITE, ADMINISTER}),
        ("manager", {READ, WRITE}, {READ, WRITE}),
        ("viewer", {READ}, {READ}),
        # Institutions read their own unit (classes come with issue 5), no one's record.
        ("institution", {READ}, set()),
    ],
)
def test_a_role_on_a_holds_for_its_subtree_and_nothing_beside_it(world, role, on_a, on_person_a):
    scope = policy_for(user_with((role, world.a)))
    assert actions_on(scope, world.a) == on_a
    assert actions_on(scope, world.a1) == on_a  # the subtree
    assert actions_on(scope, world.pa) == on_person_a
    assert actions_on(scope, world.pa1) == on_person_a
    for outside in (world.b, world.root, world.pb):
        assert actions_on(scope, outside) == set(), outside


def test_self_reads_exactly_one_record(world):
    scope = policy_for(user_with(("self", None), person=world.pa))
    assert actions_on(scope, world.pa) == {READ}
    for other in (world.pa1, world.pb, world.a, world.a1, world.b):
        assert actions_on(scope, other) == set(), other
    assert list(scope.people()) == [world.pa]
    assert not scope.units().exists()
    assert scope.own_person_ids() == [world.pa.pk]


@pytest.mark.parametrize(
    "who", ["no grants", "anonymous", "none", "inactive manager", "inactive superuser"]
)
def test_without_a_usable_grant_nothing_is_allowed(world, who, django_user_model):
    actor = {
        "no grants": lambda: user_with(),
        "anonymous": AnonymousUser,
        "none": lambda: None,
        "inactive manager": lambda: user_with(("manager", world.a), is_active=False),
        "inactive superuser": lambda: user_with(is_superuser=True, is_active=False),
    }[who]()
    scope = policy_for(actor)
    for record in (world.a, world.pa, world.root):
        assert actions_on(scope, record) == set()
    assert not scope.units().exists() and not scope.people().exists()
    assert scope.limit(Post.objects.all(), unit="unit_id", owner="person_id").count() == 0
    assert not scope.anywhere(READ)


@pytest.mark.parametrize("who", ["superuser", "admin without a unit", "command line"])
def test_everything_for_superusers_unitless_admins_and_the_command_line(world, who):
    actor = {
        "superuser": lambda: user_with(is_superuser=True),
        "admin without a unit": lambda: user_with(("admin", None)),
        "command line": lambda: "dtbd import",
    }[who]()
    scope = policy_for(actor)
    assert scope.everything
    for record in (world.root, world.b, world.pb):
        assert actions_on(scope, record) == {READ, WRITE, ADMINISTER}
    assert scope.unit_ids() is None
    assert scope.units().count() == 4 and scope.people().count() == 3


def test_several_grants_add_up(world):
    scope = policy_for(user_with(("viewer", world.a), ("manager", world.b)))
    assert actions_on(scope, world.pa) == {READ}
    assert actions_on(scope, world.pb) == {READ, WRITE}
    assert set(scope.people()) == {world.pa, world.pa1, world.pb}
    assert set(scope.units()) == {world.a, world.a1, world.b}
    assert set(scope.units(action=WRITE)) == {world.b}
    assert not scope.anywhere(ADMINISTER) and scope.anywhere(WRITE)


def test_a_subtree_is_taken_on_a_date(world):
    """A unit moved from A to B on 1 Jan 2025 lies under A before and under B after; without
    a date it stays readable to A (its history), and the person in it is written by whoever
    keeps their unit on the day of the edit."""
    moved = make_unit("R.A.M", name="Phòng Di chuyển", parent=world.a)
    worker = make_person(moved, code="PM-1", full_name="Đỗ Văn Mạnh")
    unit_update(actor=ACTOR, unit=moved, on=D(2025, 1, 1), parent=world.b)
    a_manager = policy_for(user_with(("manager", world.a)))
    b_manager = policy_for(user_with(("manager", world.b)))
    assert a_manager.can(READ, moved, on=D(2024, 12, 31))
    assert not a_manager.can(READ, moved, on=D(2025, 1, 1))
    assert b_manager.can(READ, moved, on=D(2025, 1, 1))
    assert not b_manager.can(READ, moved, on=D(2024, 12, 31))
    assert a_manager.can(READ, moved) and b_manager.can(READ, moved)  # ever
    assert a_manager.can(WRITE, worker, on=D(2024, 12, 31))
    assert not a_manager.can(WRITE, worker, on=D(2025, 1, 2))
    assert b_manager.can(WRITE, worker, on=D(2025, 1, 2))
    assert moved in a_manager.units(D(2024, 12, 31))
    assert moved not in a_manager.units(D(2025, 1, 1))
    on_2025 = a_manager.limit(Post.objects.all(), unit="unit_id", on=D(2025, 6, 1))
    assert worker.pk not in on_2025.values_list("person_id", flat=True)


def test_a_person_is_written_where_they_work_and_read_wherever_they_worked(world):
    post_set(
        actor=ACTOR,
        person=world.pa,
        on=D(2024, 1, 1),
        post=PostFacts(unit_id=world.b.pk, category="civil_servant"),
    )
    a_manager = policy_for(user_with(("manager", world.a)))
    assert a_manager.can(WRITE, world.pa, on=D(2023, 6, 1))
    assert not a_manager.can(WRITE, world.pa, on=D(2024, 6, 1))
    assert a_manager.can(READ, world.pa)  # worked in A once
    assert not a_manager.can(READ, world.pa, on=D(2024, 6, 1))  # not in A on that day
    # Someone who left (no post today) is changed by whoever keeps their last unit.
    Post.objects.filter(person=world.pb).update(valid_to=D(2022, 12, 31))
    b_manager = policy_for(user_with(("manager", world.b)))
    assert b_manager.can(WRITE, world.pb, on=D(2024, 6, 1))


def test_querysets_and_record_answers_agree(world):
    scope = policy_for(user_with(("viewer", world.a)))
    assert set(scope.people()) == {world.pa, world.pa1}
    assert set(scope.units()) == {world.a, world.a1}
    assert set(scope.people(action=ADMINISTER)) == set()
    with pytest.raises(ValueError, match="depends on a date"):
        scope.people(action=WRITE)
    with pytest.raises(ValueError, match="unknown action"):
        scope.can("delete", world.a)


def test_admins_administer_accounts_whose_every_grant_they_administer(world):
    admin = user_with(("admin", world.a))
    inside = user_with(("viewer", world.a1))
    own_record = user_with(("self", None), person=world.pa1)
    straddling = user_with(("viewer", world.a), ("viewer", world.b))
    elsewhere = user_with(("manager", world.b))
    no_grants = user_with()
    superuser = user_with(is_superuser=True)
    scope = policy_for(admin)
    assert set(scope.users()) == {admin, inside, own_record}
    assert scope.can(ADMINISTER, inside) and scope.can(READ, own_record)
    for other in (straddling, elsewhere, no_grants, superuser):
        assert not scope.can(ADMINISTER, other), other
    assert not policy_for(user_with(("manager", world.a))).can(ADMINISTER, inside)


@dataclass
class Course:
    """A stand-in for a later record type: organised by one unit, run by an institution."""

    organizer_id: int
    institution_id: int
    pk: int = 0


def test_a_new_record_type_registers_how_it_maps_to_units(world):
    school = make_unit(
        "R.B.S", name="Trường Chính trị", kind="training_institution", parent=world.b
    )
    course = Course(organizer_id=world.a.pk, institution_id=school.pk)
    with pytest.raises(TypeError, match="no rule for Course"):
        policy_for(user_with(("manager", world.a))).can(READ, course)
    policy.register(
        Course,
        RecordRule(
            units=lambda c, action, on: [(c.organizer_id, on)],
            institution=lambda c: [c.institution_id],
        ),
    )
    try:
        assert actions_on(policy_for(user_with(("manager", world.a))), course) == {READ, WRITE}
        assert actions_on(policy_for(user_with(("viewer", world.b))), course) == set()
        assert actions_on(policy_for(user_with(("institution", school))), course) == {READ}
    finally:
        del policy._RULES[Course]


def test_the_first_versions_functions_still_answer(world):
    manager = user_with(("manager", world.a))
    ids = {world.a.pk, world.a1.pk}
    assert {r["descendant_id"] for r in policy.visible_unit_ids(manager, None)} == ids
    assert {r["descendant_id"] for r in policy.writable_unit_ids(manager, D(2024, 1, 1))} == ids
    assert policy.may_write_unit(manager, world.a1.pk, None)
    assert not policy.may_write_unit(manager, world.b.pk, None)
    assert policy.may_write_anything(manager)
    assert not policy.may_write_anything(user_with(("viewer", world.a)))
    assert policy.visible_unit_ids("dtbd import", None) is None
    admin = user_with(("admin", world.a))
    assert policy.may_administer(admin) and not policy.may_administer(manager)
    assert policy.may_administer_unit(admin, world.a1.pk)
    assert not policy.may_administer_unit(admin, None)
    assert policy.may_administer_person(admin, world.pa.pk)
    assert not policy.may_administer_person(admin, world.pb.pk)
    assert policy.own_person_ids(user_with(("self", None), person=world.pb)) == [world.pb.pk]
