"""core.db.encode_rows / insert_encoded: rows made in binary COPY form without a connection,
their first column a position until the writer puts the allocated ids there."""

import datetime as dt

import pytest
from django.db import connection

from dtbd.core import db
from dtbd.people.models import Person

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "code", "full_name", "given_name", "sort_key", "search_name", "birth_date")
COLUMNS += ("gender", "ethnicity", "party_member", "national_id", "version")
COLUMNS += ("created_at", "updated_at")


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("binary COPY is PostgreSQL's")


def person(position: int, code: str, national_id: str | None) -> list:
    now = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    born = dt.date(1990, 5, 6)
    name = ["Lê Văn An", "An", b"\x01\x02", "le van an"]
    return [position, code, *name, born, "male", "Kinh", None, national_id, 1, now, now]


def test_each_row_gets_the_id_of_its_position(postgres):
    types = db.copy_types("people_person", COLUMNS)
    # Positions out of order and ids not consecutive, as a batch may give them.
    flat = [*person(1, "B", None), *person(0, "A", "001090000001"), *person(2, "C", None)]
    encoded = db.encode_rows(flat, len(COLUMNS), types)
    assert len(encoded) == 3
    ids = db.allocate_ids("people_person", 3)
    ids = [ids[2], ids[0], ids[1]]
    assert db.insert_encoded("people_person", COLUMNS, encoded, ids) == 3
    got = {p.code: p for p in Person.objects.all()}
    assert {code: got[code].pk for code in "ABC"} == {"A": ids[0], "B": ids[1], "C": ids[2]}
    a = got["A"]
    assert (a.full_name, a.birth_date, a.national_id, a.party_member, bytes(a.sort_key)) == (
        "Lê Văn An",
        dt.date(1990, 5, 6),
        "001090000001",
        None,
        b"\x01\x02",
    )


def test_the_first_column_must_be_the_int8_id(postgres):
    types = db.copy_types("people_person", ("code", "full_name"))
    with pytest.raises(ValueError, match="must be an int8"):
        db.encode_rows(["A", "B"], 2, types)
