"""The `assessments` exchange file: person_code, year, rating [, points, decision_no].

Rows are keyed by (person_code, year): importing the same file again changes nothing, a
changed row updates the rating (audited with before and after). The unit rules (the
"excellent" quota, the head not above the unit) are checked on the whole file at the end;
a breach rejects the file, reported at the row of the last rating that breaks it.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dtbd.core.errors import ValidationFailed
from dtbd.exchange.engine import Importer
from dtbd.people.models import Person

from .assessments import RATINGS, RatingIn, _write, check_unit_rules


@dataclass
class AssessmentRow:
    row: int
    person_code: str
    year: int
    rating: str
    points: Decimal | None
    decision_no: str


class AssessmentsImporter(Importer):
    kind = "assessments"
    key = "person_code"
    required = ("person_code", "year", "rating")
    optional = ("points", "decision_no")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: dict[tuple[str, int], AssessmentRow] = {}

    def process(self, chunk):
        for row, values in chunk:
            mark = self.error_mark()
            code = self.required_cell(row, values, "person_code")
            year_text = self.required_cell(row, values, "year")
            rating = self.required_cell(row, values, "rating")
            year = 0
            if year_text:
                if year_text.isdigit() and 1990 <= int(year_text) <= 2100:
                    year = int(year_text)
                else:
                    self.error(row, "year", f"'{year_text}' is not a year")
            if rating and rating not in RATINGS:
                self.error(
                    row,
                    "rating",
                    f"unknown rating '{rating}' (expected one of {', '.join(RATINGS)})",
                )
            points = None
            if values["points"]:
                try:
                    points = Decimal(values["points"].replace(",", "."))
                    if not points.is_finite() or not 0 <= points <= 100:
                        raise InvalidOperation
                except InvalidOperation:
                    self.error(row, "points", f"'{values['points']}' is not points from 0 to 100")
            key = (code, year)
            if code and year and key in self.rows:
                self.error(
                    row,
                    "person_code",
                    f"duplicate rating of '{code}' for {year} (first on row {self.rows[key].row})",
                )
                continue
            if self.error_mark() == mark:
                self.rows[key] = AssessmentRow(
                    row, code, year, rating, points, values["decision_no"].strip()
                )

    def finish(self):
        if self.failed:
            return
        people = {
            p.code: p for p in Person.objects.filter(code__in={code for code, _ in self.rows})
        }
        groups: dict[tuple[int, int], list[int]] = {}
        for item in self.rows.values():
            person = people.get(item.person_code)
            if person is None:
                self.error(item.row, "person_code", f"unknown person '{item.person_code}'")
                continue
            try:
                assessment, outcome = _write(
                    actor=self.actor,
                    item=RatingIn(person, item.rating, item.points),
                    year=item.year,
                    decision_no=item.decision_no,
                    decided_by="",
                    decided_on=None,
                    replace=True,
                )
            except ValidationFailed as error:
                self.error(item.row, error.field or "person_code", error.message)
                continue
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            groups.setdefault((assessment.unit_id, item.year), []).append(item.row)
        if self.failed:
            return
        for group, rows in sorted(groups.items()):
            try:
                check_unit_rules([group])
            except ValidationFailed as error:
                self.error(max(rows), error.field or "rating", error.message)
