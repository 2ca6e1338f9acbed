"""core.db.reading: a report's reads agree with each other, and on SQLite they do not wait
for a writer (an import holds the write lock for its whole transaction)."""

import sqlite3

import pytest
from django.db import connection, transaction

from dtbd.accounts.policy import policy_for
from dtbd.core.db import reading
from dtbd.organisation.models import Unit
from dtbd.reports import registry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writer():
    """Another connection to the test database, holding SQLite's write lock."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL readers never wait for writers")
    name = connection.settings_dict["NAME"]
    uri = name if str(name).startswith("file:") else f"file:{name}"
    other = sqlite3.connect(uri, uri=True, timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_report_runs_while_another_connection_holds_the_write_lock(writer):
    Unit.objects.count()  # the connection is open before the other one locks
    result = registry.run(
        "breakdown", policy_for("system"), {"dimension": "professional_band", "by": "level"}
    )
    assert result["report"] == "breakdown" and result["rows"] == []


def test_reads_outside_a_transaction_see_one_snapshot(writer):
    with reading():
        assert connection.in_atomic_block
        assert connection.connection.in_transaction  # begun DEFERRED: no lock taken
        Unit.objects.count()
    assert not connection.connection.in_transaction


def test_reads_and_atomic_blocks_nest_inside_it(writer):
    """A report may call code that reads (standard-gaps) or opens an atomic block of its own."""
    with reading():
        with reading(), transaction.atomic():
            Unit.objects.count()
        Unit.objects.count()
    assert connection.transaction_mode == "IMMEDIATE"  # what the settings ask for, again
    result = registry.run("standard-gaps", policy_for("system"), {})
    assert result["report"] == "standard-gaps"


def test_inside_a_transaction_it_is_a_savepoint_of_it():
    with transaction.atomic():
        with reading():
            assert connection.in_atomic_block
        assert connection.in_atomic_block


def test_an_error_inside_ends_the_read(writer):
    with pytest.raises(ZeroDivisionError), reading():
        Unit.objects.count()
        1 / 0  # noqa: B018
    assert not connection.connection.in_transaction
