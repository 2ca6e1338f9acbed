"""The `courses` and `enrolments` exchange files, as the importers read them back."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .importer import CoursesImporter, EnrolmentsImporter
from .selectors import courses_visible, enrolments_visible

COURSES_HEADER = (*CoursesImporter.required, *CoursesImporter.optional)
ENROLMENTS_HEADER = (*EnrolmentsImporter.required, *EnrolmentsImporter.optional)


def courses_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """Every class the actor may see (`on` is not used: classes are not dated records)."""
    qs = (
        courses_visible(actor)
        .select_related("organizer_unit", "institution")
        .order_by("course_code")
    )

    def rows() -> Iterator[tuple]:
        for c in qs.iterator(chunk_size=2000):
            yield (
                c.course_code,
                c.name,
                c.program_category,
                c.organizer_unit.code,
                c.start_date,
                c.end_date,
                c.mode,
                c.institution.code if c.institution_id else c.institution_name,
                "" if c.capacity is None else c.capacity,
                "" if c.budget_vnd is None else c.budget_vnd,
                c.venue,
            )

    return COURSES_HEADER, rows()


def enrolments_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    qs = (
        enrolments_visible(actor)
        .order_by("course__course_code", "person__code")
        .values_list(
            "course__course_code",
            "person__code",
            "status",
            "completed_on",
            "score",
            "certificate_no",
        )
    )

    def rows() -> Iterator[tuple]:
        for code, person, status, completed_on, score, certificate in qs.iterator(chunk_size=5000):
            yield (
                code,
                person,
                status,
                completed_on or "",
                "" if score is None else _score(score),
                certificate,
            )

    return ENROLMENTS_HEADER, rows()


def _score(value) -> str:
    text = format(value.normalize(), "f")
    return text


def programmes_export(*, actor: Any, on: dt.date) -> tuple[tuple[str, ...], Iterator[tuple]]:
    from dtbd.core.dates import open_end

    from .importer import ProgrammesImporter
    from .models import Programme

    header = (*ProgrammesImporter.required, *ProgrammesImporter.optional)

    def rows() -> Iterator[tuple]:
        for p in Programme.objects.order_by("code"):
            yield (
                p.code,
                p.name,
                p.category,
                p.confers_dimension,
                p.confers_level,
                "" if p.periods is None else p.periods,
                p.audience,
                p.issuing_body,
                "; ".join(p.compulsory_modules.splitlines()),
                open_end(p.valid_from) or "",
                open_end(p.valid_to) or "",
            )

    return header, rows()
