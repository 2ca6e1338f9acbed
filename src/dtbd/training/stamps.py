"""Where each learner stood on the day they completed a class (ADR 0011).

A completed enrolment carries a copy of the learner's standing on `completed_on` (people's
ADR 0010): the unit, that unit's level then and the learner's leadership post. Every other
enrolment carries nothing. 10-BTCTW then counts a province's completions of a year from one
index, without visiting the province's 100,000 standings.

The copy is derived: `stamp` rewrites it for some people (or everyone) from the standings the
database holds now, in the caller's transaction. It runs after every refresh of standings
(people.hooks, registered in TrainingConfig.ready) and after every write of an enrolment's
status or completion date (training.results, the enrolments import). `differences` says whose
copies are wrong; `dtbd rebuild_standings --check` asks it.
"""

from collections.abc import Iterator

from django.db import connection

from dtbd.core.codes import EnrolmentStatus
from dtbd.people.models import Standing

from .models import Enrolment

CHUNK = 900  # people per statement: SQLite's parameters

_STANDING_THEN = """
    {s}.person_id = {e}.person_id
    AND {s}.valid_from <= {e}.completed_on AND {s}.valid_to >= {e}.completed_on
"""


def _tables() -> tuple[str, str]:
    q = connection.ops.quote_name
    return q(Enrolment._meta.db_table), q(Standing._meta.db_table)


def _people(person_ids: list[int] | None, column: str) -> Iterator[tuple[str, list[int]]]:
    """(a condition on `column`, its parameters): everyone once, or the ids in chunks."""
    if person_ids is None:
        yield "", []
        return
    for start in range(0, len(person_ids), CHUNK):
        part = person_ids[start : start + CHUNK]
        yield f" AND {column} IN ({', '.join(['%s'] * len(part))})", part


def stamp(person_ids: list[int] | None) -> None:
    """Rewrite the copies of these people's enrolments (None: everyone's); rows already
    right are not written."""
    enrolment, standing = _tables()
    completed = str(EnrolmentStatus.COMPLETED)
    with connection.cursor() as cursor:
        for people, params in _people(person_ids, "e.person_id"):
            cursor.execute(
                f"""
                UPDATE {enrolment} AS e SET
                    learner_unit_id = s.unit_id,
                    learner_unit_level = s.unit_level,
                    learner_leadership = s.leadership
                FROM {standing} AS s
                WHERE e.status = %s AND {_STANDING_THEN.format(s="s", e="e")}
                AND (e.learner_unit_id IS NULL OR e.learner_unit_id <> s.unit_id
                     OR e.learner_unit_level <> s.unit_level
                     OR e.learner_leadership <> s.leadership){people}
                """,
                [completed, *params],
            )
            # Not completed, or not in post on the day: nothing to copy.
            cursor.execute(
                f"""
                UPDATE {enrolment} AS e SET
                    learner_unit_id = NULL, learner_unit_level = '', learner_leadership = ''
                WHERE (e.learner_unit_id IS NOT NULL OR e.learner_unit_level <> ''
                       OR e.learner_leadership <> '')
                AND (e.status <> %s OR NOT EXISTS (
                    SELECT 1 FROM {standing} AS s WHERE {_STANDING_THEN.format(s="s", e="e")}
                )){people}
                """,
                [completed, *params],
            )


def differences(person_ids: list[int] | None) -> list[int]:
    """The people (of these, or all) with an enrolment whose copy is not their standing on
    the completion day."""
    enrolment, standing = _tables()
    wrong: set[int] = set()
    with connection.cursor() as cursor:
        for people, params in _people(person_ids, "e.person_id"):
            cursor.execute(
                f"""
                SELECT DISTINCT e.person_id FROM {enrolment} AS e
                LEFT JOIN {standing} AS s
                    ON e.status = %s AND {_STANDING_THEN.format(s="s", e="e")}
                WHERE ((s.person_id IS NULL AND (e.learner_unit_id IS NOT NULL
                        OR e.learner_unit_level <> '' OR e.learner_leadership <> ''))
                    OR (s.person_id IS NOT NULL AND (e.learner_unit_id IS NULL
                        OR e.learner_unit_id <> s.unit_id
                        OR e.learner_unit_level <> s.unit_level
                        OR e.learner_leadership <> s.leadership))){people}
                """,
                [str(EnrolmentStatus.COMPLETED), *params],
            )
            wrong.update(pk for (pk,) in cursor.fetchall())
    return sorted(wrong)
