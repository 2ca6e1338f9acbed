"""Conferring levels on completion, for many people at once.

The same rule as people.services.qualification_set(only_raise=True, source="course"): the
level conferred holds from the completion date until the person's next recorded change, and
only if it is higher than what they held that day. Completing a class of 200 and importing
100,000 enrolments both come here, so the rule is written once, with one read of the people's
qualifications and a few bulk writes (the people importer's way).
"""

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from django.db import connection

from dtbd.core.codes import NONE, SCALES
from dtbd.core.db import SQLITE_BATCH, bulk_insert, execute_many, is_postgres
from dtbd.core.timeline import Span, plan_set, value_on
from dtbd.people import standings
from dtbd.people.models import QUALIFICATION_INSERT, Qualification, Source

COURSE = Source.COURSE.value
# {dimension: {level: rank}}, computed once: Django rebuilds Choices.values on every access.
RANKS = {
    dimension: {level: len(scale.values) - 1 - i for i, level in enumerate(scale.values)}
    for dimension, scale in SCALES.items()
}


@dataclass(frozen=True)
class Conferral:
    person_id: int
    person_code: str
    dimension: str
    level: str
    on: dt.date
    source_ref: str  # the class's course_code
    certificate_no: str = ""
    institution: str = ""


def confer_many(conferrals: list[Conferral]) -> list[tuple[str, dict]]:
    """Raise the qualifications; return audit items (person code, data) for those raised."""
    if not conferrals:
        return []
    table = Qualification._meta.db_table
    spans: dict[tuple[int, str], list[Span]] = defaultdict(list)
    for dimension in sorted({c.dimension for c in conferrals}):
        person_ids = sorted({c.person_id for c in conferrals if c.dimension == dimension})
        for pk, person_id, start, end, level in _timelines(table, dimension, person_ids):
            if isinstance(start, str):  # SQLite through a raw cursor
                start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
            spans[(person_id, dimension)].append(Span(pk, start, end, level))
    for timeline in spans.values():
        timeline.sort(key=attrgetter("valid_from"))

    closes: dict[int, dt.date] = {}
    deletes: set[int] = set()
    added: dict[int, list] = {}  # negative id -> [person, dimension, level, from, to, conferral]
    audits: list[tuple[str, dict]] = []
    new_ids = itertools.count(-1, -1)  # spans not yet written
    for item in sorted(conferrals, key=attrgetter("on")):
        timeline = spans[(item.person_id, item.dimension)]
        held = value_on(timeline, item.on) or NONE
        ranks = RANKS[item.dimension]
        if ranks[item.level] <= ranks.get(str(held), 0):
            continue
        plan = plan_set(timeline, item.on, item.level)
        if plan.close:
            pk, end = plan.close
            if pk < 0:
                added[pk][4] = end
            else:
                closes[pk] = end
            _replace(timeline, pk, end=end)
        start_end = plan.add
        if plan.replace:
            pk = plan.replace[0]
            old = next(s for s in timeline if s.id == pk)
            if pk < 0:
                del added[pk]
            else:
                deletes.add(pk)
                closes.pop(pk, None)
            timeline.remove(old)
            start_end = (old.valid_from, old.valid_to, item.level)
        if start_end:
            new_id = next(new_ids)
            start, end, _ = start_end
            added[new_id] = [item.person_id, item.dimension, item.level, start, end, item]
            timeline.append(Span(new_id, start, end, item.level))
            timeline.sort(key=attrgetter("valid_from"))
        audits.append(
            (
                item.person_code,
                {
                    "dimension": item.dimension,
                    "level": item.level,
                    "on": str(item.on),
                    "source": COURSE,
                    "source_ref": item.source_ref,
                    "before": str(held),
                },
            )
        )
    q = connection.ops.quote_name(table)
    execute_many(f"DELETE FROM {q} WHERE id = %s", [(pk,) for pk in sorted(deletes)])
    execute_many(
        f"UPDATE {q} SET valid_to = %s WHERE id = %s",
        [(end, pk) for pk, end in sorted(closes.items())],
    )
    bulk_insert(
        table,
        QUALIFICATION_INSERT,
        [
            (
                p,
                d,
                lv,
                start,
                end,
                COURSE,
                c.source_ref[:100],
                c.certificate_no,
                c.institution[:255],
            )
            for p, d, lv, start, end, c in added.values()
        ],
    )
    standings.refresh(p for p, *_rest in added.values())
    return audits


def _timelines(table: str, dimension: str, person_ids: list[int]) -> list[tuple]:
    """The qualification periods of one dimension of these people (not their other ones)."""
    q = connection.ops.quote_name
    select = (
        f"SELECT id, person_id, valid_from, valid_to, level FROM {q(table)} "
        "WHERE dimension = %s AND person_id"
    )
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(f"{select} = ANY(%s)", [dimension, person_ids])
            return cursor.fetchall()
        for start in range(0, len(person_ids), SQLITE_BATCH):
            part = person_ids[start : start + SQLITE_BATCH]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(part))})", [dimension, *part])
            rows.extend(cursor.fetchall())
    return rows


def _replace(timeline: list[Span], pk: int, *, end: dt.date) -> None:
    for i, span in enumerate(timeline):
        if span.id == pk:
            timeline[i] = Span(span.id, span.valid_from, end, span.value)
            return
