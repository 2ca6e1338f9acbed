"""The people import's foreign keys on PostgreSQL: new people's rows skip the per-row checks
(core.db.references_vouched), so the tables they are written to must have no triggers but
the foreign keys' own, and the units they point at are checked and held instead."""

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from dtbd.core import db
from dtbd.organisation.models import Unit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

# The tables a people import inserts new people into, and the foreign keys they hold.
WRITTEN = ("people_person", "people_post", "people_qualification", "people_standing")
REFERENCES = {
    ("people_post", "person_id", "people_person"),
    ("people_post", "unit_id", "organisation_unit"),
    ("people_qualification", "person_id", "people_person"),
}


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no per-row triggers to skip")


def _bad_post(person_id: int, unit_id: int) -> None:
    """A post whose person does not exist; checked at once, not at COMMIT."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code,"
            " position_code, valid_from, valid_to, source, source_ref)"
            " VALUES (%s, %s, 'civil_servant', 'none', '', '', '2020-01-01', '9999-12-31',"
            " 'import', 'test')",
            [person_id, unit_id],
        )


def test_the_tables_written_have_no_triggers_of_their_own(postgres):
    """Skipping triggers skips all of them: a trigger added to these tables later would be
    silently bypassed by imports, so it must be added here and to the import's reasoning."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
            " WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY(%s)",
            [list(WRITTEN)],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text"
            " FROM pg_constraint c JOIN pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
            [list(WRITTEN)],
        )
        assert set(cursor.fetchall()) == REFERENCES


def test_rows_written_inside_skip_the_checks_and_outside_keep_them(postgres):
    unit = make_unit()
    with transaction.atomic():
        with db.references_vouched():
            _bad_post(-1, unit.pk)  # skipped: the block answers for its references
        with pytest.raises(IntegrityError), transaction.atomic():
            _bad_post(-2, unit.pk)
        transaction.set_rollback(True)


def test_an_error_inside_is_the_error_raised(postgres):
    """Not "current transaction is aborted" from putting the checks back."""
    unit = make_unit()
    with (
        pytest.raises(IntegrityError, match="post_category_valid"),
        transaction.atomic(),
        db.references_vouched(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code,"
            " position_code, valid_from, valid_to, source, source_ref)"
            " VALUES (-1, %s, 'nobody', 'none', '', '', '2020-01-01', '9999-12-31',"
            " 'import', 'test')",
            [unit.pk],
        )


def test_without_the_privilege_every_row_is_checked(postgres, monkeypatch):
    unit = make_unit()
    monkeypatch.setattr(db, "may_skip_row_triggers", lambda: False)
    with pytest.raises(IntegrityError), transaction.atomic(), db.references_vouched():
        _bad_post(-1, unit.pk)


def test_a_role_without_the_privilege_is_told_apart(postgres):
    assert db.may_skip_row_triggers()  # the tests' role is a superuser
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE ROLE dtbd_test_plain")  # undone with the transaction
        cursor.execute("SET LOCAL ROLE dtbd_test_plain")
        del connection._dtbd_may_skip
        try:
            assert db.may_skip_row_triggers() is False
        finally:
            del connection._dtbd_may_skip
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_a_held_unit_cannot_be_deleted_until_the_import_ends(postgres):
    unit = make_unit()
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    )
    try:
        other.execute("SET lock_timeout = '200ms'")
        with transaction.atomic():
            assert db.hold_for_reference(Unit._meta.db_table, [unit.pk]) == set()
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM organisation_unit WHERE id = %s", [unit.pk])
    finally:
        other.close()


def test_on_sqlite_units_are_checked_too():
    unit = make_unit()
    assert db.hold_for_reference("organisation_unit", [unit.pk, -1]) == {-1}
