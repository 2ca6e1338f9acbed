"""The `people` exchange file: everyone in post on a date, with what they held then."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from dtbd.core.codes import NONE, Dimension

from .selectors import holdings_on

HEADER = (
    "person_code",
    "full_name",
    "birth_date",
    "gender",
    "unit_code",
    "category",
    "leadership",
    "rank_code",
    "position_code",
    "ethnicity",
    "party_member",
    "national_id",
    *Dimension.values,
)


def people_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    qs = holdings_on(on, actor=actor).order_by("person__code")

    def rows() -> Iterator[tuple]:
        for post in qs.iterator(chunk_size=5000):
            person = post.person
            party = "" if person.party_member is None else str(person.party_member).lower()
            yield (
                person.code,
                person.full_name,
                person.birth_date,
                person.gender,
                post.unit.code,
                post.category,
                post.leadership,
                post.rank_code,
                post.position_code,
                person.ethnicity,
                party,
                person.national_id or "",
                *(getattr(post, d) or NONE for d in Dimension.values),
            )

    return HEADER, rows()
