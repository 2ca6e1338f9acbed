import datetime as dt
import multiprocessing
import threading

import openpyxl
import pytest
from django.core.management import call_command

from dtbd.audit.models import AuditEvent
from dtbd.exchange import engine
from dtbd.people import standings
from dtbd.people.importer import PeopleImporter
from dtbd.people.models import Person, Post, Qualification, Standing

from .conftest import PEOPLE_HEADER

pytestmark = pytest.mark.django_db
D = dt.date

GOOD = (
    PEOPLE_HEADER
    + """
P001,Nguyễn Văn Cừ,1980-02-03,male,08.SNV,civil_servant,head,01.002,advanced,master
P002,Đặng Thị Đào,12/05/1990,female,02269,cadre,,,intermediate,university
P003,Hoàng Văn Páo,1975-09-09,male,02269,cadre,deputy,,,
"""
)


@pytest.fixture(autouse=True, params=["read-in-process", "read-by-a-forked-reader"])
def reading(request, monkeypatch):
    """Every test twice: as a small file is read (by the writer) and as a large one is (by
    a forked reading process, engine._ReadAhead); the outcome must be the same."""
    if request.param == "read-by-a-forked-reader":
        monkeypatch.setattr(engine, "READ_AHEAD_BYTES", 0)
    return request.param


def written() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Post.objects.count(),
        Qualification.objects.count(),
        AuditEvent.objects.count(),
    )


def errors(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_import_creates_people_posts_and_qualifications(units, write, run):
    result = run("people", write("people.csv", GOOD))
    assert result.summary() == "created 3, updated 0, unchanged 0"
    cu = Person.objects.get(code="P001")
    assert cu.full_name == "Nguyễn Văn Cừ" and cu.search_name == "nguyen van cu"
    post = cu.posts.get()
    assert (post.unit.code, post.leadership, post.rank_code, post.valid_from, post.source) == (
        "08.SNV",
        "head",
        "01.002",
        D(2026, 1, 1),
        "import",
    )
    assert dict(cu.qualifications.values_list("dimension", "level")) == {
        "political_theory": "advanced",
        "professional": "master",
    }
    assert Person.objects.get(code="P003").qualifications.count() == 0


def test_the_same_file_twice_reports_unchanged(units, write, run):
    run("people", write("people.csv", GOOD))
    before = written()
    again = run("people", write("people.csv", GOOD))
    assert again.summary() == "created 0, updated 0, unchanged 3"
    assert written()[:3] == before[:3]


def test_a_changed_row_updates_with_history(units, write, run):
    run("people", write("people.csv", GOOD))
    moved = GOOD.replace(
        "P002,Đặng Thị Đào,12/05/1990,female,02269,cadre,,,intermediate,university",
        "P002,Đặng Thị Đào,12/05/1990,female,08.SNV,civil_servant,,,advanced,",
    )
    result = run("people", write("people.csv", moved), as_of=D(2026, 6, 1))
    assert result.summary() == "created 0, updated 1, unchanged 2"
    posts = list(
        Post.objects.filter(person__code="P002")
        .order_by("valid_from")
        .values_list("unit__code", "valid_from", "valid_to")
    )
    assert posts == [
        ("02269", D(2026, 1, 1), D(2026, 5, 31)),
        ("08.SNV", D(2026, 6, 1), D(9999, 12, 31)),
    ]
    theory = list(
        Qualification.objects.filter(person__code="P002", dimension="political_theory")
        .order_by("valid_from")
        .values_list("level", "valid_to")
    )
    assert theory == [("intermediate", D(2026, 5, 31)), ("advanced", D(9999, 12, 31))]
    # A blank optional cell means "not given": the degree is kept.
    assert (
        Qualification.objects.get(person__code="P002", dimension="professional").level
        == "university"
    )
    event = AuditEvent.objects.get(event="person.imported", subject_key="P002")
    assert event.data["qualifications"] == {"political_theory": "advanced"}
    # What reports count follows: the importer's own rows for new people and the
    # recomputation for changed ones both equal what posts and qualifications say.
    assert standings.differences() == []
    assert list(
        Standing.objects.filter(person__code="P002")
        .order_by("valid_from")
        .values_list("unit__code", "valid_to", "political_theory", "professional")
    ) == [
        ("02269", D(2026, 5, 31), "intermediate", "university"),
        ("08.SNV", D(9999, 12, 31), "advanced", "university"),
    ]


def test_bom_csv_and_xlsx_read_the_same(units, write, run, tmp_path):
    bom = run("people", write("people.csv", GOOD, encoding="utf-8-sig"))
    assert bom.summary() == "created 3, updated 0, unchanged 0"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    sheet["C2"] = dt.datetime(1980, 2, 3)  # a real date cell, as Excel users type them
    workbook.save(tmp_path / "people.xlsx")
    xlsx = run("people", tmp_path / "people.xlsx")
    assert xlsx.summary() == "created 0, updated 0, unchanged 3"


def test_dry_run_counts_but_writes_nothing(units, write, run):
    before = written()
    result = run("people", write("people.csv", GOOD), dry_run=True)
    assert result.created == 3 and result.ok
    assert written() == before


CASES = [
    (
        "person_code,full_name,birth_date,gender,unit_code\nP1,An,1990-01-01,male,08.SNV\n",
        ["people.csv:1:category: missing required column"],
    ),
    (
        PEOPLE_HEADER + ",shoe_size\nP1,Lê An,1990-01-01,male,08.SNV,civil_servant,,,,,42\n",
        ["people.csv:1:shoe_size: unknown column (give --ignore-unknown to skip it)"],
    ),
    (
        PEOPLE_HEADER + "\nP1,Lê An,1990-01-01,male,NOPE,civil_servant,,,,\n",
        ["people.csv:2:unit_code: unknown unit 'NOPE'"],
    ),
    (
        PEOPLE_HEADER + "\nP1,Lê An,1990-01-01,male,070,civil_servant,,,,\n",
        [
            "people.csv:2:unit_code: unit '070' does not exist on 01/01/2026 (it exists "
            "01/01/1900–30/06/2025)"
        ],
    ),
    (
        PEOPLE_HEADER + "\nP1,Lê An,1990-13-01,male,08.SNV,civil_servant,,,,\n",
        ["people.csv:2:birth_date: '1990-13-01' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"],
    ),
    (
        PEOPLE_HEADER + "\nP1,Lê An,1990-01-01,male,08.SNV,civil_servant,,,,\n"
        "P1,Lê Bình,1991-01-01,male,08.SNV,civil_servant,,,,\n",
        ["people.csv:3:person_code: duplicate person_code 'P1' in the file"],
    ),
    (
        PEOPLE_HEADER + "\nP1,Lê An,1990-01-01,other,08.SNV,soldier,boss,,phd,\n",
        [
            "people.csv:2:gender: unknown gender 'other' (expected one of male, female)",
            "people.csv:2:category: unknown category 'soldier' (expected one of cadre, civil_servant, "
            "public_employee, other)",
            "people.csv:2:leadership: unknown leadership 'boss' (expected one of head, deputy, none)",
            "people.csv:2:political_theory: unknown political_theory 'phd' (expected one of advanced, "
            "intermediate, basic, none)",
        ],
    ),
    (
        PEOPLE_HEADER + "\nP1,,1990-01-01,male,08.SNV,civil_servant,,99.999,,\n",
        [
            "people.csv:2:full_name: required value is missing",
            "people.csv:2:rank_code: unknown rank code '99.999'",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    CASES,
    ids=[
        "missing-column",
        "unknown-column",
        "unknown-unit",
        "unit-not-alive",
        "bad-date",
        "duplicate-key",
        "wrong-enums",
        "missing-value-and-unknown-rank",
    ],
)
def test_a_broken_rule_rejects_the_whole_file_naming_row_and_column(
    units, write, run, text, expected
):
    run("people", write("good.csv", GOOD))
    before = written()
    result = run("people", write("people.csv", text))
    assert errors(result) == expected
    assert written() == before


def test_good_rows_before_a_bad_one_are_not_written(units, write, run):
    text = GOOD + "P004,Vũ Văn Tâm,1988-08-08,male,NOPE,civil_servant,,,,\n"
    result = run("people", write("people.csv", text))
    assert errors(result) == ["people.csv:5:unit_code: unknown unit 'NOPE'"]
    assert written() == (0, 0, 0, AuditEvent.objects.count())
    assert not AuditEvent.objects.filter(event="import.people").exists()


def test_the_command_exits_1_with_errors_on_stderr_and_0_with_a_summary(units, write, capsys):
    bad = write("bad.csv", PEOPLE_HEADER + "\nP1,Lê An,1990-01-01,male,NOPE,civil_servant,,,,\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "people", str(bad), "--as-of", "2026-01-01")
    assert exit_.value.code == 1
    assert f"{bad}:2:unit_code: unknown unit 'NOPE'" in capsys.readouterr().err
    good = write("people.csv", GOOD)
    call_command("import", "people", str(good), "--as-of", "01/01/2026")
    assert capsys.readouterr().out.strip() == "created 3, updated 0, unchanged 0"
    call_command("import", "people", str(good), "--as-of", "2026-01-01", "--dry-run")
    assert "unchanged 3" in capsys.readouterr().out


def test_export_then_import_is_a_no_op(units, write, run, tmp_path, capsys):
    run("people", write("people.csv", GOOD))
    for name in ("out.csv", "out.xlsx"):
        call_command("export", "people", str(tmp_path / name), "--as-of", "2026-01-01")
        again = run("people", tmp_path / name)
        assert again.summary() == "created 0, updated 0, unchanged 3", again.errors
    call_command("export", "units", str(tmp_path / "units.xlsx"), "--as-of", "2026-01-01")
    assert run("units", tmp_path / "units.xlsx").summary() == "created 0, updated 0, unchanged 4"


def test_an_export_of_personal_data_is_audited(units, write, run, tmp_path):
    run("people", write("people.csv", GOOD))
    call_command("export", "people", str(tmp_path / "out.csv"), "--as-of", "2026-01-01")
    event = AuditEvent.objects.get(event="export.people")
    assert (event.actor_label, event.data) == ("dtbd export", {"as_of": "2026-01-01", "rows": 3})


def test_errors_of_many_chunks_come_in_file_order(units, write, run, monkeypatch):
    monkeypatch.setattr(PeopleImporter, "chunk_size", 2)
    rows = [
        f"P{n:03d},Lê Văn An,1990-01-01,male,{'NOPE' if n % 3 == 0 else '08.SNV'},civil_servant,,,,"
        for n in range(1, 11)
    ]
    result = run("people", write("people.csv", PEOPLE_HEADER + "\n" + "\n".join(rows) + "\n"))
    assert errors(result) == [
        f"people.csv:{n + 1}:unit_code: unknown unit 'NOPE'" for n in (3, 6, 9)
    ]
    assert result.rows == 10 and written()[0] == 0


def test_a_failure_while_reading_is_raised_and_nothing_is_written(units, write, run, monkeypatch):
    monkeypatch.setattr(PeopleImporter, "chunk_size", 1)
    prepare = PeopleImporter.prepare

    def failing(self, chunk):
        if chunk[0][0] == 3:  # the second data row
            raise OSError("the disk went away")
        return prepare(self, chunk)

    monkeypatch.setattr(PeopleImporter, "prepare", failing)
    with pytest.raises(OSError, match="the disk went away"):
        run("people", write("people.csv", GOOD))
    assert written()[:3] == (0, 0, 0)


def test_a_failure_while_writing_stops_the_reader_however_far_ahead(units, write, run, monkeypatch):
    """The reader may have prepared many chunks the writer will never take."""
    monkeypatch.setattr(PeopleImporter, "chunk_size", 1)
    rows = [f"P{n:03d},Lê Văn An,1990-01-01,male,08.SNV,civil_servant,,,," for n in range(1, 40)]
    process = PeopleImporter.process

    def failing(self, prepared):
        if self.result.rows == 2:
            raise OSError("the database went away")
        return process(self, prepared)

    monkeypatch.setattr(PeopleImporter, "process", failing)
    with pytest.raises(OSError, match="the database went away"):
        run("people", write("people.csv", PEOPLE_HEADER + "\n" + "\n".join(rows) + "\n"))
    assert written()[:3] == (0, 0, 0)
    assert not [t for t in threading.enumerate() if t.name == "import-taker"]
    assert not multiprocessing.active_children()


WHAT_IS_WRITTEN = {
    Person: ("code", "full_name", "given_name", "sort_key", "search_name", "birth_date"),
    Post: ("person__code", "unit__code", "category", "leadership", "rank_code", "valid_from"),
    Qualification: ("person__code", "dimension", "level", "valid_from", "valid_to", "source"),
    Standing: ("person__code", "unit_level", "unit_kind", "political_theory", "professional"),
}


def rows_written() -> dict:
    return {m: sorted(m.objects.values_list(*c)) for m, c in WHAT_IS_WRITTEN.items()}


def test_people_the_snapshot_may_hold_but_the_table_does_not_are_created_by_the_writer(
    units, write, run, monkeypatch
):
    """New people's rows are built where rows are checked; a code the snapshot of the table
    may hold (a hash shared, a person deleted meanwhile) goes to the writer, which builds the
    same rows itself."""
    run("people", write("people.csv", GOOD))
    expected = rows_written()
    Standing.objects.all().delete()
    Person.objects.all().delete()
    monkeypatch.setattr("dtbd.people.importer._Snapshot.may_have_code", lambda self, code: True)
    result = run("people", write("people.csv", GOOD))
    assert result.summary() == "created 3, updated 0, unchanged 0"
    assert rows_written() == expected
    assert standings.differences() == []


def test_a_new_persons_national_id_held_by_someone_else_is_refused(units, write, run):
    header = PEOPLE_HEADER + ",national_id"
    run(
        "people",
        write("a.csv", header + "\nP1,Lê An,1990-01-01,male,08.SNV,cadre,,,,,001090000001\n"),
    )
    result = run(
        "people",
        write("b.csv", header + "\nP2,Lê Bình,1991-01-01,male,08.SNV,cadre,,,,,001090000001\n"),
    )
    assert errors(result) == [
        "b.csv:2:national_id: national ID 001090000001 belongs to person 'P1'"
    ]
    assert Person.objects.filter(code="P2").count() == 0
