"""The rating dimension: people in post on the date who were rated in `year`."""

import pytest

from dtbd.careers.assessments import assessment_create
from dtbd.core.errors import ValidationFailed
from tests.factories import ACTOR

from .conftest import AFTER, in_post, pct
from .test_workforce import run

RATINGS = {  # person -> {year: rating}
    "A1": {2024: "good"},
    "A2": {2024: "good", 2023: "completed"},
    "A3": {2024: "good"},
    "A4": {2024: "completed"},
    "A5": {2024: "not_completed"},
    "A8": {2024: "good"},
    "B2": {2024: "completed"},
    "X1": {2024: "good"},
}
ORDER = ["excellent", "good", "completed", "not_completed"]


@pytest.fixture
def rated(world):
    for code, years in RATINGS.items():
        for year, rating in years.items():
            assessment_create(actor=ACTOR, person=world.people[code], year=year, rating=rating)
    return world


def expected(year, by, on, at_least=None):
    groups = {}
    for rec in in_post(on):
        rating = RATINGS.get(rec["spec"].code, {}).get(year)
        if rating is None:
            continue
        groups.setdefault(rec[by] if by else None, []).append(rating)
    return groups


@pytest.mark.parametrize("by", [None, "level", "leadership"])
def test_breakdown_by_rating(rated, by):
    got = run("breakdown", dimension="rating", year=2024, by=by, as_of=AFTER)["rows"]
    want = []
    order = {
        "level": ["central", "province", "district", "commune"],
        "leadership": ["head", "deputy", "none"],
    }
    groups = expected(2024, by, AFTER)
    for g in sorted(groups, key=lambda g: order[by].index(g) if by else 0):
        ratings = groups[g]
        for value in ORDER:
            n = ratings.count(value)
            if n:
                row = {by: g} if by else {}
                row.update(value=value, count=n, total=len(ratings), percent=pct(n, len(ratings)))
                want.append(row)
    assert got == want


def test_breakdown_by_rating_by_hand(rated):
    got = run("breakdown", dimension="rating", year=2023, as_of=AFTER)["rows"]
    assert got == [{"value": "completed", "count": 1, "total": 1, "percent": 100.0}]


@pytest.mark.parametrize("at_least", ORDER)
def test_attainment_of_a_rating(rated, at_least):
    got = run("attainment", dimension="rating", year=2024, at_least=at_least, as_of=AFTER)
    ratings = expected(2024, None, AFTER)[None]
    met = sum(ORDER.index(r) <= ORDER.index(at_least) for r in ratings)
    assert got["rows"] == [{"met": met, "total": len(ratings), "percent": pct(met, len(ratings))}]
    assert len(ratings) == 8


def test_rating_needs_a_year(rated):
    with pytest.raises(ValidationFailed, match="year is required") as caught:
        run("attainment", dimension="rating", at_least="good")
    assert caught.value.field == "year"


def test_rating_at_least_must_be_a_rating(rated):
    with pytest.raises(ValidationFailed, match="'advanced' is not a level of rating"):
        run("attainment", dimension="rating", year=2024, at_least="advanced")
