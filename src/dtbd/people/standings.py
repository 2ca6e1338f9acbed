"""Standings: each person's posts, person fields, six qualification levels and the level and
kind of their unit folded into one row per maximal period in post in which none of them changes
(models.Standing, ADR 0010).

Every writer of posts, qualifications or the person fields copied here calls `refresh` for the
people it touched, in its own transaction; a change to a unit's level or kind refreshes the
people posted there (`refresh_units`, called through organisation.hooks); the people importer
writes a new person's single row itself. Apps that copy a piece of a standing hear of every
refresh and rebuild through people.hooks. `rebuild` recomputes the table
(`dtbd rebuild_standings`) and `differences` says whom it does not match.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection

from dtbd.core.codes import NONE, Dimension
from dtbd.core.dates import ONE_DAY
from dtbd.core.db import bulk_insert, is_postgres
from dtbd.organisation.models import UnitVersion

from . import hooks
from .models import Person, Post, Qualification, Standing

DIMENSIONS: tuple[str, ...] = tuple(Dimension.values)
PERSON_FIELDS = ("gender", "birth_date", "ethnicity", "party_member")
POST_FIELDS = ("unit_id", "category", "leadership", "rank_code", "position_code")
COLUMNS = (
    "person_id",
    "valid_from",
    "valid_to",
    "unit_id",
    "unit_level",
    "unit_kind",
    *POST_FIELDS[1:],
    *PERSON_FIELDS,
    *DIMENSIONS,
)
CHUNK = 5_000  # people per read while rebuilding

PostRow = tuple  # (valid_from, valid_to, *POST_FIELDS)
QualRow = tuple  # (valid_from, valid_to, level)
UnitRow = tuple  # (valid_from, valid_to, level, kind): a unit version
NO_VERSION = ("", "")  # a post in a unit on a day the unit did not exist


def standings_of(
    person_id: int,
    person: Sequence[Any],
    posts: Iterable[PostRow],
    quals: dict[str, list[QualRow]],
    units: dict[int, list[UnitRow]],
) -> list[tuple]:
    """The person's standing rows (in COLUMNS order) from their posts, their qualifications
    and the versions of the units they were posted to.

    A post's period is cut wherever a qualification or a version of its unit starts or ends
    inside it; consecutive pieces that say the same are merged again (also across posts that
    differ only in what is not copied here: the source of the record, a unit's name).
    """
    rows: list[list] = []
    person = tuple(person)
    for start, end, unit_id, *post in sorted(posts):
        versions = units.get(unit_id, ())
        cuts = {start}
        for spans in (*quals.values(), versions):
            for span in spans:
                if start < span[0] <= end:
                    cuts.add(span[0])
                if start <= span[1] < end:
                    cuts.add(span[1] + ONE_DAY)
        ordered = sorted(cuts)
        for i, piece_from in enumerate(ordered):
            piece_to = ordered[i + 1] - ONE_DAY if i + 1 < len(ordered) else end
            levels = tuple(_level_on(quals.get(d, ()), piece_from) for d in DIMENSIONS)
            unit = _unit_on(versions, piece_from)
            state = (unit_id, *unit, *post, *person, *levels)
            last = rows[-1] if rows else None
            if last is not None and last[2] + ONE_DAY == piece_from and tuple(last[3:]) == state:
                last[2] = piece_to
            else:
                rows.append([person_id, piece_from, piece_to, *state])
    return [tuple(row) for row in rows]


def _level_on(spans: Iterable[QualRow], on: dt.date) -> str:
    for q_from, q_to, level in spans:
        if q_from <= on <= q_to:
            return level
    return NONE


def _unit_on(versions: Iterable[UnitRow], on: dt.date) -> tuple[str, str]:
    for v_from, v_to, level, kind in versions:
        if v_from <= on <= v_to:
            return level, kind
    return NO_VERSION


def refresh_units(unit_ids: Iterable[int]) -> int:
    """Recompute the standings of everyone ever posted to these units (their level or kind
    changed); organisation.hooks calls it in the unit write's transaction."""
    ids = sorted(set(unit_ids))
    if not ids:
        return 0
    people = Post.objects.filter(unit_id__in=ids).values_list("person_id", flat=True).distinct()
    return refresh(list(people))


def refresh(person_ids: Iterable[int]) -> int:
    """Recompute the standings of these people from what the database holds now.

    Call it in the transaction that changed them, after the change. The people's rows are
    locked first (ordered, so two writers cannot deadlock), so a concurrent writer of the same
    person waits and then recomputes from what this one committed.
    """
    ids = sorted(set(person_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        if is_postgres():
            locked = Person.objects.filter(pk__in=part).order_by("pk").select_for_update()
            list(locked.values_list("pk", flat=True))
        rows = _compute(part)
        _delete(part)
        written += bulk_insert(Standing._meta.db_table, COLUMNS, rows)
    hooks.standings_refreshed(ids)
    return written


def rebuild(*, progress: Callable[[int, int], None] | None = None, copies: bool = True) -> int:
    """Recompute the whole table (in the caller's transaction), and the other apps' copies
    of it unless told not to (people.hooks); the number of rows written."""
    Standing.objects.all().delete()
    units = _unit_versions(None)
    bounds = Person.objects.order_by("pk").values_list("pk", flat=True)
    total = Person.objects.count()
    written = done = 0
    batch: list[int] = []
    for pk in bounds.iterator(chunk_size=CHUNK):
        batch.append(pk)
        if len(batch) == CHUNK:
            written += bulk_insert(
                Standing._meta.db_table, COLUMNS, _compute(batch, every=True, units=units)
            )
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        written += bulk_insert(
            Standing._meta.db_table, COLUMNS, _compute(batch, every=True, units=units)
        )
        done += len(batch)
    if progress:
        progress(done, total)
    if copies:
        hooks.standings_refreshed(None)
    return written


def differences(person_ids: Iterable[int] | None = None) -> list[int]:
    """The people (of these, or all) whose stored standings differ from what their posts and
    qualifications say: empty when the table is right."""
    every = person_ids is None
    ids = (
        list(Person.objects.order_by("pk").values_list("pk", flat=True))
        if person_ids is None
        else sorted(set(person_ids))
    )
    wrong: list[int] = []
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        expected: dict[int, list[tuple]] = {}
        for row in _compute(part, every=every):
            expected.setdefault(row[0], []).append(row)
        stored: dict[int, list[tuple]] = {}
        order = ("person_id", "valid_from")
        for row in _select(Standing._meta.db_table, COLUMNS, part, order=order, every=every):
            stored.setdefault(row[0], []).append(_typed(row, COLUMNS))
        wrong.extend(pk for pk in part if expected.get(pk, []) != stored.get(pk, []))
    return wrong


# --- reading what the standings are made of -------------------------------------------------


def _compute(
    person_ids: list[int], *, every: bool = False, units: dict[int, list[UnitRow]] | None = None
) -> list[tuple]:
    """Standing rows of these people (sorted ids; `every` id of their range, see _select),
    with `units` the unit versions when the caller has read them all."""
    people = {
        row[0]: _typed(row, ("id", *PERSON_FIELDS))[1:]
        for row in _select(
            Person._meta.db_table, ("id", *PERSON_FIELDS), person_ids, key="id", every=every
        )
    }
    post_columns = ("person_id", "valid_from", "valid_to", *POST_FIELDS)
    posts: dict[int, list[tuple]] = {}
    for row in _select(Post._meta.db_table, post_columns, person_ids, every=every):
        row = _typed(row, post_columns)
        posts.setdefault(row[0], []).append(row[1:])
    qual_columns = ("person_id", "dimension", "valid_from", "valid_to", "level")
    quals: dict[int, dict[str, list[tuple]]] = {}
    for row in _select(Qualification._meta.db_table, qual_columns, person_ids, every=every):
        row = _typed(row, qual_columns)
        quals.setdefault(row[0], {}).setdefault(row[1], []).append(row[2:])
    if units is None:
        units = _unit_versions({post[2] for spans in posts.values() for post in spans})
    rows: list[tuple] = []
    for pk in person_ids:
        if pk in posts and pk in people:
            rows.extend(standings_of(pk, people[pk], posts[pk], quals.get(pk, {}), units))
    return rows


def _unit_versions(unit_ids: set[int] | None) -> dict[int, list[UnitRow]]:
    """{unit id: its versions' (from, to, level, kind)}, of these units or of all."""
    versions = UnitVersion.objects.order_by("valid_from")
    if unit_ids is not None:
        versions = versions.filter(unit_id__in=sorted(unit_ids))
    out: dict[int, list[UnitRow]] = {}
    for unit_id, *version in versions.values_list(
        "unit_id", "valid_from", "valid_to", "level", "kind"
    ):
        out.setdefault(unit_id, []).append(tuple(version))
    return out


def _select(
    table: str,
    columns: Sequence[str],
    person_ids: list[int],
    *,
    key: str = "person_id",
    order: Sequence[str] = (),
    every: bool = False,
) -> list[tuple]:
    """Rows of `table` for the people: by their id range when `every` person in it is asked
    for (a rebuild reads the table in order), else by list."""
    q = connection.ops.quote_name
    select = f"SELECT {', '.join(q(c) for c in columns)} FROM {q(table)} WHERE "
    order_by = f" ORDER BY {', '.join(q(c) for c in order)}" if order else ""
    with connection.cursor() as cursor:
        if every:
            cursor.execute(
                f"{select}{q(key)} BETWEEN %s AND %s{order_by}", [person_ids[0], person_ids[-1]]
            )
            return cursor.fetchall()
        if is_postgres():
            cursor.execute(f"{select}{q(key)} = ANY(%s){order_by}", [person_ids])
            return cursor.fetchall()
        rows: list[tuple] = []
        for start in range(0, len(person_ids), 900):
            part = person_ids[start : start + 900]
            cursor.execute(f"{select}{q(key)} IN ({', '.join(['%s'] * len(part))}){order_by}", part)
            rows.extend(cursor.fetchall())
        return rows


DATE_COLUMNS = frozenset({"valid_from", "valid_to", "birth_date"})


def _typed(row: tuple, columns: Sequence[str]) -> tuple:
    """Dates as dates and Party membership as a boolean, whatever the driver returned
    (SQLite's raw cursor gives ISO text and 0/1)."""
    if is_postgres():
        return tuple(row)
    out = list(row)
    for i, name in enumerate(columns):
        value = out[i]
        if name in DATE_COLUMNS and isinstance(value, str):
            out[i] = dt.date.fromisoformat(value)
        elif name == "party_member" and value is not None:
            out[i] = bool(value)
    return tuple(out)


def _delete(person_ids: list[int]) -> None:
    table = connection.ops.quote_name(Standing._meta.db_table)
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(f"DELETE FROM {table} WHERE person_id = ANY(%s)", [person_ids])
            return
        for start in range(0, len(person_ids), 900):
            part = person_ids[start : start + 900]
            cursor.execute(
                f"DELETE FROM {table} WHERE person_id IN ({', '.join(['%s'] * len(part))})", part
            )
