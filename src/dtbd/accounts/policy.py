"""The one policy: what a user may do to which record. Every selector and face asks it.

    scope = policy_for(user)
    scope.can(WRITE, person, on=today())     # one record: may this user do this to that?
    scope.units(on) / scope.people()         # the records a user may see, as querysets
    scope.limit(posts, unit="unit_id", owner="person_id", on=on)   # any queryset by unit

Roles (accounts.models.Role) are granted on a unit and hold for its whole subtree; a user's
grants add up. `admin` reads, writes and administers (accounts, the audit log); `manager`
reads and writes; `viewer` reads; `institution` reads its own (training institution) unit
and nothing in the registry; `self` reads one person record (Grant.person). A superuser, an
`admin` grant without a unit and the command line (an actor given as a label such as
"dtbd import") may do everything. Inactive and anonymous users may do nothing.

A subtree is taken on a date (`on`), because units move; without a date, "ever": a unit that
once lay under a grant's unit stays readable, so its history does not vanish from sight.

Record types map to units through rules (see `register`): a unit lies at itself; a person
at the units of their posts. Later record types (courses, plans, classes) register theirs
in their AppConfig.ready(), and `can` answers for them with no change here.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Grant, Role

READ = "read"
WRITE = "write"
ADMINISTER = "administer"
ACTIONS = (READ, WRITE, ADMINISTER)

# What a role granted on a unit allows on the registry records (units, people…) of its
# subtree. `institution` and `self` are not registry roles: see RecordRule.
REGISTRY_ROLES: dict[str, tuple[str, ...]] = {
    READ: (Role.ADMIN, Role.MANAGER, Role.VIEWER),
    WRITE: (Role.ADMIN, Role.MANAGER),
    ADMINISTER: (Role.ADMIN,),
}
# Kept for callers of the first version of this module.
READ_ROLES = REGISTRY_ROLES[READ]
WRITE_ROLES = REGISTRY_ROLES[WRITE]

# A unit a record lies in for an action, and the date on which the grant's subtree must hold
# it (None: at any time).
Placement = tuple[int, dt.date | None]


@dataclass(frozen=True)
class RecordRule:
    """How one record type maps to units, so that every role's rule applies to it.

    - units(record, action, on): where the record lies for `action` (registry roles);
    - owner(record): the person whose own record it is (a `self` grant reads it);
    - institution(record): the units whose `institution` grants read it (classes: the
      training institution that runs them; issue 5);
    - check(scope, record, action, on): a rule of its own, for records that do not lie in
      units (user accounts).
    """

    units: Callable[[Any, str, dt.date | None], Iterable[Placement]] | None = None
    owner: Callable[[Any], int | None] | None = None
    institution: Callable[[Any], Iterable[int]] | None = None
    check: Callable[["Scope", Any, str, dt.date | None], bool] | None = None


_RULES: dict[type, RecordRule] = {}
_defaults_registered = False


def register(model: type, rule: RecordRule) -> None:
    """Teach the policy a record type (call from the app's AppConfig.ready())."""
    _RULES[model] = rule


def rule_for(record: Any) -> RecordRule:
    if not _defaults_registered:  # outside Django's start-up (AccountsConfig.ready registers)
        _register_defaults()
    for cls in type(record).__mro__:
        if cls in _RULES:
            return _RULES[cls]
    raise TypeError(f"the policy has no rule for {type(record).__name__} records")


def policy_for(actor: Any) -> "Scope":
    """The policy as it applies to `actor` (a user, AnonymousUser, None or a CLI label).

    Cheap to make: the grants are read once, on first use. Make one per request or task;
    it does not see grants added after that.
    """
    return Scope(actor)


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action '{action}' (expected one of {', '.join(ACTIONS)})")


LISTED_IDS = 10_000  # more than this stay a subquery (SQLite takes 32,766 parameters)


def ids_or_subquery(ids: QuerySet) -> QuerySet | list[int]:
    """The ids of a `values(...)` subquery as a list when there are at most LISTED_IDS,
    else the subquery itself."""
    listed = list(ids.values_list(*ids.query.values_select, flat=True)[: LISTED_IDS + 1])
    return ids if len(listed) > LISTED_IDS else listed


def among(field: str, ids: QuerySet) -> Q:
    """`field` is one of the ids of a `values(...)` subquery: as a list, one array parameter
    on PostgreSQL (core.lookups), when there are at most LISTED_IDS; else the subquery."""
    found = ids_or_subquery(ids)
    if isinstance(found, list):
        return Q(**{f"{field}__any": found})
    return Q(**{f"{field}__in": found})


def _subtree_ids(unit_ids: list[int], on: dt.date | None) -> QuerySet:
    """Ids of the units under any of `unit_ids` (themselves included), as a subquery."""
    from dtbd.organisation.models import UnitAncestry

    if not unit_ids:
        return UnitAncestry.objects.none().values("descendant_id")
    qs = UnitAncestry.objects.filter(ancestor_id__in=unit_ids)
    if on is not None:
        qs = qs.filter(valid_from__lte=on, valid_to__gte=on)
    return qs.values("descendant_id")


class Scope:
    """What one actor may do. Ask `can` about a record, or limit a queryset with `units`,
    `people`, `users` or `limit`."""

    def __init__(self, actor: Any):
        self.actor = actor

    # --- who the actor is ----------------------------------------------------------------

    @cached_property
    def _user(self) -> Any | None:
        """The actor when it is a signed-in, active user; None otherwise."""
        actor = self.actor
        if actor is None or isinstance(actor, str):
            return None
        if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", True):
            return None
        return actor

    @cached_property
    def _grants(self) -> list[tuple[str, int | None, int | None]]:
        if self._user is None:
            return []
        return list(
            Grant.objects.filter(user=self._user).values_list("role", "unit_id", "person_id")
        )

    @cached_property
    def everything(self) -> bool:
        """Whether no limit applies: the command line, a superuser, an admin granted on no unit."""
        if isinstance(self.actor, str):
            return True
        if self._user is None:
            return False
        if self._user.is_superuser:
            return True
        return any(role == Role.ADMIN and unit is None for role, unit, _ in self._grants)

    def _granted_units(self, roles: Iterable[str]) -> list[int]:
        roles = set(roles)
        return sorted({unit for role, unit, _ in self._grants if role in roles and unit})

    def own_person_ids(self) -> list[int]:
        """The person records `self` grants let the actor read."""
        return sorted({person for role, _, person in self._grants if role == Role.SELF and person})

    def anywhere(self, action: str) -> bool:
        """Whether the actor may do `action` to some registry record (show the menu entry)."""
        _check_action(action)
        return self.everything or bool(self._granted_units(REGISTRY_ROLES[action]))

    # --- querysets -----------------------------------------------------------------------

    def unit_ids(
        self, on: dt.date | None = None, *, action: str = READ, institution: bool = False
    ) -> QuerySet | None:
        """Ids of the units whose registry records the actor may `action` on `on` (ever when
        None), as a subquery; None means every unit. `institution` adds the units under the
        actor's institution grants (for reads of records institutions may read)."""
        _check_action(action)
        if self.everything:
            return None
        roles = REGISTRY_ROLES[action]
        if institution and action == READ:
            roles = (*roles, Role.INSTITUTION)
        return _subtree_ids(self._granted_units(roles), on)

    def limit(
        self,
        qs: QuerySet,
        *,
        unit: str | None = None,
        owner: str | None = None,
        institution: str | None = None,
        on: dt.date | None = None,
        action: str = READ,
        listed: bool = False,
    ) -> QuerySet:
        """Keep the rows of `qs` the actor may `action`: those whose `unit` field lies in the
        actor's units on `on`, and for reads those whose `owner` field is the actor's own
        person record or whose `institution` field lies under an institution grant.

        `listed` reads the unit ids first and filters by the list (see `among`):
        for big tables indexed by unit (standings) PostgreSQL plans index scans for a list of
        a province's ids but a scan of the whole table for the same ids as a subquery."""
        _check_action(action)
        if self.everything:
            return qs
        if self._user is None:
            return qs.none()
        allowed: list[Q] = []
        if unit:
            ids: Any = self.unit_ids(on, action=action)
            allowed.append(among(unit, ids) if listed else Q(**{f"{unit}__in": ids}))
        if action == READ and owner and self.own_person_ids():
            allowed.append(Q(**{f"{owner}__in": self.own_person_ids()}))
        if action == READ and institution:
            ids = _subtree_ids(self._granted_units((Role.INSTITUTION,)), on)
            allowed.append(Q(**{f"{institution}__in": ids}))
        if not allowed:
            return qs.none()
        condition = allowed[0]
        for more in allowed[1:]:
            condition |= more
        return qs.filter(condition)

    def units(self, on: dt.date | None = None, *, action: str = READ) -> QuerySet:
        """The units the actor may `action` on `on` (ever when None)."""
        from dtbd.organisation.models import Unit

        return self.limit(Unit.objects.all(), unit="pk", institution="pk", on=on, action=action)

    def people(self, *, action: str = READ) -> QuerySet:
        """The people whose record the actor may read or administer: a post in the actor's
        units at any time, or (to read) their own record. Writes depend on the post held on
        a date: ask `can(WRITE, person, on=…)`."""
        from dtbd.people.models import Person, Post

        if action == WRITE:
            raise ValueError("whether a person may be changed depends on a date: use can()")
        if self.everything:
            return Person.objects.all()
        if self._user is None:
            return Person.objects.none()
        units = _subtree_ids(self._granted_units(REGISTRY_ROLES[action]), None)
        posts = Post.objects.filter(unit_id__in=units)
        condition = Q(pk__in=posts.values("person_id"))
        if action == READ and self.own_person_ids():
            condition |= Q(pk__in=self.own_person_ids())
        return Person.objects.filter(condition)

    def users(self) -> QuerySet:
        """The accounts the actor administers: every user for superusers; otherwise those
        (not superusers) holding grants, every one of which the actor administers."""
        from django.contrib.auth import get_user_model

        User = get_user_model()
        if self.everything:
            return User.objects.all()
        if not self._granted_units((Role.ADMIN,)):
            return User.objects.none()
        theirs = Grant.objects.filter(user=OuterRef("pk"))
        return (
            User.objects.filter(is_superuser=False)
            .filter(Exists(theirs))
            .exclude(Exists(theirs.exclude(pk__in=self.grants().values("pk"))))
        )

    def grants(self) -> QuerySet:
        """The grants the actor administers (may see and revoke): on administered units, and
        `self` grants on the records of people who held a post there."""
        from dtbd.people.models import Post

        scope = self.unit_ids(None, action=ADMINISTER)
        if scope is None:
            return Grant.objects.all()
        people = Post.objects.filter(unit_id__in=scope).values("person_id")
        return Grant.objects.filter(
            (Q(role=Role.SELF) & Q(person_id__in=people))
            | (~Q(role=Role.SELF) & Q(unit_id__in=scope))
        )

    # --- one record ----------------------------------------------------------------------

    def can(self, action: str, record: Any, *, on: dt.date | None = None) -> bool:
        """Whether the actor may `action` (read, write, administer) `record` on `on`."""
        _check_action(action)
        if self.everything:
            return True
        if self._user is None:
            return False
        rule = rule_for(record)
        if rule.check is not None:
            return rule.check(self, record, action, on)
        own = self.own_person_ids()
        if action == READ and rule.owner is not None and rule.owner(record) in own:
            return True
        if action == READ and rule.institution is not None:
            placed = [(unit, on) for unit in rule.institution(record)]
            if self._covers((Role.INSTITUTION,), placed):
                return True
        if rule.units is None:
            return False
        return self._covers(REGISTRY_ROLES[action], list(rule.units(record, action, on)))

    def covers(self, action: str, unit_id: int | None, on: dt.date | None = None) -> bool:
        """Whether the actor may `action` the registry records of this unit on `on`.
        None (no unit: everywhere) is for those who may do everything."""
        _check_action(action)
        if self.everything:
            return True
        if unit_id is None:
            return False
        return self._covers(REGISTRY_ROLES[action], [(unit_id, on)])

    def _covers(self, roles: Iterable[str], placements: list[Placement]) -> bool:
        from dtbd.organisation.models import UnitAncestry

        granted = self._granted_units(roles)
        if not granted or not placements:
            return False
        where = Q(pk__in=[])
        for unit_id, when in placements:
            here = Q(descendant_id=unit_id)
            if when is not None:
                here &= Q(valid_from__lte=when, valid_to__gte=when)
            where |= here
        return UnitAncestry.objects.filter(ancestor_id__in=granted).filter(where).exists()


# --- the record types of the foundation -------------------------------------------------------


def _unit_placements(unit: Any, action: str, on: dt.date | None) -> list[Placement]:
    return [(unit.pk, on)]


def _person_placements(person: Any, action: str, on: dt.date | None) -> list[Placement]:
    """Reads: any post (ever, or held on `on`). Writes: the post held on `on` (default
    today), else the latest one, at its end: a record is changed by whoever keeps the unit
    the person works in, or last worked in."""
    from dtbd.core.dates import today
    from dtbd.people.models import Post

    posts = Post.objects.filter(person_id=person.pk)
    if action != WRITE:
        if on is not None:
            posts = posts.filter(valid_from__lte=on, valid_to__gte=on)
        return [(unit, on) for unit in set(posts.values_list("unit_id", flat=True))]
    when = on or today()
    post = (
        posts.filter(valid_from__lte=when, valid_to__gte=when).first()
        or posts.order_by("-valid_from").first()
    )
    if post is None:
        return []
    return [(post.unit_id, when if post.valid_from <= when <= post.valid_to else post.valid_to)]


def _user_check(scope: Scope, user: Any, action: str, on: dt.date | None) -> bool:
    """Accounts: any action on an account needs administering it."""
    return scope.users().filter(pk=user.pk).exists()


def _register_defaults() -> None:
    """The record types of the foundation apps (units, people, user accounts)."""
    global _defaults_registered
    from django.contrib.auth import get_user_model

    from dtbd.organisation.models import Unit
    from dtbd.people.models import Person

    register(Unit, RecordRule(units=_unit_placements, institution=lambda unit: [unit.pk]))
    register(Person, RecordRule(units=_person_placements, owner=lambda person: person.pk))
    register(get_user_model(), RecordRule(check=_user_check))
    _defaults_registered = True


# --- the first version's functions, kept as thin wrappers ------------------------------------


def visible_unit_ids(actor: Any, on: dt.date | None) -> QuerySet | None:
    """Ids of the units whose registry the actor may read (on `on`, or ever when None);
    None means all."""
    return policy_for(actor).unit_ids(on)


def writable_unit_ids(actor: Any, on: dt.date | None) -> QuerySet | None:
    return policy_for(actor).unit_ids(on, action=WRITE)


def may_write_unit(actor: Any, unit_id: int, on: dt.date | None) -> bool:
    return policy_for(actor).covers(WRITE, unit_id, on)


def may_write_anything(actor: Any) -> bool:
    return policy_for(actor).anywhere(WRITE)


def own_person_ids(actor: Any) -> list[int]:
    """The records a `self` grant lets the actor read."""
    return policy_for(actor).own_person_ids()


def administered_unit_ids(actor: Any) -> QuerySet | None:
    """Ids of the units the actor may grant roles on (at any time); None means all."""
    return policy_for(actor).unit_ids(None, action=ADMINISTER)


def may_administer(actor: Any) -> bool:
    """Whether the actor administers any accounts at all (may open the users page)."""
    return policy_for(actor).anywhere(ADMINISTER)


def may_administer_unit(actor: Any, unit_id: int | None) -> bool:
    """Whether the actor may grant a role on this unit; None (everywhere) needs a superuser."""
    return policy_for(actor).covers(ADMINISTER, unit_id)


def may_administer_person(actor: Any, person_id: int) -> bool:
    """Whether the actor may give someone the `self` role on this person's record: the
    person held a post in the actor's administered units at some time."""
    return policy_for(actor).people(action=ADMINISTER).filter(pk=person_id).exists()


def grants_administered(actor: Any) -> QuerySet:
    """The grants the actor may see and revoke."""
    return policy_for(actor).grants()
