"""Standings always say what posts and qualifications say (ADR 0010).

Random sequences of the real writes (posts, qualifications, personal details, course
conferrals) are applied to a person; afterwards the stored rows must equal a recomputation,
and on random dates the row valid then must say exactly what `holdings_on` (the join of posts
with qualifications, an independent reading) says; the person's completed enrolments must
carry what it says on their completion days (training.stamps, ADR 0011).
"""

import contextlib
import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtbd.core.codes import NONE, SCALES, Dimension
from dtbd.core.dates import END, ONE_DAY
from dtbd.core.errors import ValidationFailed
from dtbd.organisation.services import unit_update
from dtbd.people import services, standings
from dtbd.people.models import Person, Standing
from dtbd.people.rules import PostFacts
from dtbd.people.selectors import holdings_on
from dtbd.training import stamps
from dtbd.training.conferral import Conferral, confer_many
from dtbd.training.models import Enrolment
from dtbd.training.services import course_create
from tests.factories import ACTOR, make_person, make_unit

pytestmark = pytest.mark.django_db

DIMENSIONS = tuple(Dimension.values)
dates = st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))
post_op = st.tuples(
    st.just("post"),
    dates,
    st.integers(0, 2),
    st.sampled_from(["civil_servant", "public_employee"]),
    st.sampled_from(["none", "head", "deputy"]),
)
qual_op = st.tuples(
    st.just("qual"),
    dates,
    st.sampled_from(DIMENSIONS),
    st.data(),
)
person_op = st.tuples(
    st.just("person"),
    st.sampled_from(["gender", "birth_date", "party_member", "ethnicity"]),
    st.integers(0, 1),
)
confer_op = st.tuples(st.just("confer"), dates, st.sampled_from(["it", "political_theory"]))
unit_op = st.tuples(
    st.just("unit"),
    dates,
    st.integers(1, 2),
    st.sampled_from(["district", "commune"]),
    st.sampled_from(["state", "party", ""]),
    st.booleans(),  # renamed too (a rename alone changes no standing)
)


@pytest.fixture
def units():
    province = make_unit("S01", level="province")
    return [
        province,
        make_unit("S02", level="district", parent=province),
        make_unit("S03", level="commune", parent=province),
    ]


COMPLETED_ON = (dt.date(2016, 1, 1), dt.date(2019, 6, 30), dt.date(2024, 12, 31))


@pytest.fixture
def classes(units):
    """Classes the random people completed (their stamps follow every write)."""
    return [
        course_create(
            actor=ACTOR,
            course_code=f"C-{on.year}",
            name=f"Lớp {on.year}",
            program_category="it",
            organizer_unit=units[0],
            start_date=on,
            end_date=on,
        )
        for on in COMPLETED_ON
    ]


def _apply(person: Person, units, op) -> None:
    kind = op[0]
    if kind == "post":
        _, on, unit, category, leadership = op
        services.post_set(
            actor=ACTOR,
            person=person,
            on=on,
            post=PostFacts(unit_id=units[unit].pk, category=category, leadership=leadership),
        )
    elif kind == "qual":
        _, on, dimension, data = op
        level = data.draw(st.sampled_from(SCALES[dimension].values))
        services.qualification_set(
            actor=ACTOR, person=person, dimension=dimension, level=level, on=on
        )
    elif kind == "person":
        _, field, pick = op
        value = {
            "gender": ("female", "male"),
            "birth_date": (dt.date(1970, 3, 1), dt.date(1992, 11, 30)),
            "party_member": (True, False),
            "ethnicity": ("Tày", "Kinh"),
        }[field][pick]
        services.person_update(actor=ACTOR, person=person, **{field: value})
    elif kind == "confer":
        _, on, dimension = op
        level = SCALES[dimension].values[1]
        confer_many([Conferral(person.pk, person.code, dimension, level, on, "C-1")])
    else:
        _, on, unit, level, unit_kind, renamed = op
        name = f"Đơn vị {on:%Y%m%d}" if renamed else None
        # a refusal (e.g. a level the parent does not allow) changes nothing
        with contextlib.suppress(ValidationFailed):
            unit_update(
                actor=ACTOR, unit=units[unit], on=on, level=level, kind=unit_kind, name=name
            )


def _said_by_holdings(person: Person, on: dt.date) -> tuple | None:
    held = holdings_on(on).filter(person=person).select_related("person").first()
    if held is None:
        return None
    p = held.person
    return (
        held.unit_id,
        held.unit_level or "",
        held.unit_kind or "",
        held.category,
        held.leadership,
        held.rank_code,
        held.position_code,
        p.gender,
        p.birth_date,
        p.ethnicity,
        p.party_member,
        *[getattr(held, d) or NONE for d in DIMENSIONS],
    )


def _said_by_standings(person: Person, on: dt.date) -> tuple | None:
    rows = list(
        Standing.objects.filter(person=person, valid_from__lte=on, valid_to__gte=on).values_list(
            *standings.COLUMNS[3:]
        )
    )
    assert len(rows) <= 1, f"standings overlap on {on}"
    return rows[0] if rows else None


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops=st.lists(st.one_of(post_op, qual_op, person_op, confer_op, unit_op), max_size=10),
    probes=st.lists(dates, min_size=1, max_size=8),
)
def test_standings_match_posts_and_qualifications(units, classes, ops, probes):
    person = make_person(units[0], on=dt.date(2016, 1, 1), qualifications={"it": "basic"})
    for course in classes:
        Enrolment.objects.create(
            course=course, person=person, status="completed", completed_on=course.start_date
        )
    stamps.stamp([person.pk])  # as the results service does
    for op in ops:
        person.refresh_from_db()
        _apply(person, units, op)
    assert standings.differences([person.pk]) == []
    rows = list(Standing.objects.filter(person=person).order_by("valid_from"))
    for earlier, later in itertools.pairwise(rows):
        assert earlier.valid_to < later.valid_from, "periods overlap"
        if earlier.valid_to + ONE_DAY == later.valid_from:
            a = [getattr(earlier, c) for c in standings.COLUMNS[3:]]
            b = [getattr(later, c) for c in standings.COLUMNS[3:]]
            assert a != b, "two touching periods say the same: not maximal"
    for on in [*probes, dt.date(2016, 1, 1), rows[-1].valid_to if rows else END]:
        assert _said_by_standings(person, on) == _said_by_holdings(person, on), on
    assert stamps.differences([person.pk]) == []
    for e in Enrolment.objects.filter(person=person):
        held = _said_by_holdings(person, e.completed_on)
        expected = (held[0], held[1], held[4]) if held else (None, "", "")
        assert (e.learner_unit_id, e.learner_unit_level, e.learner_leadership) == expected


def test_rebuild_recomputes_a_damaged_table(units):
    a = make_person(units[0], qualifications={"professional": "master"})
    b = make_person(units[1], qualifications={"political_theory": "basic"})
    Standing.objects.filter(person=a).update(professional="doctorate")
    Standing.objects.filter(person=b).delete()
    assert sorted(standings.differences()) == sorted([a.pk, b.pk])
    with pytest.raises(Exception, match="2 people's standings differ"):
        call_command("rebuild_standings", "--check")
    call_command("rebuild_standings")
    assert standings.differences() == []
    call_command("rebuild_standings", "--check")


def test_one_row_per_maximal_period(units):
    person = make_person(units[0], on=dt.date(2020, 1, 1), qualifications={"it": "basic"})
    services.qualification_set(
        actor=ACTOR, person=person, dimension="professional", level="master", on=dt.date(2022, 5, 1)
    )
    services.post_set(
        actor=ACTOR,
        person=person,
        on=dt.date(2023, 1, 1),
        post=PostFacts(unit_id=units[0].pk, category="civil_servant", position_code="X1"),
    )
    rows = list(
        Standing.objects.filter(person=person)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "position_code", "professional", "it")
    )
    assert rows == [
        (dt.date(2020, 1, 1), dt.date(2022, 4, 30), "", NONE, "basic"),
        (dt.date(2022, 5, 1), dt.date(2022, 12, 31), "", "master", "basic"),
        (dt.date(2023, 1, 1), END, "X1", "master", "basic"),
    ]


def test_posts_saying_the_same_merge_and_earlier_qualifications_do_not_cut():
    facts = ("civil_servant", "none", "", "")
    person = ("female", dt.date(1990, 1, 1), "Kinh", None)
    posts = [
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), 7, *facts),  # e.g. imported, then
        (dt.date(2021, 1, 1), END, 7, *facts),  # the same post entered by hand
    ]
    quals = {"it": [(dt.date(2010, 1, 1), END, "basic")]}
    # the unit was renamed in 2022 (two versions, same level and kind)
    units = {
        7: [
            (dt.date(2000, 1, 1), dt.date(2021, 12, 31), "district", "state"),
            (dt.date(2022, 1, 1), END, "district", "state"),
        ]
    }
    levels = tuple("basic" if d == "it" else NONE for d in DIMENSIONS)
    assert standings.standings_of(1, person, posts, quals, units) == [
        (1, dt.date(2020, 1, 1), END, 7, "district", "state", *facts, *person, *levels)
    ]


def test_relevelling_a_unit_moves_its_people_in_reports_from_that_day(units):
    """A district abolished on 1 July 2025 whose office became a provincial agency: the
    people there count as district staff before that day and provincial after it."""
    from dtbd.accounts.policy import policy_for
    from dtbd.reports import registry

    make_person(units[1], on=dt.date(2020, 1, 1))
    unit_update(actor=ACTOR, unit=units[1], on=dt.date(2025, 7, 1), level="province")

    def by_level(on: str) -> dict:
        result = registry.run(
            "breakdown", policy_for(ACTOR), {"dimension": "category", "by": "level", "as_of": on}
        )
        return {row["level"]: row["count"] for row in result["rows"]}

    assert by_level("2025-06-30") == {"district": 1}
    assert by_level("2025-07-01") == {"province": 1}
    # a rename is not a change of level: no standing is rewritten
    before = list(Standing.objects.values_list("pk", flat=True))
    unit_update(actor=ACTOR, unit=units[1], on=dt.date(2026, 1, 1), name="Sở mới")
    assert list(Standing.objects.values_list("pk", flat=True)) == before


def test_unit_ids_become_a_list_unless_there_are_too_many(units, monkeypatch):
    from dtbd.accounts import policy
    from dtbd.organisation.models import UnitAncestry

    subtree = UnitAncestry.objects.filter(ancestor=units[0]).values("descendant_id")
    assert sorted(policy.ids_or_subquery(subtree)) == sorted(u.pk for u in units)
    monkeypatch.setattr(policy, "LISTED_IDS", 2)
    assert policy.ids_or_subquery(subtree) is subtree  # three ids: stays a subquery
