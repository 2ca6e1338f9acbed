"""Classes, nomination, approval, completion with conferral, certificates and feedback."""

import datetime as dt
from decimal import Decimal

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import NotFound, PermissionDenied, ValidationFailed
from dtbd.people.models import Qualification
from dtbd.training.models import Certificate, Course, Enrolment
from dtbd.training.nomination import (
    approve_from_waiting_list,
    enrolment_approve,
    enrolment_nominate,
    enrolment_withdraw,
    waiting_list,
)
from dtbd.training.results import (
    Result,
    attendance_record,
    certificate_revoke,
    course_complete,
    feedback_give,
)
from dtbd.training.services import (
    course_create,
    course_set_status,
    course_update,
    lecturer_create,
    quota_set,
    resolve_institution,
    session_add,
)

from .conftest import make_course, user_with

pytestmark = pytest.mark.django_db
D = dt.date


def nominate(course, person, unit, actor="tests", **kw):
    return enrolment_nominate(
        actor=actor,
        course=course,
        person=person,
        sending_unit=unit,
        decision_no="12/QĐ-UBND",
        decision_date=D(2024, 2, 20),
        **kw,
    )


def held(person, dimension, on):
    return (
        Qualification.objects.filter(
            person=person, dimension=dimension, valid_from__lte=on, valid_to__gte=on
        )
        .values_list("level", flat=True)
        .first()
    )


# --- classes ------------------------------------------------------------------------------


def test_a_class_ending_before_it_starts_is_refused(province):
    with pytest.raises(ValidationFailed, match="end_date 28/02/2024 is before start_date"):
        make_course(province, end_date=D(2024, 2, 28), status="planned")
    assert not Course.objects.exists()


def test_the_institution_must_be_a_training_institution(province):
    with pytest.raises(ValidationFailed, match=r"'08\.YS' is not a training institution"):
        make_course(province, institution=province.ys, status="planned")


def test_the_institution_cell_is_a_unit_code_or_free_text(province):
    assert resolve_institution("08.TCT", D(2024, 1, 1)) == (province.school, "")
    # Not one of ours (or not a training institution): kept as the name of an outside body.
    name = "Học viện Chính trị quốc gia Hồ Chí Minh"
    assert resolve_institution(name, D(2024, 1, 1)) == (None, name)
    assert resolve_institution("08.YS", D(2024, 1, 1)) == (None, "08.YS")


def test_status_moves_forward_only_along_the_workflow(province):
    course = make_course(province, status="planned")
    with pytest.raises(ValidationFailed, match="a planned class cannot become running"):
        course_set_status(actor="tests", course=course, status="running")
    course = course_set_status(actor="tests", course=course, status="open")
    course = course_set_status(actor="tests", course=course, status="running")
    assert course.status == "running" and course.version == 3
    assert AuditEvent.objects.filter(event="course.status_changed").count() == 2


def test_an_outdated_version_is_refused(province):
    course = make_course(province, status="planned")
    course_update(actor="tests", course=course, expected_version=1, venue="Hội trường A")
    from dtbd.core.errors import Conflict

    with pytest.raises(Conflict):
        course_update(actor="tests", course=course, expected_version=1, venue="Hội trường B")
    course.refresh_from_db()
    assert course.venue == "Hội trường A" and course.version == 2


def test_a_manager_elsewhere_cannot_manage_the_class_but_the_institution_can(province):
    course = make_course(province, status="planned")
    with pytest.raises(NotFound):
        course_set_status(actor=user_with("manager", province.sd), course=course, status="open")
    school_staff = user_with("institution", province.school)
    assert course_set_status(actor=school_staff, course=course, status="open").status == "open"


# --- nomination and approval ---------------------------------------------------------------


def test_a_unit_nominates_its_own_people_only(province):
    course = make_course(province)
    hr_ys = user_with("manager", province.ys)
    enrolment = nominate(course, province.dao, province.ys, actor=hr_ys)  # Kim Phú is under Yên Sơn
    assert enrolment.status == "registered" and enrolment.sending_unit == province.ys
    with pytest.raises(ValidationFailed, match=r"does not work in unit '08\.YS'"):
        nominate(course, province.binh, province.ys, actor=hr_ys)
    with pytest.raises(PermissionDenied, match=r"may not nominate people of unit '08\.SD'"):
        nominate(course, province.binh, province.sd, actor=hr_ys)
    assert Enrolment.objects.count() == 1


def test_nomination_needs_an_open_class(province):
    course = make_course(province, status="planned")
    with pytest.raises(ValidationFailed, match="is not open for nomination"):
        nominate(course, province.cu, province.ys)


def test_quotas_limit_each_sending_unit_and_its_subtree(province):
    course = make_course(province)
    quota_set(actor="tests", course=course, unit=province.ys, places=1)
    nominate(course, province.cu, province.ys)
    with pytest.raises(ValidationFailed, match="used its quota of 1 place"):
        nominate(course, province.dao, province.kp)
    with pytest.raises(ValidationFailed, match=r"'08\.SD' has no places"):
        nominate(course, province.binh, province.sd)
    assert Enrolment.objects.count() == 1


def test_capacity_and_waiting_list(province):
    course = make_course(province, capacity=1, waitlist_places=1)
    first = nominate(course, province.cu, province.ys)
    second = nominate(course, province.dao, province.kp, priority=5, priority_reason="quy hoạch")
    assert not first.waitlisted and second.waitlisted
    with pytest.raises(ValidationFailed, match="is full \\(1 place\\(s\\) and 1 on the waiting"):
        nominate(course, province.binh, province.sd)
    # The waiting list is in priority order: Đào (priority 5) before Cừ.
    assert [e.person.code for e in waiting_list(course)] == ["P-DAO", "P-CU"]
    assert approve_from_waiting_list(actor="tests", course=course) == 1
    assert Enrolment.objects.get(person=province.dao).status == "approved"
    with pytest.raises(ValidationFailed, match="is full \\(1 place\\(s\\)\\)"):
        enrolment_approve(actor="tests", enrolment=first)
    enrolment_withdraw(actor="tests", enrolment=Enrolment.objects.get(person=province.dao))
    assert enrolment_approve(actor="tests", enrolment=first).status == "approved"


# --- attendance, completion, conferral, certificates ----------------------------------------


@pytest.fixture
def running(province):
    course = make_course(province)
    a = nominate(course, province.cu, province.ys)
    b = nominate(course, province.dao, province.kp)
    for e in (a, b):
        enrolment_approve(actor="tests", enrolment=e)
    course = course_set_status(actor="tests", course=course, status="running")
    return course, a, b


def test_completion_needs_a_date_not_before_the_class(running):
    course, a, _ = running
    with pytest.raises(ValidationFailed, match="needs its date"):
        course_complete(
            actor="tests", course=course, completed_on=None, results={a.pk: Result(True)}
        )
    with pytest.raises(ValidationFailed, match="completed_on 29/02/2024 is before class"):
        course_complete(
            actor="tests", course=course, completed_on=D(2024, 2, 29), results={a.pk: Result(True)}
        )
    assert Enrolment.objects.filter(status="completed").count() == 0


def test_completion_confers_the_level_on_its_date_and_numbers_certificates(running, province):
    course, a, b = running
    summary = course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True, Decimal("8.5")), b.pk: Result(True, Decimal("7"))},
    )
    assert summary == {"completed": 2, "failed": 0, "conferred": 2, "certificates": 2}
    assert held(province.cu, "political_theory", D(2024, 9, 29)) is None
    assert held(province.cu, "political_theory", D(2024, 9, 30)) == "intermediate"
    # Đào held basic: it holds until the day before, then intermediate.
    assert held(province.dao, "political_theory", D(2024, 9, 29)) == "basic"
    assert held(province.dao, "political_theory", D(2024, 10, 1)) == "intermediate"
    q = Qualification.objects.get(person=province.cu, dimension="political_theory")
    assert (q.source, q.source_ref) == ("course", "LTC-2024-01")
    assert q.institution == "Trường Chính trị tỉnh Tuyên Quang"
    # Numbered in the school's register for 2024, in name order (Cừ before Đào by given name).
    numbers = dict(Certificate.objects.values_list("enrolment__person__code", "number"))
    assert numbers == {"P-CU": "00001/2024/08.TCT", "P-DAO": "00002/2024/08.TCT"}
    assert q.certificate_no == "00001/2024/08.TCT"
    assert AuditEvent.objects.filter(event="person.qualification_set", subject_key="P-CU").exists()
    assert AuditEvent.objects.filter(event="certificate.issued").count() == 2
    assert AuditEvent.objects.filter(event="enrolment.result_recorded").count() == 2


def test_a_completion_never_lowers_a_qualification(province):
    course = make_course(province, program_category="political_theory_basic")
    a = nominate(course, province.dao, province.kp)  # holds basic already
    enrolment_approve(actor="tests", enrolment=a)
    course = course_set_status(actor="tests", course=course, status="running")
    course_complete(
        actor="tests", course=course, completed_on=D(2024, 9, 30), results={a.pk: Result(True)}
    )
    rows = list(Qualification.objects.filter(person=province.dao).values_list("level", "source"))
    assert rows == [("basic", "manual")]
    assert Enrolment.objects.get(pk=a.pk).status == "completed"


def test_failed_learners_get_nothing(running, province):
    course, a, _ = running
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(False, Decimal("3"))},
    )
    assert Enrolment.objects.get(pk=a.pk).status == "failed"
    assert held(province.cu, "political_theory", D(2024, 10, 1)) is None
    assert not Certificate.objects.exists()


def test_certificate_serials_continue_per_register_and_year(province):
    for n, code in enumerate(["LTC-A", "LTC-B"]):
        course = make_course(province, code=code)
        person = [province.cu, province.binh][n]
        unit = [province.ys, province.sd][n]
        e = nominate(course, person, unit)
        enrolment_approve(actor="tests", enrolment=e)
        course = course_set_status(actor="tests", course=course, status="running")
        course_complete(
            actor="tests", course=course, completed_on=D(2024, 9, 30), results={e.pk: Result(True)}
        )
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        "00001/2024/08.TCT",
        "00002/2024/08.TCT",
    ]


def test_closing_needs_every_result_and_lapses_pending_nominations(running, province):
    course, a, b = running
    with pytest.raises(ValidationFailed, match="2 learner\\(s\\) have no result yet"):
        course_set_status(actor="tests", course=course, status="closed")
    course_complete(
        actor="tests",
        course=course,
        completed_on=D(2024, 9, 30),
        results={a.pk: Result(True), b.pk: Result(False)},
    )
    assert course_set_status(actor="tests", course=course, status="closed").status == "closed"


def test_attendance_bulk_entry_starts_attending(running):
    course, a, b = running
    session = session_add(
        actor="tests", course=course, date=D(2024, 3, 1), topic="Chủ nghĩa Mác-Lênin"
    )
    assert (
        attendance_record(actor="tests", session=session, marks={a.pk: "present", b.pk: "absent"})
        == 2
    )
    assert Enrolment.objects.get(pk=a.pk).status == "attending"
    assert Enrolment.objects.get(pk=b.pk).status == "approved"
    with pytest.raises(ValidationFailed, match="outside the class"):
        session_add(actor="tests", course=course, date=D(2025, 1, 1), topic="x")


def test_only_attendees_give_feedback(running, province):
    course, a, b = running
    lecturer = lecturer_create(
        actor="tests", full_name="TS. Hoàng Văn Nam", institution=province.school
    )
    session = session_add(
        actor="tests", course=course, date=D(2024, 3, 1), topic="Triết học", lecturer=lecturer
    )
    attendance_record(actor="tests", session=session, marks={a.pk: "present", b.pk: "absent"})
    cu_self = user_with("self", person=province.cu)
    dao_self = user_with("self", person=province.dao)
    feedback_give(actor=cu_self, enrolment=a, rating=5, lecturer=lecturer)
    with pytest.raises(ValidationFailed, match="only learners who attended"):
        feedback_give(actor=dao_self, enrolment=b, rating=1)
    with pytest.raises(PermissionDenied, match="only the learner"):
        feedback_give(actor=dao_self, enrolment=a, rating=1)
    with pytest.raises(ValidationFailed, match="already rated"):
        feedback_give(actor=cu_self, enrolment=a, rating=4, lecturer=lecturer)


def test_a_certificate_can_be_revoked_with_a_reason(running):
    course, a, _ = running
    course_complete(
        actor="tests", course=course, completed_on=D(2024, 9, 30), results={a.pk: Result(True)}
    )
    certificate = Certificate.objects.get()
    with pytest.raises(ValidationFailed, match="give the reason"):
        certificate_revoke(actor="tests", certificate=certificate, reason="")
    certificate_revoke(
        actor="tests", certificate=certificate, reason="Hồ sơ không hợp lệ", on=D(2025, 1, 2)
    )
    certificate.refresh_from_db()
    assert certificate.revoked_on == D(2025, 1, 2)


def test_a_class_needs_an_organiser_the_actor_may_write(province):
    with pytest.raises(PermissionDenied, match=r"may not organise classes for unit '08\.BTC'"):
        course_create(
            actor=user_with("manager", province.ys),
            course_code="X-1",
            name="Lớp",
            program_category="it",
            organizer_unit=province.btc,
            start_date=D(2024, 1, 1),
            end_date=D(2024, 1, 2),
        )
