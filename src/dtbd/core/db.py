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
                f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', _sqlite_rows(rows)
            )
    return len(rows)


def fetch_in(table: str, columns: Sequence[str], key: str, values: Sequence) -> list[tuple]:
    """Rows of `table` whose `key` is one of `values`, as tuples of `columns`.

    One array parameter on PostgreSQL; batches of placeholders on SQLite. Much cheaper than
    the ORM's `__in` for the thousands of keys of an import chunk.
    """
    if not values:
        return []
    q = connection.ops.quote_name
    select = f"SELECT {', '.join(q(c) for c in columns)} FROM {q(table)} WHERE {q(key)}"
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(f"{select} = ANY(%s)", [list(values)])
            return cursor.fetchall()
        rows: list[tuple] = []
        values = list(values)
        for start in range(0, len(values), SQLITE_BATCH):
            part = values[start : start + SQLITE_BATCH]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(part))})", part)
            rows.extend(cursor.fetchall())
        return rows


SQLITE_BATCH = 900  # below SQLite's oldest limit of 999 parameters


def execute_many(sql: str, rows: Sequence[Sequence]) -> None:
    """Run one statement for many parameter rows (bulk updates and deletes)."""
    if not rows:
        return
    if not is_postgres():
        rows = _sqlite_rows(rows)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _sqlite_rows(rows: Iterable[Sequence]) -> list[list]:
    """Parameters as Django's SQLite backend stores them; only datetimes need converting.

    Dates go through the adapter Django registers (date.isoformat); aware datetimes must be
    made naive in the connection's time zone. The conversion is remembered per value, since
    a bulk write stamps every row with the same time.
    """
    seen: dict[dt.datetime, str] = {}

    def adapt(value: dt.datetime) -> str:
        if value not in seen:
            seen[value] = connection.ops.adapt_datetimefield_value(value)
        return seen[value]

    datetime = dt.datetime
    return [[adapt(v) if isinstance(v, datetime) else v for v in row] for row in rows]
