"""Small database helpers that differ between SQLite and PostgreSQL."""

import datetime as dt
import zlib
from collections.abc import Iterable, Sequence

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def lock(name: str) -> None:
    """Serialise writers of one kind (e.g. the unit tree) until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite allows one writer anyway.
    """
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])


def allocate_ids(table: str, count: int) -> list[int]:
    """Reserve `count` primary keys for rows inserted with bulk_insert.

    Must run in the inserting transaction: SQLite's single writer makes max(id) safe there.
    """
    if count == 0:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert many rows without the ORM's per-object cost: COPY on PostgreSQL."""
    rows = list(rows)
    if not rows:
        return 0
    cols = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                [[_sqlite_value(v) for v in row] for row in rows],
            )
    return len(rows)


def execute_many(sql: str, rows: Sequence[Sequence]) -> None:
    """Run one statement for many parameter rows (bulk updates and deletes)."""
    if not rows:
        return
    if not is_postgres():
        rows = [[_sqlite_value(v) for v in row] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _sqlite_value(value):
    # Store dates and times exactly as Django's SQLite backend does.
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
