"""The training pages through the test client: the whole class workflow, PDFs, verification."""

import datetime as dt

import pytest
from django.test import Client

from dtbd.people.models import Qualification
from dtbd.training.models import Certificate, Enrolment, Session

from .conftest import make_course, user_with

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_class_from_open_to_closed_through_the_pages(province):
    course = make_course(province, code="LTC-W")
    hr = client_for(user_with("manager", province.ys))
    school = client_for(user_with("institution", province.school))
    response = hr.post(
        "/training/LTC-W/nominate/",
        {
            "person": "P-DAO",
            "sending_unit": province.ys.pk,
            "decision_no": "45/QĐ-UBND",
            "priority": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enrolment = Enrolment.objects.get()
    page = school.get("/training/LTC-W/").content.decode()
    assert "Trần Thị Đào" in page
    school.post(f"/training/LTC-W/enrolments/{enrolment.pk}/", {"action": "approve"})
    school.post("/training/LTC-W/status/", {"status": "running"})
    school.post(
        "/training/LTC-W/sessions/",
        {"date": "2024-03-01", "topic": "Triết học Mác-Lênin", "periods": 4},
    )
    session = Session.objects.get()
    school.post(
        f"/training/LTC-W/sessions/{session.pk}/attendance/", {f"a-{enrolment.pk}": "present"}
    )
    pdf = school.get(f"/training/LTC-W/sessions/{session.pk}/sign-in.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = school.post(
        "/training/LTC-W/results/",
        {"completed_on": "2024-09-30", f"r-{enrolment.pk}": "pass", f"s-{enrolment.pk}": "8,5"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, str(enrolment.score)) == ("completed", "8.50")
    assert Qualification.objects.filter(
        person=province.dao, level="intermediate", source="course"
    ).exists()
    school.post("/training/LTC-W/status/", {"status": "closed"})
    course.refresh_from_db()
    assert course.status == "closed"
    certificate = Certificate.objects.get()
    pdf = school.get(f"/training/certificates/{certificate.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The person's registry page shows the raised level.
    admin = client_for(user_with("admin", province.root))
    assert (
        "Trung cấp" in admin.get("/people/P-DAO/").content.decode()
        or "intermediate" in admin.get("/people/P-DAO/").content.decode()
    )


def test_the_public_verification_page_shows_only_name_programme_and_validity(province, client):
    from dtbd.training.results import Result, course_complete

    course = make_course(province, code="LTC-V")
    from dtbd.training.nomination import enrolment_approve, enrolment_nominate
    from dtbd.training.services import course_set_status

    e = enrolment_nominate(
        actor="tests", course=course, person=province.dao, sending_unit=province.kp
    )
    enrolment_approve(actor="tests", enrolment=e)
    course = course_set_status(actor="tests", course=course, status="running")
    course_complete(
        actor="tests", course=course, completed_on=D(2024, 9, 30), results={e.pk: Result(True)}
    )
    certificate = Certificate.objects.get()
    page = client.get(f"/training/verify/{certificate.token}/").content.decode()
    assert "Trần Thị Đào" in page and certificate.number in page
    assert "P-DAO" not in page and "1985" not in page  # no code, no birth date
    assert client.get("/training/verify/", {"number": certificate.number}).status_code == 200
    from dtbd.training.results import certificate_revoke

    certificate_revoke(actor="tests", certificate=certificate, reason="Sai hồ sơ")
    page = client.get(f"/training/verify/{certificate.token}/").content.decode()
    assert "verdict" in page and "border-danger" in page
    # The PDF itself needs an account.
    assert client.get(f"/training/certificates/{certificate.pk}/pdf/").status_code == 302


def test_pages_answer_and_stay_in_scope(province):
    make_course(province, code="PLANNED-X", status="planned")
    other = client_for(user_with("manager", province.sd))
    assert other.get("/training/PLANNED-X/").status_code == 404
    assert "PLANNED-X" not in other.get("/training/").content.decode()
    admin = client_for(user_with("admin", province.root))
    for url in [
        "/training/",
        "/training/new/",
        "/training/programmes/",
        "/training/lecturers/",
        "/training/my/",
        "/training/PLANNED-X/",
        "/training/verify/",
    ]:
        assert admin.get(url).status_code == 200, url


def test_the_person_page_lists_the_classes_with_their_certificate(province):
    """The training room's panel on the person's page: the class, its status and the
    certificate number, for a reader who may see the enrolment; nothing for one who may not."""
    from dtbd.training.nomination import enrolment_approve, enrolment_nominate
    from dtbd.training.results import Result, course_complete
    from dtbd.training.services import course_set_status

    course = make_course(province, code="LTC-P")
    e = enrolment_nominate(
        actor="tests", course=course, person=province.dao, sending_unit=province.kp
    )
    enrolment_approve(actor="tests", enrolment=e)
    course = course_set_status(actor="tests", course=course, status="running")
    course_complete(
        actor="tests", course=course, completed_on=D(2024, 9, 30), results={e.pk: Result(True)}
    )
    number = Certificate.objects.get().number
    admin = Client()
    admin.force_login(user_with("admin"))
    panel = admin.get("/people/P-DAO/").content.decode().split('id="training-history"')[1]
    assert "LTC-P" in panel and number in panel and "/training/LTC-P/" in panel
    other = admin.get("/people/P-BINH/").content.decode().split('id="training-history"')[1]
    assert "LTC-P" not in other
