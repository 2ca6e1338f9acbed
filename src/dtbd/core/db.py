"""Small database helpers that differ between SQLite and PostgreSQL."""

import datetime as dt
import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from django.db import DatabaseError, connection, transaction


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def reading() -> Iterator[None]:
    """Reads that must agree with each other (a report's queries) in one transaction.

    On SQLite the connection begins its transactions IMMEDIATE (settings: two writers then
    wait for each other instead of deadlocking), which takes the write lock: a report would
    wait for a running import to commit, and fail after the timeout. Outside another
    transaction, reads here begin a DEFERRED one instead (Django's atomic block, begun
    DEFERRED), which WAL serves from a snapshot without taking any lock. Inside another
    transaction, or on PostgreSQL, it is Django's atomic block as it stands.
    """
    if connection.vendor != "sqlite" or not connection.get_autocommit():
        with transaction.atomic():
            yield
        return
    # Only this BEGIN is deferred; atomic blocks inside are savepoints of it, as usual.
    sqlite: Any = connection  # the SQLite backend's wrapper has transaction_mode
    immediate = sqlite.transaction_mode
    sqlite.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic():
            sqlite.transaction_mode = immediate
            yield
    finally:
        sqlite.transaction_mode = immediate


def lock(name: str) -> None:
    """Serialise writers of one kind (e.g. the unit tree) until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite allows one writer anyway.
    """
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])


def hold_for_reference(table: str, ids: Iterable[int]) -> set[int]:
    """Lock rows that new rows will point at, as PostgreSQL's own foreign-key check does
    (FOR KEY SHARE: nobody can delete them, or change their key, until this transaction
    ends), and return the ids that do not exist. SQLite has one writer: only the check."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    lock = " FOR KEY SHARE" if is_postgres() else ""
    with connection.cursor() as cursor:
        found: set[int] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f'SELECT id FROM "{table}" WHERE id IN ({marks}){lock}', part)
            found.update(row[0] for row in cursor.fetchall())
    return set(wanted) - found


@contextmanager
def references_vouched() -> Iterator[None]:
    """Rows written inside whose references the caller has made sure of: PostgreSQL skips
    its per-row foreign-key checks, when the database role may (ADR 3, session 6).

    For a bulk load of new rows that point only at rows inserted in the same block (a new
    person's posts and qualifications) and at rows the caller has checked and held
    (hold_for_reference), each row's deferred check would ask the same question again at
    COMMIT: ~23 s of a million-person import's ~58 s of server time. Inside this block the
    rows skip them (session_replication_role = replica, as pg_restore --disable-triggers
    does), which also skips every other trigger: use it only on tables with none but the
    foreign keys' own (tests/people/test_import_checks.py keeps that so). Other writers,
    this block without the privilege, and SQLite keep every check.
    """
    if not is_postgres() or not may_skip_row_triggers():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        except BaseException:
            # After a database error PostgreSQL refuses every statement until the rollback,
            # which undoes the setting anyway: the error raised must be the first one.
            with suppress(DatabaseError):
                cursor.execute("SET LOCAL session_replication_role = origin")
            raise
        cursor.execute("SET LOCAL session_replication_role = origin")


def may_skip_row_triggers() -> bool:
    """Whether this PostgreSQL role may set session_replication_role (a superuser, or one
    granted it: GRANT SET ON PARAMETER session_replication_role TO …, PostgreSQL 15+)."""
    cached = getattr(connection, "_dtbd_may_skip", None)
    if cached is None:
        with connection.cursor() as cursor:
            if connection.pg_version >= 150000:  # type: ignore[attr-defined]
                cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
            else:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            cached = bool(cursor.fetchone()[0])
        connection._dtbd_may_skip = cached  # type: ignore[attr-defined]
    return cached


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
    flat = list(chain.from_iterable(rows))
    adapt_flat(flat, len(columns))
    return insert_flat(table, columns, flat)  # which refuses rows of the wrong length


def insert_flat(table: str, columns: Sequence[str], flat: list) -> int:
    """Insert rows laid end to end in one list, one value per column each, already in the
    form the database stores (adapt_flat). An importer builds them so in its reading
    process and the writer only fills in the ids (fill_ids)."""
    width = len(columns)
    if not flat:
        return 0
    if len(flat) % width:
        raise ValueError("every row needs one value per column")
    with connection.cursor() as cursor:
        if is_postgres():
            # Binary COPY: the client formats a row four times faster and the server parses
            # none of it. It needs each column's exact type, read from the catalogue.
            types = copy_types(table, columns)  # not once the COPY has begun
            with cursor.cursor.copy(_copy_in(table, columns)) as copy:
                copy.set_types(types)
                write = copy.write_row
                for start in range(0, len(flat), width):
                    write(flat[start : start + width])
        else:
            cols = ", ".join(f'"{c}"' for c in columns)
            _sqlite_insert(cursor, f'INSERT OR FAIL INTO "{table}" ({cols}) VALUES ', width, flat)
    return len(flat) // width


def _copy_in(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f'COPY "{table}" ({cols}) FROM STDIN (FORMAT BINARY)'


def copy_types(table: str, columns: Sequence[str]) -> list[int]:
    """The PostgreSQL type of each column (for binary COPY), read from the catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid::int FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [f'"{table}"'],
        )
        types = dict(cursor.fetchall())
    return [types[c] for c in columns]


# PostgreSQL's binary COPY file: a signature, flags and header extension length (both 0),
# the rows (a 16-bit field count, then each field's 32-bit length and bytes), a trailer.
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
COPY_TRAILER = b"\xff\xff"
INT8 = 20


@dataclass
class Encoded:
    """Rows in binary COPY form, made where they are built (an importer's reading process,
    which has no database), whose first column, an int8, is a position in the batch's ids
    until insert_encoded writes the ids there."""

    data: bytearray
    starts: bytes  # where each row begins in `data`, as int64
    positions: bytes  # each row's first value, as int64

    def __len__(self) -> int:
        return len(self.starts) // 8


def encode_rows(flat: list, width: int, types: Sequence[int]) -> Encoded:
    """Rows laid end to end (as insert_flat takes them) in binary COPY form, formatted by
    psycopg's own C formatter, without a connection."""
    from psycopg import pq
    from psycopg._copy_base import format_row_binary  # C, from psycopg's binary package
    from psycopg.adapt import Transformer

    if types[0] != INT8:
        raise ValueError("the first column must be an int8 (the position, then the id)")
    transformer = Transformer()
    transformer.set_dumper_types(list(types), pq.Format.BINARY)
    data = bytearray()
    starts = array("q")
    mark = starts.append
    for row in zip(*[iter(flat)] * width, strict=True):
        mark(len(data))
        format_row_binary(row, transformer, data)
    return Encoded(data, starts.tobytes(), array("q", flat[0::width]).tobytes())


def insert_encoded(table: str, columns: Sequence[str], rows: Encoded, ids: Sequence[int]) -> int:
    """Write rows encode_rows made, with ids[position] put in each row's first column."""
    if not len(rows):
        return 0
    data = np.frombuffer(rows.data, dtype=np.uint8)
    values = np.asarray(ids, dtype=">i8")[np.frombuffer(rows.positions, dtype=np.int64)]
    # The first field's 8 bytes follow the field count (2 bytes) and its length (4).
    at = np.frombuffer(rows.starts, dtype=np.int64)[:, None] + 6 + np.arange(8)
    data[at] = values.view(np.uint8).reshape(-1, 8)
    with connection.cursor() as cursor, cursor.cursor.copy(_copy_in(table, columns)) as copy:
        for part in (COPY_HEADER, rows.data, COPY_TRAILER):
            copy.write(part)
    return len(rows)


def fill_ids(flat: list, width: int, ids: Sequence[int]) -> None:
    """Replace the first value of each row, a position in `ids`, by that id."""
    flat[0::width] = list(map(ids.__getitem__, flat[0::width]))


def _sqlite_insert(cursor, insert: str, width: int, flat: list) -> None:
    """Many rows to one INSERT … VALUES (…), (…): SQLite inserts them a third faster than
    one statement per row. Parameters are one flat list.

    OR FAIL: a statement of many rows that may abort half-way must first copy every page it
    changes to a statement journal, which costs more than the rows. Failing instead leaves
    the rows before the bad one in place, but the error still rises and the caller's
    transaction (or savepoint) is rolled back whole, as it must be after any database error
    (on PostgreSQL a failed COPY aborts the transaction anyway).

    Statements hold a fixed number of rows (the most SQLite takes, then 10, then 1), so the
    driver's cache of prepared statements keeps three per table, not one per chunk's tail.
    They are written with SQLite's own `?` and run on the driver's cursor: Django's wrapper
    would rewrite every `%s` of a 10,000-parameter statement with a regular expression on
    each call, which cost a 100,000-person import more than half a second.
    """
    limit = 999  # the oldest SQLite's limit on parameters
    getlimit = getattr(connection.connection, "getlimit", None)
    if getlimit is not None:
        limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    values = "(" + ", ".join(["?"] * width) + ")"
    executemany = sqlite3.Cursor.executemany
    start = 0
    for per_statement in (max(1, min(limit, 10_000) // width), 10, 1):
        size = per_statement * width
        end = start + (len(flat) - start) // size * size
        if end > start:
            executemany(
                cursor.cursor,
                insert + ", ".join([values] * per_statement),
                [flat[i : i + size] for i in range(start, end, size)],
            )
        start = end


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
    lists = [list(row) for row in rows]
    for row in lists:
        adapt_flat(row, len(row))
    return lists


def adapt_flat(flat: list, width: int) -> None:
    """Convert in place the values of rows laid end to end to what the database stores.

    PostgreSQL's COPY takes Python's values as they are. SQLite stores, as Django's backend
    does, dates as ISO text and aware datetimes naive in the connection's time zone.

    Column by column, so that the loops run in C: a column with dates maps each distinct
    value once (a bulk write repeats the same few: the import's date, the open end, its time
    stamp), and the other columns are not touched. Needs no database connection (an
    importer's reading process calls it).
    """
    if is_postgres():
        return
    for i in range(width):
        column = flat[i::width]
        if any(issubclass(t, dt.date) for t in set(map(type, column))):
            converted = {v: _sqlite_value(v) for v in set(column)}
            flat[i::width] = list(map(converted.__getitem__, column))


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
