"""The contract's `courses` and `enrolments` files: rules, errors, idempotence, conferral."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from dtbd.audit.models import AuditEvent
from dtbd.exchange.services import import_file
from dtbd.people.models import Qualification
from dtbd.training.models import Course, Enrolment

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2026, 1, 1)

COURSES = """course_code,name,program_category,organizer_unit_code,start_date,end_date,mode,institution,capacity,budget_vnd,venue
LTC-24,Trung cấp LLCT K24,political_theory_intermediate,08.BTC,2024-03-01,2024-09-30,part_time,08.TCT,60,450000000,Trường Chính trị tỉnh
CCLL-24,Cao cấp LLCT,political_theory_advanced,08.BTC,01/09/2024,30/06/2025,concentrated,Học viện Chính trị quốc gia Hồ Chí Minh,,,
QPAN4-24,Bồi dưỡng QP-AN đối tượng 4,defense_security_4,08.YS,2024-05-06,2024-05-09,,,,,
"""


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run(kind, path, **kwargs):
    kwargs.setdefault("as_of", AS_OF)
    return import_file(kind=kind, path=path, name=path.name, actor="tests", **kwargs)


def errors(result):
    return [str(e) for e in result.errors]


@pytest.fixture
def courses(province, write):
    result = run("courses", write("courses.csv", COURSES))
    assert result.ok, errors(result)
    return result


def test_courses_are_created_and_a_second_import_changes_nothing(courses, write):
    assert courses.summary() == "created 3, updated 0, unchanged 0"
    ltc = Course.objects.get(course_code="LTC-24")
    assert ltc.institution.code == "08.TCT" and ltc.institution_name == ""
    assert (ltc.capacity, ltc.budget_vnd, ltc.mode, ltc.status) == (
        60,
        450000000,
        "part_time",
        "closed",
    )
    ccll = Course.objects.get(course_code="CCLL-24")
    assert ccll.institution is None
    assert ccll.institution_name == "Học viện Chính trị quốc gia Hồ Chí Minh"
    assert ccll.start_date == D(2024, 9, 1)
    assert Course.objects.get(course_code="QPAN4-24").mode == "concentrated"
    again = run("courses", write("courses.csv", COURSES))
    assert again.summary() == "created 0, updated 0, unchanged 3"


def test_a_changed_course_row_updates_with_history(courses, write):
    changed = COURSES.replace(",60,450000000,", ",65,450000000,")
    result = run("courses", write("courses2.csv", changed))
    assert result.summary() == "created 0, updated 1, unchanged 2"
    ltc = Course.objects.get(course_code="LTC-24")
    assert ltc.capacity == 65 and ltc.version == 2
    event = (
        AuditEvent.objects.filter(event="course.imported", subject_key="LTC-24")
        .order_by("pk")
        .last()
    )
    assert event.data["capacity"] == [60, 65]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "X1,Lớp,it,08.BTC,2024-03-01,2024-02-01,,,,,",
            "courses.csv:2:end_date: end_date 01/02/2024 is before start_date 01/03/2024",
        ),
        (
            "X1,Lớp,cooking,08.BTC,2024-03-01,2024-03-02,,,,,",
            "courses.csv:2:program_category: unknown program_category 'cooking'",
        ),
        (
            "X1,Lớp,it,08.NOPE,2024-03-01,2024-03-02,,,,,",
            "courses.csv:2:organizer_unit_code: unknown unit '08.NOPE'",
        ),
        (
            "X1,Lớp,it,08.BTC,2024-13-01,2024-03-02,,,,,",
            "courses.csv:2:start_date: '2024-13-01' is not a date",
        ),
        (
            "X1,,it,08.BTC,2024-03-01,2024-03-02,,,,,",
            "courses.csv:2:name: required value is missing",
        ),
        (
            "X1,Lớp,it,08.BTC,2024-03-01,2024-03-02,by_post,,,,",
            "courses.csv:2:mode: unknown mode 'by_post'",
        ),
        (
            "X1,Lớp,it,08.BTC,2024-03-01,2024-03-02,,,-3,,",
            "courses.csv:2:capacity: -3 is out of range",
        ),
        (
            "X1,Lớp,it,08.BTC,2024-03-01,2024-03-02,,,,nhiều,",
            "courses.csv:2:budget_vnd: 'nhiều' is not a whole number",
        ),
    ],
)
def test_each_bad_course_cell_rejects_the_file(province, write, row, message):
    header = COURSES.splitlines()[0]
    result = run("courses", write("courses.csv", f"{header}\n{row}\n"))
    assert not result.ok
    assert any(e.startswith(message) for e in errors(result)), errors(result)
    assert not Course.objects.exists()


def test_duplicate_course_codes_and_unknown_columns(province, write):
    header = COURSES.splitlines()[0]
    row = COURSES.splitlines()[1]
    result = run("courses", write("courses.csv", f"{header}\n{row}\n{row}\n"))
    assert "courses.csv:3:course_code: duplicate course_code 'LTC-24' (first on row 2)" in errors(
        result
    )
    result = run("courses", write("courses.csv", f"{header},colour\n{row},red\n"))
    assert errors(result) == [
        "courses.csv:1:colour: unknown column (give --ignore-unknown to skip it)"
    ]
    assert run(
        "courses", write("courses.csv", f"{header},colour\n{row},red\n"), ignore_unknown=True
    ).ok


ENROLMENTS = """course_code,person_code,status,completed_on,score,certificate_no
LTC-24,P-CU,completed,2024-09-30,8.5,TCT-2024-001
LTC-24,P-DAO,completed,30/09/2024,7,TCT-2024-002
LTC-24,P-BINH,withdrawn,,,
QPAN4-24,P-CU,failed,,4,
"""


def test_enrolments_import_confers_levels_on_the_completion_date(courses, write, province):
    result = run("enrolments", write("enrolments.csv", ENROLMENTS))
    assert result.ok, errors(result)
    assert result.summary() == "created 4, updated 0, unchanged 0"
    cu = Enrolment.objects.get(course__course_code="LTC-24", person=province.cu)
    assert (cu.status, cu.completed_on, str(cu.score), cu.certificate_no) == (
        "completed",
        D(2024, 9, 30),
        "8.50",
        "TCT-2024-001",
    )
    assert cu.sending_unit == province.ys  # the unit Cừ worked in when the class started
    q = Qualification.objects.get(person=province.cu, dimension="political_theory")
    assert (q.level, q.valid_from, q.source, q.source_ref) == (
        "intermediate",
        D(2024, 9, 30),
        "course",
        "LTC-24",
    )
    assert q.certificate_no == "TCT-2024-001"
    # Đào held basic from 2020: basic until 29/09/2024, intermediate from 30/09/2024.
    dao = list(
        Qualification.objects.filter(person=province.dao, dimension="political_theory")
        .order_by("valid_from")
        .values_list("level", "valid_to")
    )
    assert dao == [("basic", D(2024, 9, 29)), ("intermediate", D(9999, 12, 31))]
    # A failed defence course confers nothing.
    assert not Qualification.objects.filter(
        person=province.cu, dimension="defense_security"
    ).exists()
    assert (
        AuditEvent.objects.filter(event="person.qualification_set", data__source="course").count()
        == 2
    )
    again = run("enrolments", write("enrolments.csv", ENROLMENTS))
    assert again.summary() == "created 0, updated 0, unchanged 4"
    assert Qualification.objects.filter(person=province.dao).count() == 2


def test_a_changed_enrolment_updates_and_a_new_completion_confers(courses, write, province):
    run("enrolments", write("e.csv", ENROLMENTS))
    changed = ENROLMENTS.replace(
        "QPAN4-24,P-CU,failed,,4,", "QPAN4-24,P-CU,completed,2024-05-09,6,"
    )
    result = run("enrolments", write("e.csv", changed))
    assert result.summary() == "created 0, updated 1, unchanged 3"
    q = Qualification.objects.get(person=province.cu, dimension="defense_security")
    assert (q.level, q.valid_from) == ("group_4", D(2024, 5, 9))
    assert Enrolment.objects.get(course__course_code="QPAN4-24").version == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("LTC-24,P-CU,completed,,,", "e.csv:2:completed_on: required when status is completed"),
        (
            "LTC-24,P-CU,completed,2024-02-01,,",
            "e.csv:2:completed_on: completed_on 01/02/2024 is before the course starts (01/03/2024)",
        ),
        ("LTC-24,P-CU,graduated,,,", "e.csv:2:status: unknown status 'graduated'"),
        ("NOPE,P-CU,approved,,,", "e.csv:2:course_code: unknown course 'NOPE'"),
        ("LTC-24,P-NOBODY,approved,,,", "e.csv:2:person_code: unknown person 'P-NOBODY'"),
        ("LTC-24,P-CU,failed,,11,", "e.csv:2:score: '11' is not a score from 0 to 10"),
        ("LTC-24,,approved,,,", "e.csv:2:person_code: required value is missing"),
    ],
)
def test_each_bad_enrolment_cell_rejects_the_file(courses, write, row, message):
    header = ENROLMENTS.splitlines()[0]
    good = ENROLMENTS.splitlines()[1]
    result = run(
        "enrolments", write("e.csv", f"{header}\n{row}\n{good.replace('P-CU', 'P-DAO')}\n")
    )
    assert not result.ok
    assert any(e.startswith(message) for e in errors(result)), errors(result)
    assert not Enrolment.objects.exists()
    assert not Qualification.objects.filter(source="course").exists()


def test_duplicate_enrolments_and_certificate_numbers_are_refused(courses, write):
    header = ENROLMENTS.splitlines()[0]
    text = (
        f"{header}\nLTC-24,P-CU,completed,2024-09-30,,C-1\nLTC-24,P-CU,approved,,,\n"
        "LTC-24,P-DAO,completed,2024-09-30,,C-1\n"
    )
    result = run("enrolments", write("e.csv", text))
    assert (
        "e.csv:3:person_code: duplicate enrolment of 'P-CU' in 'LTC-24' (first on row 2)"
        in errors(result)
    )
    assert "e.csv:4:certificate_no: duplicate certificate_no 'C-1' (first on row 2)" in errors(
        result
    )
    run("enrolments", write("e.csv", f"{header}\nLTC-24,P-CU,completed,2024-09-30,,C-1\n"))
    result = run(
        "enrolments", write("e.csv", f"{header}\nLTC-24,P-DAO,completed,2024-09-30,,C-1\n")
    )
    assert errors(result) == [
        "e.csv:2:certificate_no: certificate_no 'C-1' belongs to another enrolment"
    ]


def test_the_command_and_export_round_trip(courses, write, tmp_path, capsys):
    path = write("e.csv", ENROLMENTS)
    call_command("import", "enrolments", str(path), "--as-of", "2026-01-01")
    assert "created 4" in capsys.readouterr().out
    for kind in ("courses", "enrolments"):
        out = tmp_path / f"out-{kind}.csv"
        call_command("export", kind, str(out), "--as-of", "2026-01-01")
        capsys.readouterr()
        result = run(kind, out)
        assert result.ok, errors(result)
        assert result.created == result.updated == 0 and result.unchanged > 0
    bad = write("bad.csv", ENROLMENTS.replace("2024-09-30", ""))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enrolments", str(bad))
    assert exit_info.value.code == 1
    assert "bad.csv:2:completed_on: required when status is completed" in capsys.readouterr().err
