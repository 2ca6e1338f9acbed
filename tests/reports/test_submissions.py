"""Submitted reports keep their figures; the page shows the differences from today's."""

import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from dtbd.people.services import qualification_set
from dtbd.reports.models import SubmittedReport
from dtbd.reports.submissions import differences, report_submit, submission_get
from tests.api.conftest import user_with
from tests.factories import ACTOR

from .test_workforce import run

PARAMS = {"dimension": "professional", "by": "level", "unit": "01", "as_of": "2024-06-01"}


@pytest.fixture
def manager(world):
    return user_with("manager", world.units["01"])


def test_submitting_stores_the_figures_and_is_audited(world, manager):
    submitted = report_submit(actor=manager, name="breakdown", raw=PARAMS, period="2024")
    assert submitted.result == run("breakdown", **PARAMS)
    assert submitted.unit == world.units["01"]
    assert (
        AuditEvent.objects.filter(event="report.submitted", subject_key="breakdown:2024:01").count()
        == 1
    )


def test_a_correction_changes_the_live_report_not_the_submitted_one(world, manager):
    submitted = report_submit(actor=manager, name="breakdown", raw=PARAMS, period="2024")
    before = submitted.result
    # A6 (elementary, Sở Y tế) turns out to have held a college diploma since 2020
    qualification_set(
        actor=ACTOR,
        person=world.people["A6"],
        dimension="professional",
        level="college",
        on=dt.date(2020, 1, 1),
    )
    assert SubmittedReport.objects.get(pk=submitted.pk).result == before
    changes = differences(actor=manager, submitted=submitted)
    assert {(dict(c["key"])["value"], c["field"], c["submitted"], c["live"]) for c in changes} == {
        ("college", "count", 1, 2),
        ("college", "percent", 16.67, 33.33),
        ("elementary", "count", 1, None),
        ("elementary", "total", 6, None),
        ("elementary", "percent", 16.67, None),
    }


def test_no_changes_no_differences(world, manager):
    submitted = report_submit(
        actor=manager, name="bm02", raw={"unit": "01", "as_of": "2024-06-01"}, period="2024"
    )
    assert differences(actor=manager, submitted=submitted) == []


def test_a_period_is_filed_once(world, manager):
    report_submit(actor=manager, name="breakdown", raw=PARAMS, period="2024")
    with pytest.raises(Conflict, match="already submitted; it cannot be changed"):
        report_submit(actor=manager, name="breakdown", raw=PARAMS, period="2024")
    with pytest.raises(ValidationFailed, match="period is required"):
        report_submit(actor=manager, name="breakdown", raw=PARAMS, period=" ")


def test_who_may_file_and_see(world, manager):
    viewer = user_with("viewer", world.units["01"])
    with pytest.raises(PermissionDenied):
        report_submit(actor=viewer, name="breakdown", raw=PARAMS, period="2024")
    submitted = report_submit(actor=manager, name="breakdown", raw=PARAMS, period="2024")
    assert submission_get(actor=viewer, pk=submitted.pk) == submitted
    outsider = user_with("manager", world.units["02"])
    with pytest.raises(NotFound):
        submission_get(actor=outsider, pk=submitted.pk)
    with pytest.raises(NotFound):  # another province's unit is unknown to this manager
        report_submit(actor=outsider, name="breakdown", raw=PARAMS, period="2025")


def test_pages(world, manager, client):
    client.force_login(manager)
    page = client.get("/reports/breakdown/", PARAMS)
    assert 'id="submit-form"' in page.content.decode()
    response = client.post("/reports/breakdown/submit/", {**PARAMS, "period": "2024"})
    submitted = SubmittedReport.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/reports/submitted/{submitted.pk}/"
    )
    detail = client.get(response["Location"]).content.decode()
    assert 'id="no-changes"' in detail
    qualification_set(
        actor=ACTOR,
        person=world.people["A6"],
        dimension="professional",
        level="college",
        on=dt.date(2020, 1, 1),
    )
    detail = client.get(response["Location"]).content.decode()
    assert 'id="changes"' in detail
    again = client.post("/reports/breakdown/submit/", {**PARAMS, "period": "2024"}, follow=True)
    assert "already submitted" in again.content.decode()
    assert "/reports/submitted/" in client.get("/reports/submitted/").content.decode()
    client.force_login(user_with("viewer", world.units["02"]))
    assert client.get(response["Location"]).status_code == 404
    assert 'id="submit-form"' not in client.get("/reports/breakdown/", PARAMS).content.decode()


def test_read_only_roles_get_403_when_filing(world, client):
    client.force_login(user_with("viewer", world.units["01"]))
    response = client.post("/reports/breakdown/submit/", {**PARAMS, "period": "2024"})
    assert response.status_code == 403
    assert not SubmittedReport.objects.exists()
    client.force_login(user_with("manager", world.units["02"]))  # writes elsewhere only
    response = client.post("/reports/breakdown/submit/", {**PARAMS, "period": "2024"})
    assert response.status_code == 404  # the unit lies outside its scope
