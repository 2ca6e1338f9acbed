"""The `courses` and `enrolments` exchange files (contract: "Files").

courses: course_code, name, program_category, organizer_unit_code, start_date, end_date
         [, mode, institution, capacity, budget_vnd, venue]
enrolments: course_code, person_code, status [, completed_on, score, certificate_no]

Rows are keyed by course_code (and person_code): a second import of the same file changes
nothing; a changed row updates the record (version + 1, audited). An enrolment `completed`
confers the class's level on `completed_on` (only raising, training.conferral), in the
import's transaction. Enrolments are written in bulk per chunk, for 100,000-row files.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone

from dtbd.core.codes import EnrolmentStatus, Mode, ProgramCategory, UnitKind
from dtbd.core.dates import parse_date
from dtbd.core.db import bulk_insert, execute_many, fetch_in
from dtbd.core.errors import ValidationFailed
from dtbd.core.text import nfc
from dtbd.exchange.engine import Importer
from dtbd.organisation.models import Unit, UnitVersion
from dtbd.people.models import Person, Post

from . import stamps
from .audit import audit_bulk
from .conferral import Conferral, confer_many
from .models import Course, CourseStatus, Enrolment
from .services import CODE_PATTERN, course_snapshot

CATEGORIES = frozenset(ProgramCategory.values)
MODES = frozenset(Mode.values)
STATUSES = frozenset(EnrolmentStatus.values)
COMPLETED = EnrolmentStatus.COMPLETED.value
MAX_INT = 2**53


def _whole(importer: Importer, row: int, values: dict[str, str], column: str) -> int | None:
    text = values.get(column, "").replace(" ", "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        importer.error(row, column, f"'{values[column]}' is not a whole number")
        return None
    if not 0 <= number < MAX_INT:
        importer.error(row, column, f"{number} is out of range (0 or more)")
        return None
    return number


@dataclass
class CourseRow:
    row: int
    fields: dict[str, Any]


class CoursesImporter(Importer):
    kind = "courses"
    key = "course_code"
    required = (
        "course_code",
        "name",
        "program_category",
        "organizer_unit_code",
        "start_date",
        "end_date",
    )
    optional = ("mode", "institution", "capacity", "budget_vnd", "venue")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: dict[str, CourseRow] = {}
        self.units = dict(Unit.objects.values_list("code", "pk"))
        periods: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for unit_id, start, end in UnitVersion.objects.filter(
            kind=UnitKind.TRAINING_INSTITUTION
        ).values_list("unit_id", "valid_from", "valid_to"):
            periods[unit_id].append((start, end))
        self.institutions = periods

    def _institution(self, text: str, on: dt.date | None) -> tuple[int | None, str]:
        """A training institution's unit code when one matches on the start date, else the
        text as the name of an outside body (ADR 0005)."""
        text = nfc(text)
        if not text:
            return None, ""
        unit_id = self.units.get(text)
        if unit_id and on and any(s <= on <= e for s, e in self.institutions.get(unit_id, ())):
            return unit_id, ""
        return None, text

    def process(self, chunk):
        for row, values in chunk:
            mark = self.error_mark()
            code = self.required_cell(row, values, "course_code")
            name = nfc(self.required_cell(row, values, "name"))
            category = self.required_cell(row, values, "program_category")
            organizer = self.required_cell(row, values, "organizer_unit_code")
            start = self.date_cell(row, values, "start_date")
            end = self.date_cell(row, values, "end_date")
            for column in ("start_date", "end_date"):
                if not values[column]:
                    self.error(row, column, "required value is missing")
            if code and not CODE_PATTERN.match(code):
                self.error(row, "course_code", f"'{code}' is not a valid course code")
            if category and category not in CATEGORIES:
                self.error(
                    row,
                    "program_category",
                    f"unknown program_category '{category}' (expected one of "
                    f"{', '.join(ProgramCategory.values)})",
                )
            mode = values["mode"] or Mode.CONCENTRATED.value
            if mode not in MODES:
                self.error(
                    row, "mode", f"unknown mode '{mode}' (expected one of {', '.join(Mode.values)})"
                )
            organizer_id = self.units.get(organizer)
            if organizer and organizer_id is None:
                self.error(row, "organizer_unit_code", f"unknown unit '{organizer}'")
            if start and end and end < start:
                self.error(
                    row,
                    "end_date",
                    f"end_date {end:%d/%m/%Y} is before start_date {start:%d/%m/%Y}",
                )
            capacity = _whole(self, row, values, "capacity")
            if capacity == 0:
                self.error(
                    row, "capacity", "capacity must be at least 1 (leave it blank for no limit)"
                )
            budget = _whole(self, row, values, "budget_vnd")
            institution_id, institution_name = self._institution(values["institution"], start)
            if code in self.rows:
                self.error(
                    row,
                    "course_code",
                    f"duplicate course_code '{code}' (first on row {self.rows[code].row})",
                )
                continue
            if self.error_mark() != mark or not code:
                continue
            self.rows[code] = CourseRow(
                row,
                {
                    "name": name,
                    "program_category": category,
                    "organizer_unit_id": organizer_id,
                    "start_date": start,
                    "end_date": end,
                    "mode": mode,
                    "institution_id": institution_id,
                    "institution_name": institution_name,
                    "capacity": capacity,
                    "budget_vnd": budget,
                    "venue": nfc(values["venue"]),
                },
            )

    def finish(self):
        if self.failed:
            return
        existing = {
            c.course_code: c for c in Course.objects.filter(course_code__in=list(self.rows))
        }
        audits = []
        for code, item in self.rows.items():
            course = existing.get(code)
            if course is None:
                course = Course(course_code=code, status=self._status(item.fields), **item.fields)
                course.save()
                self.result.created += 1
                audits.append((code, {"outcome": "created", "source": self.source_ref}))
                continue
            before = course_snapshot(course)
            for name, value in item.fields.items():
                setattr(course, name, value)
            changes = {k: v for k, v in _diff(before, course_snapshot(course)).items()}
            if not changes:
                self.result.unchanged += 1
                continue
            course.version += 1
            course.save()
            self.result.updated += 1
            audits.append((code, {"outcome": "updated", **changes, "source": self.source_ref}))
        audit_bulk(actor=self.actor, event="course.imported", subject_type="course", items=audits)

    def _status(self, fields: dict[str, Any]) -> str:
        """A class imported after it ended is closed; one under way is running."""
        if fields["end_date"] < self.as_of:
            return CourseStatus.CLOSED
        if fields["start_date"] <= self.as_of:
            return CourseStatus.RUNNING
        return CourseStatus.PLANNED


def _diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# --- enrolments ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date | str:
    """The date, or the error message (cached: a file repeats its few completion dates)."""
    try:
        return parse_date(text)
    except ValueError as error:
        return str(error)


@lru_cache(maxsize=4096)
def _score(text: str) -> Decimal | str:
    try:
        score = Decimal(text.replace(",", "."))
        if Decimal(0) <= score <= Decimal(10):
            return score
    except InvalidOperation:
        pass
    return f"'{text}' is not a score from 0 to 10"


@dataclass(frozen=True)
class CourseFacts:
    id: int
    start: dt.date
    confers: tuple[str, str] | None
    institution: str


@dataclass
class EnrolmentRow:
    row: int
    course_code: str
    person_code: str
    status: str
    completed_on: dt.date | None
    score: Decimal | None
    certificate_no: str


ENROLMENT_COLUMNS = (
    "id",
    "course_id",
    "person_id",
    "status",
    "completed_on",
    "score",
    "certificate_no",
)


class EnrolmentsImporter(Importer):
    kind = "enrolments"
    key = "course_code"
    required = ("course_code", "person_code", "status")
    optional = ("completed_on", "score", "certificate_no")
    chunk_size = 5000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.courses: dict[str, CourseFacts | None] = {}
        self.seen: dict[tuple[str, str], int] = {}
        self.certificates: dict[str, int] = {}
        self.audits: list[tuple[str, dict]] = []
        self.conferred: list[tuple[str, dict]] = []
        self.posts: dict[int, list[tuple[dt.date, dt.date, int]]] = {}
        self.now = timezone.now()

    def _load_courses(self, codes: set[str]) -> None:
        """Read the chunk's classes not seen yet, and their institutions' names, in two queries."""
        wanted = codes - self.courses.keys()
        if not wanted:
            return
        for code in wanted:
            self.courses[code] = None
        found = list(
            Course.objects.select_related("programme", "institution", "organizer_unit").filter(
                course_code__in=wanted
            )
        )
        names: dict[int, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
        for unit_id, start, end, name in UnitVersion.objects.filter(
            unit_id__in={c.institution_id or c.organizer_unit_id for c in found}
        ).values_list("unit_id", "valid_from", "valid_to", "name"):
            names[unit_id].append((start, end, name))
        for course in found:
            institution = course.institution_name
            if not institution:
                unit = course.institution or course.organizer_unit
                institution = next(
                    (n for s, e, n in names[unit.pk] if s <= course.end_date <= e),
                    next(
                        (n for s, e, n in names[unit.pk] if s <= course.start_date <= e), unit.code
                    ),
                )
            self.courses[course.course_code] = CourseFacts(
                course.pk, course.start_date, course.confers(), institution
            )

    def parse(self, row: int, values: dict[str, str]) -> EnrolmentRow | None:
        mark = self.error_mark()
        course_code = self.required_cell(row, values, "course_code")
        person_code = self.required_cell(row, values, "person_code")
        status = self.required_cell(row, values, "status")
        if status and status not in STATUSES:
            self.error(
                row,
                "status",
                f"unknown status '{status}' (expected one of {', '.join(EnrolmentStatus.values)})",
            )
        completed_on = None
        if values["completed_on"]:
            completed_on = _date(values["completed_on"])
            if isinstance(completed_on, str):
                self.error(row, "completed_on", completed_on)
                completed_on = None
        elif status == COMPLETED:
            self.error(row, "completed_on", "required when status is completed")
        score = _score(values["score"]) if values["score"] else None
        if isinstance(score, str):
            self.error(row, "score", score)
            score = None
        certificate = values["certificate_no"].strip()
        if len(certificate) > 64:
            self.error(row, "certificate_no", "certificate number is longer than 64 characters")
        key = (course_code, person_code)
        if course_code and person_code:
            if key in self.seen:
                self.error(
                    row,
                    "person_code",
                    f"duplicate enrolment of '{person_code}' in '{course_code}' (first on row {self.seen[key]})",
                )
            else:
                self.seen[key] = row
        if certificate:
            if certificate in self.certificates:
                self.error(
                    row,
                    "certificate_no",
                    f"duplicate certificate_no '{certificate}' (first on row {self.certificates[certificate]})",
                )
            else:
                self.certificates[certificate] = row
        if self.error_mark() != mark:
            return None
        return EnrolmentRow(row, course_code, person_code, status, completed_on, score, certificate)

    def process(self, chunk):
        parsed = [r for r in (self.parse(row, values) for row, values in chunk) if r]
        self._load_courses({r.course_code for r in parsed})
        people = dict(
            fetch_in(
                Person._meta.db_table,
                ("code", "id"),
                "code",
                sorted({r.person_code for r in parsed}),
            )
        )
        good: list[tuple[EnrolmentRow, CourseFacts, int]] = []
        for r in parsed:
            course = self.courses[r.course_code]
            person_id = people.get(r.person_code)
            if course is None:
                self.error(r.row, "course_code", f"unknown course '{r.course_code}'")
            if person_id is None:
                self.error(r.row, "person_code", f"unknown person '{r.person_code}'")
            if course is None or person_id is None:
                continue
            if r.completed_on and r.completed_on < course.start:
                self.error(
                    r.row,
                    "completed_on",
                    f"completed_on {r.completed_on:%d/%m/%Y} is before the course starts ({course.start:%d/%m/%Y})",
                )
                continue
            good.append((r, course, person_id))
        if self.failed or not good:
            return
        self._write(good)

    def _write(self, good: list[tuple[EnrolmentRow, CourseFacts, int]]) -> None:
        person_ids = sorted({p for _, _, p in good})
        # By class: a chunk holds a few classes, while its people have enrolments everywhere.
        course_ids = sorted({c.id for _, c, _ in good})
        existing = {
            (e[1], e[2]): e
            for e in fetch_in(Enrolment._meta.db_table, ENROLMENT_COLUMNS, "course_id", course_ids)
        }
        self._check_certificates(good, existing)
        if self.failed:
            return
        units = self._sending_units(person_ids, good)
        new, updates, conferrals = [], [], []
        touched: set[int] = set()  # people whose enrolments were written
        for r, course, person_id in good:
            old = existing.get((course.id, person_id))
            completed_on = r.completed_on
            if old is None:
                new.append((r, course, person_id))
                touched.add(person_id)
            else:
                _, _, _, status, old_on, old_score, old_cert = old
                if isinstance(old_on, str):
                    old_on = dt.date.fromisoformat(old_on)
                old_score = Decimal(str(old_score)) if old_score is not None else None
                after = (r.status, completed_on, r.score, r.certificate_no)
                before = (status, old_on, old_score, old_cert)
                if after == before:
                    self.result.unchanged += 1
                    continue
                updates.append(
                    (r.status, completed_on, r.score, r.certificate_no, self.now, old[0])
                )
                touched.add(person_id)
                self.result.updated += 1
                self.audits.append(
                    (
                        f"{r.course_code}/{r.person_code}",
                        {
                            "status": [status, r.status],
                            "completed_on": [
                                str(old_on) if old_on else None,
                                str(completed_on) if completed_on else None,
                            ],
                            "source": self.source_ref,
                        },
                    )
                )
            already = old is not None and old[3] == COMPLETED and old_on == completed_on
            if r.status == COMPLETED and course.confers and not already:
                conferrals.append(
                    Conferral(
                        person_id=person_id,
                        person_code=r.person_code,
                        dimension=course.confers[0],
                        level=course.confers[1],
                        on=completed_on,
                        source_ref=r.course_code,
                        certificate_no=r.certificate_no,
                        institution=course.institution,
                    )
                )
        bulk_insert(
            Enrolment._meta.db_table,
            (
                "course_id",
                "person_id",
                "status",
                "completed_on",
                "score",
                "certificate_no",
                "sending_unit_id",
                "decision_no",
                "priority",
                "priority_reason",
                "waitlisted",
                "note",
                "version",
                "created_at",
                "updated_at",
            ),
            [
                (
                    course.id,
                    person_id,
                    r.status,
                    r.completed_on,
                    r.score,
                    r.certificate_no,
                    units.get((person_id, course.id)),
                    "",
                    0,
                    "",
                    False,
                    "",
                    1,
                    self.now,
                    self.now,
                )
                for r, course, person_id in new
            ],
        )
        self.result.created += len(new)
        table = connection.ops.quote_name(Enrolment._meta.db_table)
        execute_many(
            f"UPDATE {table} SET status = %s, completed_on = %s, score = %s, certificate_no = %s,"
            " updated_at = %s, version = version + 1 WHERE id = %s",
            updates,
        )
        # Conferral only raises, so a completion seen before changes nothing the second time.
        self.conferred.extend(confer_many(conferrals))
        stamps.stamp(sorted(touched))

    def _check_certificates(self, good, existing) -> None:
        numbers = {r.certificate_no: (r, c.id, p) for r, c, p in good if r.certificate_no}
        if not numbers:
            return
        for cert, course_id, person_id in fetch_in(
            Enrolment._meta.db_table,
            ("certificate_no", "course_id", "person_id"),
            "certificate_no",
            list(numbers),
        ):
            r, c, p = numbers[cert]
            if (course_id, person_id) != (c, p):
                self.error(
                    r.row, "certificate_no", f"certificate_no '{cert}' belongs to another enrolment"
                )

    def _sending_units(self, person_ids: list[int], good) -> dict[tuple[int, int], int]:
        """The unit each person worked in when the class started: who sent them. Posts are
        kept across chunks (people recur in many classes of a file)."""
        posts = self.posts
        missing = [p for p in person_ids if p not in posts]
        for p in missing:
            posts[p] = []
        for person_id, unit_id, start, end in fetch_in(
            Post._meta.db_table,
            ("person_id", "unit_id", "valid_from", "valid_to"),
            "person_id",
            missing,
        ):
            if isinstance(start, str):
                start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
            posts[person_id].append((start, end, unit_id))
        out = {}
        for _, course, person_id in good:
            held = posts[person_id]
            unit = next((u for s, e, u in held if s <= course.start <= e), None)
            if unit is None and held:
                unit = max(held)[2]
            out[(person_id, course.id)] = unit
        return out

    def finish(self):
        if self.failed:
            return
        audit_bulk(
            actor=self.actor,
            event="enrolment.imported",
            subject_type="enrolment",
            items=self.audits,
        )
        audit_bulk(
            actor=self.actor,
            event="person.qualification_set",
            subject_type="person",
            items=self.conferred,
        )


# --- the catalogue ---------------------------------------------------------------------------


class ProgrammesImporter(Importer):
    """Central and provincial programmes (not a contract kind): code, name, category
    [, confers_dimension, confers_level, periods, audience, issuing_body, compulsory_modules,
    valid_from, valid_to]. Modules in one cell are separated by ';'."""

    kind = "programmes"
    key = "code"
    required = ("code", "name", "category")
    optional = (
        "confers_dimension",
        "confers_level",
        "periods",
        "audience",
        "issuing_body",
        "compulsory_modules",
        "valid_from",
        "valid_to",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: dict[str, tuple[int, dict[str, Any]]] = {}

    def process(self, chunk):
        from dtbd.core.dates import BEGINNING, END

        for row, values in chunk:
            mark = self.error_mark()
            code = self.required_cell(row, values, "code")
            name = self.required_cell(row, values, "name")
            category = self.required_cell(row, values, "category")
            if category and category not in CATEGORIES:
                self.error(row, "category", f"unknown category '{category}'")
            if code and not CODE_PATTERN.match(code):
                self.error(row, "code", f"'{code}' is not a valid programme code")
            start = self.date_cell(row, values, "valid_from") or BEGINNING
            end = self.date_cell(row, values, "valid_to") or END
            if end < start:
                self.error(row, "valid_to", "valid_to is before valid_from")
            if code in self.rows:
                self.error(
                    row, "code", f"duplicate code '{code}' (first on row {self.rows[code][0]})"
                )
                continue
            if self.error_mark() != mark:
                continue
            modules = "\n".join(
                m.strip() for m in values["compulsory_modules"].split(";") if m.strip()
            )
            self.rows[code] = (
                row,
                {
                    "name": name,
                    "category": category,
                    "confers_dimension": values["confers_dimension"],
                    "confers_level": values["confers_level"],
                    "periods": _whole(self, row, values, "periods"),
                    "audience": values["audience"],
                    "issuing_body": values["issuing_body"],
                    "compulsory_modules": modules,
                    "valid_from": start,
                    "valid_to": end,
                },
            )

    def finish(self):
        from .services import programme_save

        if self.failed:
            return
        for code, (row, fields) in self.rows.items():
            try:
                _, outcome = programme_save(actor=self.actor, code=code, **fields)
            except ValidationFailed as error:
                self.error(row, error.field or "code", error.message)
                continue
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
