"""Each class's counts of enrolments, kept by the database (ADR 0012).

`training_classtally` holds, per class, its enrolments that count (every status but
withdrawn), its completions and its learners: the person ids of the enrolments that count,
each as 16 hex digits, run together in no particular order (`learner_ids` reads them). With
them a decade's distinct learners of a province are a union of a few thousand short strings
instead of a scan of half a million enrolments (reports.volume).

Triggers on `training_enrolment` keep it: whatever writes an enrolment (a nomination, a
class completion, the import's COPY, a bulk UPDATE, a cascade) changes the tally in the same
statement, so no writer can forget it. On PostgreSQL inserts
and deletes are tallied once a statement from its transition table (a 100,000-row COPY costs
one grouped upsert); updates row by row, only when the status or the class changed. SQLite
has row triggers only; each costs about a microsecond. A learner added is appended; one
removed (a deletion, a withdrawal, a move) makes its class's learners be rewritten from the
enrolments, which only such rarer writes pay for.

A load that bypasses triggers (PostgreSQL's session_replication_role = replica, as the
national benchmark's generator uses) must call `rebuild`; `differences` names the classes
whose tally is wrong (`dtbd rebuild_tallies --check` asks it).
"""

from collections.abc import Iterable

import numpy as np
from django.db import connection

from dtbd.core.codes import EnrolmentStatus

WITHDRAWN = str(EnrolmentStatus.WITHDRAWN)
COMPLETED = str(EnrolmentStatus.COMPLETED)
HEX = 16  # hex digits a learner's id takes in `learners`

_COUNTS = f"""
    count(*) FILTER (WHERE status <> '{WITHDRAWN}'),
    count(*) FILTER (WHERE status = '{COMPLETED}'),
    coalesce(string_agg(lpad(to_hex(person_id), {HEX}, '0'), '')
        FILTER (WHERE status <> '{WITHDRAWN}'), '')
"""
# A class's learners written again from its enrolments (PostgreSQL, then SQLite).
_PG_LEARNERS = f"""coalesce((SELECT string_agg(lpad(to_hex(e.person_id), {HEX}, '0'), '')
    FROM training_enrolment e WHERE e.course_id = {{course}} AND e.status <> '{WITHDRAWN}'), '')"""
_SQLITE_LEARNERS = f"""coalesce((SELECT group_concat(printf('%0{HEX}x', e.person_id), '')
    FROM training_enrolment e WHERE e.course_id = {{course}} AND e.status <> '{WITHDRAWN}'), '')"""

POSTGRESQL = f"""
CREATE FUNCTION training_tally_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_classtally AS t (course_id, enrolled, completed, learners)
    SELECT course_id, {_COUNTS} FROM added GROUP BY course_id
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = t.enrolled + excluded.enrolled,
            completed = t.completed + excluded.completed,
            learners = t.learners || excluded.learners;
    RETURN NULL;
END $$;
CREATE TRIGGER training_tally_insert AFTER INSERT ON training_enrolment
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION training_tally_added();

CREATE FUNCTION training_tally_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE training_classtally AS t
        SET enrolled = t.enrolled - r.enrolled, completed = t.completed - r.completed,
            learners = CASE WHEN r.enrolled = 0 THEN t.learners
                ELSE {_PG_LEARNERS.format(course="t.course_id")} END
    FROM (SELECT course_id, {_COUNTS} FROM removed GROUP BY course_id)
        AS r (course_id, enrolled, completed, learners)
    WHERE t.course_id = r.course_id;
    RETURN NULL;
END $$;
CREATE TRIGGER training_tally_delete AFTER DELETE ON training_enrolment
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION training_tally_removed();

CREATE FUNCTION training_tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    learner_changed boolean := OLD.course_id IS DISTINCT FROM NEW.course_id
        OR (OLD.status = '{WITHDRAWN}') <> (NEW.status = '{WITHDRAWN}');
BEGIN
    UPDATE training_classtally
        SET enrolled = enrolled - (OLD.status <> '{WITHDRAWN}')::int,
            completed = completed - (OLD.status = '{COMPLETED}')::int,
            learners = CASE WHEN learner_changed
                THEN {_PG_LEARNERS.format(course="OLD.course_id")} ELSE learners END
        WHERE course_id = OLD.course_id;
    INSERT INTO training_classtally AS t (course_id, enrolled, completed, learners)
    VALUES (NEW.course_id, (NEW.status <> '{WITHDRAWN}')::int, (NEW.status = '{COMPLETED}')::int,
        CASE WHEN NEW.status <> '{WITHDRAWN}' THEN lpad(to_hex(NEW.person_id), {HEX}, '0')
        ELSE '' END)  -- a class without a row had no other enrolment
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = t.enrolled + excluded.enrolled,
            completed = t.completed + excluded.completed,
            learners = CASE WHEN learner_changed
                THEN {_PG_LEARNERS.format(course="t.course_id")} ELSE t.learners END;
    RETURN NULL;
END $$;
CREATE TRIGGER training_tally_update AFTER UPDATE OF status, course_id ON training_enrolment
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.course_id IS DISTINCT FROM NEW.course_id)
    EXECUTE FUNCTION training_tally_moved();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS training_tally_insert ON training_enrolment;
DROP TRIGGER IF EXISTS training_tally_delete ON training_enrolment;
DROP TRIGGER IF EXISTS training_tally_update ON training_enrolment;
DROP FUNCTION IF EXISTS training_tally_added();
DROP FUNCTION IF EXISTS training_tally_removed();
DROP FUNCTION IF EXISTS training_tally_moved();
"""

_ADD = """
    INSERT INTO training_classtally (course_id, enrolled, completed, learners)
    VALUES ({row}.course_id, {row}.status <> '{withdrawn}', {row}.status = '{completed}',
        {append})
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed,
            learners = learners || excluded.learners;
"""
_TAKE = """
    UPDATE training_classtally
        SET enrolled = enrolled - ({row}.status <> '{withdrawn}'),
            completed = completed - ({row}.status = '{completed}')
        WHERE course_id = {row}.course_id;
"""
# After a learner left a class (deleted, withdrawn, moved): its learners from the enrolments.
_RELIST = """
    UPDATE training_classtally SET learners = {learners}
        WHERE course_id = {row}.course_id{when};
"""
_LEARNER_CHANGED = (
    "(OLD.course_id IS NOT NEW.course_id"
    f" OR (OLD.status = '{WITHDRAWN}') <> (NEW.status = '{WITHDRAWN}'))"
)


_APPEND = (
    f"CASE WHEN NEW.status <> '{WITHDRAWN}' THEN printf('%0{HEX}x', NEW.person_id) ELSE '' END"
)


def _sqlite(part: str, row: str, append: str = "''", when: str = "") -> str:
    return part.format(
        row=row,
        append=append,
        when=when,
        withdrawn=WITHDRAWN,
        completed=COMPLETED,
        hex=HEX,
        learners=_SQLITE_LEARNERS.format(course=f"{row}.course_id"),
    )


SQLITE = [
    "CREATE TRIGGER training_tally_insert AFTER INSERT ON training_enrolment BEGIN"
    + _sqlite(_ADD, "NEW", _APPEND)
    + "END",
    # Row by row, the learners only when the row was one (a withdrawn row never was).
    "CREATE TRIGGER training_tally_delete AFTER DELETE ON training_enrolment BEGIN"
    + _sqlite(_TAKE, "OLD")
    + "END",
    "CREATE TRIGGER training_tally_delete_learner AFTER DELETE ON training_enrolment"
    f" WHEN OLD.status <> '{WITHDRAWN}' BEGIN" + _sqlite(_RELIST, "OLD") + "END",
    # The learners of both classes from the enrolments, after the counts (one body: SQLite
    # fires the triggers of one event in no order a second trigger could rely on), only if
    # a learner left a class or joined one (a move, a withdrawal or its undoing).
    "CREATE TRIGGER training_tally_update AFTER UPDATE OF status, course_id"
    " ON training_enrolment"
    " WHEN OLD.status IS NOT NEW.status OR OLD.course_id IS NOT NEW.course_id BEGIN"
    + _sqlite(_TAKE, "OLD")
    + _sqlite(_ADD, "NEW")
    + _sqlite(_RELIST, "OLD", when=f" AND {_LEARNER_CHANGED}")
    + _sqlite(_RELIST, "NEW", when=f" AND {_LEARNER_CHANGED}")
    + "END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS training_tally_{name}"
    for name in ("insert", "delete", "delete_learner", "update")
]


def install(schema_editor) -> None:
    """Create the triggers (the migration)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    else:
        for statement in SQLITE:
            schema_editor.execute(statement)


def uninstall(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def _recount() -> str:
    """Every class's tally from its enrolments, learners in id order."""
    if connection.vendor == "postgresql":
        learners = f"""coalesce(string_agg(lpad(to_hex(person_id), {HEX}, '0'), ''
            ORDER BY person_id) FILTER (WHERE status <> '{WITHDRAWN}'), '')"""
        source = "training_enrolment"
    else:  # group_concat follows the order of its input
        learners = f"""coalesce(group_concat(CASE WHEN status <> '{WITHDRAWN}'
            THEN printf('%0{HEX}x', person_id) END, ''), '')"""
        source = "(SELECT * FROM training_enrolment ORDER BY course_id, person_id)"
    return f"""
        SELECT course_id,
            SUM(CASE WHEN status <> '{WITHDRAWN}' THEN 1 ELSE 0 END) AS enrolled,
            SUM(CASE WHEN status = '{COMPLETED}' THEN 1 ELSE 0 END) AS completed,
            {learners} AS learners
        FROM {source} AS e GROUP BY course_id
    """


def rebuild() -> int:
    """Recount every class from its enrolments, in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM training_classtally")
        cursor.execute(
            "INSERT INTO training_classtally (course_id, enrolled, completed, learners)"
            f" {_recount()}"
        )
        return cursor.rowcount


def differences() -> list[int]:
    """Ids of the classes whose tally differs from a recount of their enrolments."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT coalesce(r.course_id, t.course_id),
                coalesce(r.enrolled, 0) = coalesce(t.enrolled, 0)
                    AND coalesce(r.completed, 0) = coalesce(t.completed, 0),
                coalesce(r.learners, ''), coalesce(t.learners, '')
            FROM ({_recount()}) AS r
            FULL OUTER JOIN training_classtally AS t ON t.course_id = r.course_id
            WHERE coalesce(r.enrolled, 0) <> coalesce(t.enrolled, 0)
               OR coalesce(r.completed, 0) <> coalesce(t.completed, 0)
               OR coalesce(r.learners, '') <> coalesce(t.learners, '')
            ORDER BY 1
            """
        )
        # The same learners in another order are right: compare them as sets.
        return [
            course
            for course, counts_agree, counted, held in cursor.fetchall()
            if not counts_agree
            or not np.array_equal(np.sort(learner_ids(counted)), np.sort(learner_ids(held)))
        ]


def learner_ids(text: str) -> np.ndarray:
    """The person ids in `learners` values run together (one class's or many)."""
    return np.frombuffer(bytes.fromhex(text), dtype=">u8")


def count_learners(values: Iterable[str]) -> int:
    """How many distinct people are among the learners of these classes."""
    ids = learner_ids("".join(values))
    if not ids.size:
        return 0
    low = int(ids.min())
    span = int(ids.max()) - low + 1
    if span <= 1 << 27:  # ids close together, as a sequence gives them: one flag each
        seen = np.zeros(span, dtype=bool)
        seen[ids - low] = True
        return int(np.count_nonzero(seen))
    return int(np.unique(ids).size)
