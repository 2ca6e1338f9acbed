"""Each class's counts of enrolments, kept by the database (ADR 0012).

`training_classtally` holds, per class, its enrolments that count (every status but
withdrawn) and its completions. Triggers on `training_enrolment` keep it: whatever writes an
enrolment (a nomination, a class completion, the import's COPY, a bulk UPDATE, a cascade)
changes the tally in the same statement, so no writer can forget it. On PostgreSQL inserts
and deletes are tallied once a statement from its transition table (a 100,000-row COPY costs
one grouped upsert); updates row by row, only when the status or the class changed. SQLite
has row triggers only; each costs about a microsecond.

A load that bypasses triggers (PostgreSQL's session_replication_role = replica, as the
national benchmark's generator uses) must call `rebuild`; `differences` names the classes
whose tally is wrong (`dtbd rebuild_standings --check` asks it).
"""

from django.db import connection

from dtbd.core.codes import EnrolmentStatus

WITHDRAWN = str(EnrolmentStatus.WITHDRAWN)
COMPLETED = str(EnrolmentStatus.COMPLETED)

_COUNTS = f"""
    count(*) FILTER (WHERE status <> '{WITHDRAWN}'),
    count(*) FILTER (WHERE status = '{COMPLETED}')
"""

POSTGRESQL = f"""
CREATE FUNCTION training_tally_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO training_classtally AS t (course_id, enrolled, completed)
    SELECT course_id, {_COUNTS} FROM added GROUP BY course_id
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = t.enrolled + excluded.enrolled,
            completed = t.completed + excluded.completed;
    RETURN NULL;
END $$;
CREATE TRIGGER training_tally_insert AFTER INSERT ON training_enrolment
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION training_tally_added();

CREATE FUNCTION training_tally_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE training_classtally AS t
        SET enrolled = t.enrolled - r.enrolled, completed = t.completed - r.completed
    FROM (SELECT course_id, {_COUNTS} FROM removed GROUP BY course_id)
        AS r (course_id, enrolled, completed)
    WHERE t.course_id = r.course_id;
    RETURN NULL;
END $$;
CREATE TRIGGER training_tally_delete AFTER DELETE ON training_enrolment
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION training_tally_removed();

CREATE FUNCTION training_tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE training_classtally
        SET enrolled = enrolled - (OLD.status <> '{WITHDRAWN}')::int,
            completed = completed - (OLD.status = '{COMPLETED}')::int
        WHERE course_id = OLD.course_id;
    INSERT INTO training_classtally AS t (course_id, enrolled, completed)
    VALUES (NEW.course_id, (NEW.status <> '{WITHDRAWN}')::int, (NEW.status = '{COMPLETED}')::int)
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = t.enrolled + excluded.enrolled,
            completed = t.completed + excluded.completed;
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
    INSERT INTO training_classtally (course_id, enrolled, completed)
    VALUES ({row}.course_id, {row}.status <> '{withdrawn}', {row}.status = '{completed}')
    ON CONFLICT (course_id) DO UPDATE
        SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
"""
_TAKE = """
    UPDATE training_classtally
        SET enrolled = enrolled - ({row}.status <> '{withdrawn}'),
            completed = completed - ({row}.status = '{completed}')
        WHERE course_id = {row}.course_id;
"""


def _sqlite(part: str, row: str) -> str:
    return part.format(row=row, withdrawn=WITHDRAWN, completed=COMPLETED)


SQLITE = [
    "CREATE TRIGGER training_tally_insert AFTER INSERT ON training_enrolment BEGIN"
    + _sqlite(_ADD, "NEW")
    + "END",
    "CREATE TRIGGER training_tally_delete AFTER DELETE ON training_enrolment BEGIN"
    + _sqlite(_TAKE, "OLD")
    + "END",
    "CREATE TRIGGER training_tally_update AFTER UPDATE OF status, course_id"
    " ON training_enrolment"
    " WHEN OLD.status IS NOT NEW.status OR OLD.course_id IS NOT NEW.course_id BEGIN"
    + _sqlite(_TAKE, "OLD")
    + _sqlite(_ADD, "NEW")
    + "END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS training_tally_{name}" for name in ("insert", "delete", "update")
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


_RECOUNT = f"""
    SELECT course_id,
        SUM(CASE WHEN status <> '{WITHDRAWN}' THEN 1 ELSE 0 END) AS enrolled,
        SUM(CASE WHEN status = '{COMPLETED}' THEN 1 ELSE 0 END) AS completed
    FROM training_enrolment GROUP BY course_id
"""


def rebuild() -> int:
    """Recount every class from its enrolments, in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM training_classtally")
        cursor.execute(
            f"INSERT INTO training_classtally (course_id, enrolled, completed) {_RECOUNT}"
        )
        return cursor.rowcount


def differences() -> list[int]:
    """Ids of the classes whose tally differs from a recount of their enrolments."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT coalesce(r.course_id, t.course_id) FROM ({_RECOUNT}) AS r
            FULL OUTER JOIN training_classtally AS t ON t.course_id = r.course_id
            WHERE coalesce(r.enrolled, 0) <> coalesce(t.enrolled, 0)
               OR coalesce(r.completed, 0) <> coalesce(t.completed, 0)
            ORDER BY 1
            """
        )
        return [row[0] for row in cursor.fetchall()]
