"""The programme catalogue file, budget sums for the plans app, ratings per lecturer and
programme."""

import datetime as dt

import pytest

from dtbd.exchange.services import import_file
from dtbd.training.models import BudgetLine, Feedback, Programme
from dtbd.training.nomination import enrolment_approve, enrolment_nominate
from dtbd.training.results import Result, course_complete, feedback_give
from dtbd.training.selectors import course_costs, ratings_by_lecturer, ratings_by_programme
from dtbd.training.services import course_set_status, lecturer_create, session_add

from .conftest import make_course, user_with

pytestmark = pytest.mark.django_db
D = dt.date

PROGRAMMES = """code,name,category,confers_dimension,confers_level,periods,audience,issuing_body,compulsory_modules
TC-LLCT,Trung cấp lý luận chính trị,political_theory_intermediate,,,1200,Cán bộ cấp phòng,Học viện CTQG HCM,Triết học; Kinh tế chính trị
TA-B1,Tiếng Anh bậc 3,foreign_language,foreign_language,b1,300,,Bộ Giáo dục và Đào tạo,
"""


def test_the_catalogue_imports_and_a_programme_may_name_its_own_level(db, tmp_path):
    path = tmp_path / "programmes.csv"
    path.write_text(PROGRAMMES, encoding="utf-8")
    result = import_file(
        kind="programmes", path=path, name=path.name, actor="tests", as_of=D(2026, 1, 1)
    )
    assert result.summary() == "created 2, updated 0, unchanged 0", result.errors
    tc = Programme.objects.get(code="TC-LLCT")
    assert tc.compulsory_modules == "Triết học\nKinh tế chính trị"
    assert tc.confers() == ("political_theory", "intermediate")  # the contract's table
    assert Programme.objects.get(code="TA-B1").confers() == ("foreign_language", "b1")
    again = import_file(
        kind="programmes", path=path, name=path.name, actor="tests", as_of=D(2026, 1, 1)
    )
    assert again.summary() == "created 0, updated 0, unchanged 2"
    bad = tmp_path / "bad.csv"
    bad.write_text(PROGRAMMES.replace(",b1,", ",z9,"), encoding="utf-8")
    result = import_file(
        kind="programmes", path=bad, name=bad.name, actor="tests", as_of=D(2026, 1, 1)
    )
    assert [str(e) for e in result.errors] == [
        "bad.csv:3:confers_level: unknown foreign_language level 'z9'"
    ]


def test_course_costs_sum_budget_lines_or_fall_back_to_the_budget(province):
    a = make_course(province, code="A", status="planned", budget_vnd=90_000_000)
    b = make_course(province, code="B", status="planned", budget_vnd=50_000_000)
    BudgetLine.objects.create(
        course=a, item="teaching", planned_vnd=40_000_000, actual_vnd=38_000_000
    )
    BudgetLine.objects.create(course=a, item="materials", planned_vnd=10_000_000)
    assert course_costs([a.pk, b.pk]) == {a.pk: (50_000_000, 38_000_000), b.pk: (50_000_000, 0)}


def test_ratings_aggregate_per_lecturer_and_programme(province):
    course = make_course(province)
    people = [(province.cu, province.ys), (province.dao, province.kp)]
    enrolments = []
    for person, unit in people:
        e = enrolment_nominate(actor="tests", course=course, person=person, sending_unit=unit)
        enrolments.append(enrolment_approve(actor="tests", enrolment=e))
    course = course_set_status(actor="tests", course=course, status="running")
    lecturer = lecturer_create(
        actor="tests", full_name="Hoàng Văn Thắng", institution=province.school
    )
    session_add(
        actor="tests", course=course, date=D(2024, 3, 2), topic="Xây dựng Đảng", lecturer=lecturer
    )
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={e.pk: Result(True) for e in enrolments},
    )
    for (person, _), e, (class_rating, lecturer_rating) in zip(
        people, enrolments, [(5, 4), (3, 5)], strict=True
    ):
        me = user_with("self", person=person)
        feedback_give(actor=me, enrolment=e, rating=class_rating)
        feedback_give(actor=me, enrolment=e, rating=lecturer_rating, lecturer=lecturer)
    assert Feedback.objects.count() == 4
    [row] = ratings_by_lecturer()
    assert (row["lecturer__full_name"], row["ratings"], row["average"]) == (
        "Hoàng Văn Thắng",
        2,
        4.5,
    )
    [row] = ratings_by_programme()
    assert (row["enrolment__course__program_category"], row["ratings"], row["average"]) == (
        "political_theory_intermediate",
        2,
        4.0,
    )
