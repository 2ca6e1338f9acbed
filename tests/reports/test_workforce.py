"""breakdown and attainment against an oracle that reads the hand-written data set directly.

Every combination of dimension, grouping, date and filter is compared field by field; the
named tests below pin the as-of rules one at a time with figures worked out by hand.
"""

import datetime as dt
import itertools

import pytest

from dtbd.accounts.policy import policy_for
from dtbd.core.errors import NotFound, ValidationFailed
from dtbd.reports import registry

from .conftest import AFTER, BEFORE, DATES, MERGER, age, held, in_post, pct, value_of

# The contract's code lists, highest first (written out here, not imported).
ORDER = {
    "level": ["central", "province", "district", "commune"],
    "kind": ["party", "state", "front", "public_service", "training_institution", "area"],
    "category": ["cadre", "civil_servant", "public_employee", "other"],
    "leadership": ["head", "deputy", "none"],
    "gender": ["male", "female"],
    "professional": [
        "doctorate",
        "master",
        "university",
        "college",
        "intermediate",
        "elementary",
        "none",
    ],
    "political_theory": ["advanced", "intermediate", "basic", "none"],
    "state_management": ["senior_specialist", "principal_specialist", "specialist", "none"],
    "defense_security": ["group_1", "group_2", "group_3", "group_4", "none"],
    "foreign_language": ["c2", "c1", "b2", "b1", "a2", "a1", "none"],
    "it": ["advanced", "basic", "none"],
    "professional_band": [
        "postgraduate",
        "university",
        "college_vocational",
        "elementary_or_below",
    ],
    "age_band": ["30_or_under", "31_40", "41_50", "51_60", "over_60"],
}
DIMENSIONS = [
    "professional",
    "political_theory",
    "state_management",
    "defense_security",
    "foreign_language",
    "it",
    "professional_band",
    "age_band",
    "category",
    "gender",
    "leadership",
]
BYS = [None, "level", "kind", "category", "leadership", "unit"]
CLI = "tests"  # a label: the command line's everything-scope


def rank(field, value):
    order = ORDER.get(field)
    return order.index(value) if order else value


def expected_breakdown(dimension, by, on, roots=None, **filters):
    recs = in_post(on, roots, **filters)
    groups = {}
    for rec in recs:
        g = rec[by] if by else None
        v = value_of(rec, dimension, on)
        groups.setdefault(g, {}).setdefault(v, 0)
        groups[g][v] += 1
    rows = []
    for g in sorted(groups, key=lambda g: rank(by, g) if by else 0):
        total = sum(groups[g].values())
        for v in sorted(groups[g], key=lambda v: rank(dimension, v)):
            row = {by: g} if by else {}
            row.update(value=v, count=groups[g][v], total=total, percent=pct(groups[g][v], total))
            rows.append(row)
    return rows


def expected_attainment(dimension, by, on, at_least=None, under=None, roots=None, **filters):
    recs = in_post(on, roots, **filters)
    groups = {}
    for rec in recs:
        g = rec[by] if by else None
        if dimension == "age":
            met = rec["age"] < under
        else:
            order = ORDER[dimension]
            met = order.index(held(rec["spec"], dimension, on)) <= order.index(at_least)
        m, t = groups.get(g, (0, 0))
        groups[g] = (m + met, t + 1)
    if not by and not groups:
        groups[None] = (0, 0)
    rows = []
    for g in sorted(groups, key=lambda g: rank(by, g) if by else 0):
        row = {by: g} if by else {}
        m, t = groups[g]
        row.update(met=m, total=t, percent=pct(m, t))
        rows.append(row)
    return rows


def run(name, actor=CLI, **params):
    raw = {k: str(v) for k, v in params.items() if v is not None}
    return registry.run(name, policy_for(actor), raw)


def test_breakdown_every_dimension_group_and_date(world):
    for dimension, by, on in itertools.product(DIMENSIONS, BYS, DATES):
        got = run("breakdown", dimension=dimension, by=by, as_of=on)
        assert got["rows"] == expected_breakdown(dimension, by, on), (dimension, by, on)


def test_breakdown_filters(world):
    cases = [
        {"level": "commune"},
        {"kind": "state"},
        {"kind": "public_service"},
        {"category": "cadre"},
        {"leadership": "head"},
        {"level": "province", "leadership": "none"},
    ]
    for filters, on, dimension in itertools.product(cases, DATES, ["professional_band", "gender"]):
        got = run("breakdown", dimension=dimension, by="level", as_of=on, **filters)
        assert got["rows"] == expected_breakdown(dimension, "level", on, **filters), (filters, on)


@pytest.mark.parametrize("root", ["01", "01.D1", "01.C1", "01.C9", "02"])
def test_breakdown_unit_subtree_on_the_date(world, root):
    for on in DATES:
        got = run("breakdown", dimension="professional", by="unit", unit=root, as_of=on)
        assert got["rows"] == expected_breakdown("professional", "unit", on, roots=[root]), on


def test_attainment_every_threshold(world):
    for dimension in [
        "professional",
        "political_theory",
        "state_management",
        "it",
        "foreign_language",
        "defense_security",
    ]:
        for at_least, by, on in itertools.product(ORDER[dimension], BYS, DATES):
            got = run("attainment", dimension=dimension, at_least=at_least, by=by, as_of=on)
            want = expected_attainment(dimension, by, on, at_least=at_least)
            assert got["rows"] == want, (dimension, at_least, by, on)


def test_attainment_age_under(world):
    for under, by, on in itertools.product([30, 31, 40, 41, 60, 100], BYS, DATES):
        got = run("attainment", dimension="age", under=under, by=by, as_of=on)
        assert got["rows"] == expected_attainment("age", by, on, under=under), (under, by, on)


def test_attainment_filters_and_unit(world):
    got = run(
        "attainment",
        dimension="political_theory",
        at_least="intermediate",
        by="leadership",
        unit="01",
        as_of=AFTER,
        level="province",
    )
    assert got["rows"] == expected_attainment(
        "political_theory",
        "leadership",
        AFTER,
        at_least="intermediate",
        roots=["01"],
        level="province",
    )


# --- the as-of rules, by hand --------------------------------------------------------------


def test_contract_json_shape(world):
    got = run("breakdown", dimension="professional_band", by="level", as_of="2024-06-01", unit="01")
    assert got["report"] == "breakdown"
    assert got["params"] == {
        "dimension": "professional_band",
        "by": "level",
        "as_of": "2024-06-01",
        "unit": "01",
    }
    # province: A1 master, A2 uni, A3 master, A4 college, A5 intermediate, A6 elementary
    assert got["rows"][:4] == [
        {"level": "province", "value": "postgraduate", "count": 2, "total": 6, "percent": 33.33},
        {"level": "province", "value": "university", "count": 1, "total": 6, "percent": 16.67},
        {
            "level": "province",
            "value": "college_vocational",
            "count": 2,
            "total": 6,
            "percent": 33.33,
        },
        {
            "level": "province",
            "value": "elementary_or_below",
            "count": 1,
            "total": 6,
            "percent": 16.67,
        },
    ]


def test_a_person_who_moved_counts_where_they_were(world):
    before = run("breakdown", dimension="gender", by="unit", as_of=BEFORE)["rows"]
    after = run("breakdown", dimension="gender", by="unit", as_of=AFTER)["rows"]
    assert {"unit": "01.D1", "value": "female", "count": 1, "total": 2, "percent": 50.0} in before
    assert not any(r["unit"] == "01.D1" for r in after)  # the district ceased
    assert {"unit": "01.SNV", "value": "female", "count": 2, "total": 5, "percent": 40.0} in after


def test_a_qualification_obtained_after_the_date_is_not_counted(world):
    on_date = run(
        "attainment", dimension="professional", at_least="doctorate", as_of=BEFORE, unit="01"
    )
    later = run(
        "attainment", dimension="professional", at_least="doctorate", as_of=AFTER, unit="01"
    )
    assert on_date["rows"] == [{"met": 0, "total": 12, "percent": 0.0}]
    # A3's doctorate of 2025-01-10; B4 joined in August 2025
    assert later["rows"] == [{"met": 1, "total": 13, "percent": 7.69}]


def test_a_qualification_given_up_is_none_from_then(world):
    rows = run("breakdown", dimension="it", unit="01.C9", as_of=AFTER)["rows"]
    assert rows == [{"value": "none", "count": 3, "total": 3, "percent": 100.0}]


def test_a_merged_unit_and_a_moved_commune(world):
    before = run("breakdown", dimension="category", unit="01.D1", as_of=BEFORE)["rows"]
    # A7, A8 in the district; A9, B1 in Xã Một; B2, B3 in Xã Hai
    assert sum(r["count"] for r in before) == 6
    assert run("breakdown", dimension="category", unit="01.D1", as_of=AFTER)["rows"] == []
    c9 = run("breakdown", dimension="category", by="level", unit="01.C9", as_of=AFTER)["rows"]
    assert [(r["value"], r["count"]) for r in c9] == [
        ("cadre", 1),
        ("civil_servant", 1),
        ("other", 1),
    ]
    # Xã Một: commune under the district before, under the province after; its level holds
    assert (
        run("breakdown", dimension="gender", by="level", unit="01", as_of=AFTER)["rows"][-1][
            "level"
        ]
        == "commune"
    )


def test_a_kind_as_it_was_then(world):
    rows_2023 = run("breakdown", dimension="gender", by="kind", unit="01.SYT", as_of="2023-06-01")
    rows_2024 = run("breakdown", dimension="gender", by="kind", unit="01.SYT", as_of=BEFORE)
    assert {r["kind"] for r in rows_2023["rows"]} == {"state"}
    assert {r["kind"] for r in rows_2024["rows"]} == {"public_service"}


def test_age_on_the_birthday_and_29_february(world):
    # A5 and A4 were born 1994-06-01: 30 on 2024-06-01, 29 the day before
    assert age(dt.date(1994, 6, 1), BEFORE) == 30
    rows = run("attainment", dimension="age", under=30, unit="01.SYT", as_of=BEFORE)["rows"]
    assert rows == [{"met": 0, "total": 3, "percent": 0.0}]
    rows = run("attainment", dimension="age", under=30, unit="01.SYT", as_of="2024-05-31")["rows"]
    assert rows == [{"met": 2, "total": 3, "percent": 66.67}]
    # A6 born 1984-02-29 turns 40 on 2024-03-01 (not on 28 February)
    assert run(
        "attainment",
        dimension="age",
        under=40,
        unit="01.SYT",
        as_of="2024-02-28",
        category="civil_servant",
    )["rows"] == [{"met": 1, "total": 1, "percent": 100.0}]
    assert run(
        "attainment",
        dimension="age",
        under=40,
        unit="01.SYT",
        as_of="2024-03-01",
        category="civil_servant",
    )["rows"] == [{"met": 0, "total": 1, "percent": 0.0}]


def test_zero_whole_is_null(world):
    rows = run("attainment", dimension="it", at_least="basic", as_of="2019-01-01")["rows"]
    assert rows == [{"met": 0, "total": 0, "percent": None}]
    assert run("breakdown", dimension="it", as_of="2019-01-01")["rows"] == []


def test_percent_rounds_half_up():
    from dtbd.reports.workforce import percent

    assert percent(1, 8) == 12.5
    assert percent(1, 800) == 0.13  # 0.125 → 0.13 (banker's rounding would give 0.12)
    assert percent(2, 3) == 66.67
    assert percent(1, 3) == 33.33
    assert percent(5, 0) is None


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params", "field", "message"),
    [
        ("breakdown", {}, "dimension", "dimension is required"),
        ("breakdown", {"dimension": "height"}, "dimension", "'height' is not one of"),
        ("breakdown", {"dimension": "gender", "by": "colour"}, "by", "'colour' is not one of"),
        ("breakdown", {"dimension": "gender", "as_of": "31/02/2024"}, "as_of", "not a date"),
        ("breakdown", {"dimension": "gender", "shoe": "1"}, "shoe", "unknown parameter 'shoe'"),
        ("breakdown", {"dimension": "gender", "year": "2024"}, "year", "year only goes with"),
        ("breakdown", {"dimension": "rating"}, "year", "year is required"),
        ("attainment", {"dimension": "it"}, "at_least", "at_least is required"),
        (
            "attainment",
            {"dimension": "it", "at_least": "b1"},
            "at_least",
            "'b1' is not a level of it",
        ),
        ("attainment", {"dimension": "age"}, "under", "under is required"),
        ("attainment", {"dimension": "age", "under": "forty"}, "under", "not a whole number"),
        (
            "attainment",
            {"dimension": "it", "at_least": "basic", "under": "3"},
            "under",
            "under only goes with dimension age",
        ),
        ("attainment", {"dimension": "level", "at_least": "x"}, "dimension", "is not one of"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(world, name, params, field, message):
    with pytest.raises(ValidationFailed) as caught:
        run(name, **params)
    assert caught.value.field == field
    assert message in caught.value.message


def test_unknown_unit_is_not_found(world):
    with pytest.raises(NotFound, match="unit: 'ZZ' not found"):
        run("breakdown", dimension="gender", unit="ZZ")


def test_merger_date_itself(world):
    rows = run("breakdown", dimension="gender", by="unit", as_of=MERGER)["rows"]
    assert rows == expected_breakdown("gender", "unit", MERGER)
