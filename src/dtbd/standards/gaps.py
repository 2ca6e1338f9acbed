"""Gap analysis: which requirements of their post people do not meet on a date.

Set-based: the rules valid on the date (a few hundred rows at most) are turned in Python into
two small VALUES tables — which requirement applies to which target, and which held
(dimension, level) satisfies it (scales "or higher" plus equivalences) — and one SQL statement
joins them with the people's standings on that date (their post, unit level and six levels in
one row, ADR 0010). No per-person queries; the standings come from the ORM, so the caller's
scope and the unit subtree are the policy's own filters.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery

from dtbd.accounts.policy import among, policy_for
from dtbd.core.codes import NONE, Dimension, rank_of
from dtbd.core.db import reading
from dtbd.core.numbers import percent
from dtbd.organisation.models import UnitAncestry, UnitVersion
from dtbd.people.models import Post
from dtbd.people.selectors import standings_on

from . import rules
from .models import Equivalence, HoursRule, Requirement, TargetKind
from .planned import PostSpec, planned_posts


@dataclass(frozen=True)
class Rule:
    """One requirement valid on the date, with what it applies to and what satisfies it."""

    id: int
    standard_id: int
    standard_name: str
    kind: str
    code: str
    unit_level: str
    dimension: str
    min_level: str
    document: str
    category: str  # the programme category that closes the gap
    accepted: tuple[tuple[str, str], ...]

    def applies(self, *, rank_code: str, position_code: str, leadership: str,
                unit_level: str) -> bool:  # fmt: skip
        if self.kind == TargetKind.RANK:
            return self.code == rank_code
        if self.kind == TargetKind.POSITION:
            return self.code == position_code
        return self.code == leadership and self.unit_level == unit_level

    def met_by(self, held: dict[str, str]) -> bool:
        return any(held.get(d) == lv for d, lv in self.accepted)


def rules_on(on: dt.date) -> list[Rule]:
    """Every requirement of every standard version valid on `on`."""
    edges = [
        rules.Edge(e.dimension, e.level, e.satisfies_dimension, e.satisfies_level)
        for e in Equivalence.objects.filter(valid_from__lte=on, valid_to__gte=on)
    ]
    table = rules.implied(edges)
    found = Requirement.objects.filter(
        version__valid_from__lte=on, version__valid_to__gte=on
    ).select_related("version__standard")
    return [
        Rule(
            id=r.pk,
            standard_id=r.version.standard_id,
            standard_name=r.version.standard.name,
            kind=r.version.standard.kind,
            code=r.version.standard.code,
            unit_level=r.version.standard.unit_level,
            dimension=r.dimension,
            min_level=r.min_level,
            document=r.version.document,
            category=rules.closing_category(r.dimension, r.min_level),
            accepted=tuple(rules.accepted_levels(r.dimension, r.min_level, table)),
        )
        for r in found.order_by("version__standard__kind", "version__standard__code", "dimension")
    ]


# --- the one statement ------------------------------------------------------------------------


def posts_on(on: dt.date, *, scope: Any, unit_id: int | None = None) -> QuerySet:
    """People in post on `on` within the scope (and the subtree of `unit_id`): their
    standings (ADR 0010), which carry the post, the unit's level then and the six levels."""
    qs = standings_on(on, scope=scope)
    if unit_id is not None:
        subtree = UnitAncestry.objects.filter(
            ancestor_id=unit_id, valid_from__lte=on, valid_to__gte=on
        )
        qs = qs.filter(among("unit_id", subtree.values("descendant_id")))
    return (
        qs.annotate(ulevel=F("unit_level"))
        .order_by()
        .values(
            "person_id",
            "unit_id",
            "rank_code",
            "position_code",
            "leadership",
            "ulevel",
            *Dimension.values,
        )
    )


def _values(columns: int, rows: list[tuple]) -> tuple[str, list]:
    row = "(" + ", ".join(["%s"] * columns) + ")"
    return "VALUES " + ", ".join([row] * len(rows)), [v for r in rows for v in r]


def _met_test(rule: Rule) -> tuple[str, list]:
    """SQL that is true when the person's levels (table lv) satisfy `rule`."""
    by_dimension: dict[str, list[str]] = defaultdict(list)
    for dimension, level in rule.accepted:
        by_dimension[dimension].append(level)
    parts, params = [], []
    for dimension, levels in sorted(by_dimension.items()):
        marks = ", ".join(["%s"] * len(levels))
        parts.append(f"COALESCE(lv.d_{dimension}, '') IN ({marks})")
        params.extend(levels)
    return "(" + (" OR ".join(parts) or "1 = 0") + ")", params


def _with(found: list[Rule], held: QuerySet, on: dt.date) -> tuple[str, list]:
    """The WITH clause: req, held, lv (the levels each person holds), applies, unmet.

    Each person's levels are columns of their standing (ADR 0010), so testing a requirement
    is a comparison of columns in one CASE over the rules, not a lookup per (person,
    requirement).
    """
    req_sql, req_params = _values(4, [(r.id, r.kind, r.code, r.unit_level) for r in found])
    try:
        held_sql, held_params = held.query.sql_with_params()
    except EmptyResultSet:  # the scope allows nothing: the same statement over no posts
        nothing = posts_on(on, scope=policy_for("standards")).filter(pk=-1)
        held_sql, held_params = nothing.query.sql_with_params()
    # The levels held are columns of the standing ("none" stored); the tests expect no row's
    # level as NULL, as the qualifications' pivot gave it before.
    levels = ",\n".join(f"NULLIF(h.{d}, 'none') AS d_{d}" for d in Dimension.values)
    tests, test_params = [], []
    for rule in found:
        test, params = _met_test(rule)
        tests.append(f"WHEN %s THEN {test}")
        test_params.extend([rule.id, *params])
    sql = f"""
    WITH req (rid, kind, code, ulevel) AS ({req_sql}),
    held AS MATERIALIZED ({held_sql}),
    lv AS MATERIALIZED (SELECT h.person_id, {levels} FROM held h),
    applies AS MATERIALIZED (
        SELECT h.person_id, h.unit_id, r.rid FROM held h
          JOIN req r ON r.kind = 'rank' AND r.code = h.rank_code
        UNION ALL
        SELECT h.person_id, h.unit_id, r.rid FROM held h
          JOIN req r ON r.kind = 'position' AND r.code = h.position_code
        UNION ALL
        SELECT h.person_id, h.unit_id, r.rid FROM held h
          JOIN req r ON r.kind = 'leadership' AND r.code = h.leadership AND r.ulevel = h.ulevel
    ),
    unmet AS MATERIALIZED (
        SELECT a.person_id, a.unit_id, a.rid FROM applies a
          LEFT JOIN lv ON lv.person_id = a.person_id
        WHERE NOT (CASE a.rid {" ".join(tests)} ELSE 1 = 1 END)
    )
    """
    return sql, [*req_params, *held_params, *test_params]


def _fetch(sql: str, params: list) -> list[tuple]:
    with reading(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's cost of these joins triggers JIT compilation, which takes longer
            # (1–2 s) than the statement itself; SET LOCAL ends with this transaction.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class RequirementCount:
    rule: Rule
    applies: int = 0
    unmet: int = 0


@dataclass
class UnitCount:
    unit_id: int
    name: str
    people: int = 0
    standardised: int = 0


@dataclass
class Summary:
    on: dt.date
    people: int = 0  # in post in the subtree
    with_standards: int = 0  # to whom some requirement applies
    standardised: int = 0  # meeting every requirement of their post (or having none)
    requirements: list[RequirementCount] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)  # people with such a gap
    children: list[UnitCount] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return percent(self.standardised, self.people)


def summary(*, scope: Any, on: dt.date, unit_id: int | None = None,
            children: bool = False) -> Summary:  # fmt: skip
    """Counts for a subtree on a date: per requirement (applies, unmet), people standardised,
    people with a gap per closing programme category, and per child unit when asked.

    One statement: every count is a branch of one UNION ALL over the same materialised
    WITH, so the people, their levels and their unmet requirements are computed once (three
    statements took three passes over a 100,000-person province)."""
    found = rules_on(on)
    held = posts_on(on, scope=scope, unit_id=unit_id)
    result = Summary(on=on)
    if not found:
        result.people = result.standardised = held.count()
        return result
    with_sql, params = _with(found, held, on)
    categories = sorted({r.category for r in found})
    # Rule ids and category positions are integers of ours: inlined, not user input.
    when = " ".join(f"WHEN {r.id} THEN {categories.index(r.category)}" for r in found)
    names = _child_names(on, unit_id) if children else {}
    sql, extra = with_sql, []
    if names:
        sql += ", behind AS MATERIALIZED (SELECT DISTINCT person_id FROM unmet)"
    sql += f"""
        SELECT 'req', a.rid, COUNT(*), 0 FROM applies a GROUP BY a.rid
        UNION ALL SELECT 'unmet', u.rid, COUNT(*), 0 FROM unmet u GROUP BY u.rid
        UNION ALL SELECT 'people', 0, COUNT(*), 0 FROM held
        UNION ALL SELECT 'with', 0, COUNT(DISTINCT a.person_id), 0 FROM applies a
        UNION ALL SELECT 'behind', 0, COUNT(DISTINCT u.person_id), 0 FROM unmet u
        UNION ALL SELECT 'cat', c.category, COUNT(DISTINCT c.person_id), 0
          FROM (SELECT CASE u.rid {when} END AS category, u.person_id FROM unmet u) c
          GROUP BY c.category
        """
    if names:
        marks = ", ".join(["%s"] * len(names))
        sql += f"""
        UNION ALL SELECT 'child', ua.ancestor_id, COUNT(*), COUNT(*) - COUNT(b.person_id)
        FROM held h JOIN {UnitAncestry._meta.db_table} ua ON ua.descendant_id = h.unit_id
             AND ua.valid_from <= %s AND ua.valid_to >= %s AND ua.ancestor_id IN ({marks})
        LEFT JOIN behind b ON b.person_id = h.person_id
        GROUP BY ua.ancestor_id
        """
        extra = [on, on, *names]
    counts = {r.id: RequirementCount(r) for r in found}
    by_category, kids, behind = [], [], 0
    for what, key, n, m in _fetch(sql, [*params, *extra]):
        if what == "req":
            counts[key].applies = n
        elif what == "unmet":
            counts[key].unmet = n
        elif what == "people":
            result.people = n
        elif what == "with":
            result.with_standards = n
        elif what == "behind":
            behind = n
        elif what == "cat":
            by_category.append((categories[key], n))
        else:
            kids.append(UnitCount(key, names[key], n, int(m or 0)))
    result.standardised = result.people - behind
    result.requirements = [c for c in counts.values() if c.applies]
    result.by_category = dict(sorted(by_category, key=lambda r: -r[1]))
    if children:
        from dtbd.core.text import text_sort_key

        result.children = sorted(kids, key=lambda c: text_sort_key(c.name))
    return result


def _child_names(on: dt.date, unit_id: int | None) -> dict[int, str]:
    """The units directly below `unit_id` (or the roots) on `on`, by id."""
    versions = UnitVersion.objects.filter(valid_from__lte=on, valid_to__gte=on)
    kids = versions.filter(parent_id=unit_id) if unit_id else versions.filter(parent__isnull=True)
    return dict(kids.values_list("unit_id", "name"))


def unmet_rows(
    *, scope: Any, on: dt.date, unit_id: int | None = None, rule_id: int | None = None,
    category: str = "",
) -> tuple[list[Rule], list[tuple[int, int, int]]]:  # fmt: skip
    """The drill-down: (person_id, unit_id, requirement id) of every unmet requirement, limited
    to one requirement or one closing category when given."""
    found = rules_on(on)
    if rule_id is not None:
        found = [r for r in found if r.id == rule_id]
    if category:
        found = [r for r in found if r.category == category]
    if not found:
        return found, []
    with_sql, params = _with(found, posts_on(on, scope=scope, unit_id=unit_id), on)
    return found, _fetch(with_sql + "SELECT person_id, unit_id, rid FROM unmet", params)


# --- one person ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    rule: Rule
    held: str  # the level held on the rule's dimension (`none` when nothing)
    post: str  # "current" or the planned post's label

    @property
    def category(self) -> str:
        return self.rule.category


@dataclass
class PersonGaps:
    on: dt.date
    in_post: bool
    held: dict[str, str]
    current: list[Gap]
    met: list[Rule]
    planned: list[tuple[PostSpec, list[Gap]]]

    @property
    def standardised(self) -> bool:
        return self.in_post and not self.current


def person_gaps(*, person: Any, on: dt.date) -> PersonGaps:
    """What the person's post (and any post they are planned for) still requires on `on`.
    The caller has checked the person is visible."""
    from dtbd.people.selectors import person_current

    held = person_current(person=person, on=on)
    found = rules_on(on)
    post = (
        Post.objects.filter(person=person, valid_from__lte=on, valid_to__gte=on)
        .annotate(
            ulevel=Subquery(
                UnitVersion.objects.filter(
                    unit_id=OuterRef("unit_id"), valid_from__lte=on, valid_to__gte=on
                ).values("level")[:1]
            )
        )
        .first()
    )
    current: list[Gap] = []
    met: list[Rule] = []
    if post is not None:
        for r in found:
            if r.applies(rank_code=post.rank_code, position_code=post.position_code,
                         leadership=post.leadership, unit_level=post.ulevel or ""):  # fmt: skip
                if r.met_by(held):
                    met.append(r)
                else:
                    current.append(Gap(r, held.get(r.dimension, NONE), "current"))
    planned = []
    for spec in planned_posts([person.pk], on).get(person.pk, []):
        gaps = [
            Gap(r, held.get(r.dimension, NONE), spec.label)
            for r in found
            if r.applies(
                rank_code=spec.rank_code,
                position_code=spec.position_code,
                leadership=spec.leadership,
                unit_level=spec.unit_level,
            )
            and not r.met_by(held)
        ]
        planned.append((spec, gaps))
    return PersonGaps(on, post is not None, held, current, met, planned)


def strongest(gaps: list[Gap]) -> list[Gap]:
    """One gap per dimension: the highest level asked (two standards may ask the same thing)."""
    best: dict[str, Gap] = {}
    for g in gaps:
        d = g.rule.dimension
        if d not in best or rank_of(d, g.rule.min_level) > rank_of(d, best[d].rule.min_level):
            best[d] = g
    return list(best.values())


# --- annual hours -------------------------------------------------------------------------------


def hours_rule_for(year: int) -> HoursRule | None:
    """The annual rule in force at the end of `year` (the year's obligation)."""
    end = dt.date(year, 12, 31)
    return HoursRule.objects.filter(valid_from__lte=end, valid_to__gte=end).first()


def hours_behind(*, scope: Any, year: int, on: dt.date, unit_id: int | None = None) -> dict:
    """People in post on `on` in the subtree and the periods they completed in `year` against
    the rule of that year: {"rule", "people", "behind": [(person_id, unit_id, done)],
    "posts": [(person_id, unit_id)]}."""
    from .hours import completed_periods

    rule = hours_rule_for(year)
    posts = list(posts_on(on, scope=scope, unit_id=unit_id).values_list("person_id", "unit_id"))
    done = completed_periods([p for p, _ in posts], dt.date(year, 1, 1), dt.date(year, 12, 31))
    behind = []
    if rule is not None:
        behind = [(p, u, done.get(p, 0)) for p, u in posts if done.get(p, 0) < rule.periods]
    return {"rule": rule, "people": len(posts), "behind": behind, "posts": posts}


def group_unmet(rows: list[tuple[int, int, int]]) -> dict[int, list[int]]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for person_id, _, rid in rows:
        by_person[person_id].append(rid)
    return by_person
