"""The scope sweep over every route, for every role (see sweep.py for what must hold)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from dtbd.exchange.models import ImportJob
from dtbd.organisation.models import Unit, UnitVersion
from dtbd.people.models import Person, Post, Qualification

from . import rooms
from .conftest import B_PERSON_CODE, B_PERSON_NAME, B_UNIT_CODE, B_UNIT_NAME, user_with
from .sweep import ROLES, UNSCOPED, Records, Route, Sweeper, UnknownParameter, discover

pytestmark = pytest.mark.django_db


# The rooms' records: a write to any of them changes its count or its table's latest row.
ROOM_MODELS = (
    "standards.Standard",
    "standards.StandardVersion",
    "standards.Equivalence",
    "standards.HoursRule",
    "standards.Framework",
    "standards.Campaign",
    "standards.Need",
    "standards.Interest",
    "training.Course",
    "training.Session",
    "training.Quota",
    "training.BudgetLine",
    "training.Enrolment",
    "training.Attendance",
    "training.Certificate",
    "training.Feedback",
    "plans.Plan",
    "plans.PlanVersion",
    "plans.PlanTarget",
    "careers.Assessment",
    "careers.Rotation",
    "careers.RotationReview",
    "careers.Commendation",
    "careers.Discipline",
    "careers.PoolTerm",
    "careers.PoolPost",
    "careers.PoolCandidate",
    "reports.SubmittedReport",
    "reports.TermTarget",
)


def fingerprint() -> tuple:
    """Everything a write would change (reads are logged as person.viewed: not a change).
    Besides the counts, every row's fields of the rooms' tables (small here), so an update
    in place is seen too."""
    from django.apps import apps

    rooms_state = tuple(
        tuple(tuple(row.values()) for row in apps.get_model(label).objects.order_by("pk").values())
        for label in ROOM_MODELS
    )
    return (
        rooms_state,
        Person.objects.count(),
        Person.objects.aggregate(v=Sum("version"))["v"],
        Post.objects.count(),
        Qualification.objects.count(),
        Unit.objects.count(),
        UnitVersion.objects.count(),
        Grant.objects.count(),
        get_user_model().objects.count(),
        ImportJob.objects.count(),
        AuditEvent.objects.exclude(event="person.viewed").count(),
    )


def _job(user) -> ImportJob:
    return ImportJob.objects.create(
        kind="people",
        file_name="nhan-su.csv",
        as_of=dt.date(2024, 6, 1),
        status=ImportJob.Status.SUCCEEDED,
        requested_by=user,
    )


def role_user(role: str, world):
    if role == "anonymous":
        return None
    if role == "self":
        return user_with(("self", None), person=world.pa)
    if role == "nobody":
        return user_with()
    return user_with((role, world.a))


def sweep_as(role: str, world, routes: list[Route] | None = None, urlconf: str | None = None):
    """Run the sweep as `role` scoped to A; returns the report."""
    user = role_user(role, world)
    own_job = _job(user)
    b_job = _job(user_with(("manager", world.b)))
    client = Client()
    if user is not None:
        client.force_login(user)
    a, b = rooms.build(world)
    missing = {kind: "987654" for kind in a.codes}
    missing.update(
        course="LQ-MISSING",
        plan="KH-MISSING",
        term="QH-MISSING",
        framework="KNL-MISSING",
        report="no-such-report",
        year="1999",
        action="no-such-action",
    )
    records = Records(
        inside={"unit": world.a.code, "person": world.pa.code, "job": str(own_job.pk), **a.codes},
        outside={
            "unit": world.b.code,
            "person": world.pb.code,
            "job": str(b_job.pk),
            **{k: v for k, v in b.codes.items() if k not in UNSCOPED},
        },
        missing={"unit": "R.Q", "person": "PQ-0000", "job": "987654", **missing},
        forbidden_text=(B_UNIT_CODE, B_UNIT_NAME, B_PERSON_CODE, B_PERSON_NAME, *b.text),
    )
    routes = routes if routes is not None else discover(Client(), urlconf)
    return Sweeper(role, client, records, fingerprint).run(routes)


# Known routes, so a discovery that found nothing (or lost a branch) cannot pass quietly.
EXPECTED = {
    "home",
    "organisation:tree",
    "organisation:detail",
    "organisation:children",
    "people:list",
    "people:detail",
    "people:edit",
    "exchange:imports",
    "exchange:export",
    "exchange:job",
    "exchange:job_status",
    "audit:search",
    "GET /api/v1/units",
    "GET /api/v1/units/{code}",
    "GET /api/v1/people",
    "POST /api/v1/people",
    "GET /api/v1/people/{person_code}",
    "PATCH /api/v1/people/{person_code}",
    # the rooms
    "standards:detail",
    "standards:survey",
    "training:detail",
    "training:enrolment_action",
    "plans:detail",
    "plans:completions",
    "careers:timeline",
    "careers:pool_term",
    "reports:report",
    "reports:submitted",
    "GET /api/v1/courses/{course_code}",
    "GET /api/v1/enrolments/{enrolment_id}",
    "GET /api/v1/standards/surveys/{survey_id}/needs",
    "GET /api/v1/plans/{plan_code}",
    "GET /api/v1/careers/rotations/{rotation_id}",
    "POST /api/v1/careers/pool-terms/{code}/posts/{post_id}/candidates",
    "GET /api/v1/reports/{name}",
}


def test_the_sweep_discovers_every_page_and_every_documented_api_operation(client):
    routes = discover(client)
    names = {r.name for r in routes}
    assert names >= EXPECTED, EXPECTED - names
    documented = client.get("/api/v1/openapi.json").json()["paths"]
    operations = sum(len(methods) for methods in documented.values())
    assert len([r for r in routes if r.face == "api"]) == operations
    assert len(names) == len(routes)


@pytest.mark.parametrize("role", ROLES)
def test_no_route_leaks_to_a_role_scoped_to_a(role, world):
    report = sweep_as(role, world)
    assert not report.findings, "\n".join(report.findings)
    assert report.requests > 20
    # The lists show what the role may see, so "shows nothing of B" is not empty praise.
    people = report.lists.get("people:list", "") + report.lists.get("GET /api/v1/people", "")
    units = report.lists.get("organisation:tree", "") + report.lists.get("GET /api/v1/units", "")
    if role in ("admin", "manager", "viewer", "self"):
        assert people.count(world.pa.full_name) == 2, role
    if role in ("admin", "manager", "viewer", "institution"):
        assert units.count("Sở Alpha") >= 2, role
    if role in ("admin", "manager"):
        assert world.pa.code in report.lists["exchange:export?kind=people&format=csv&on=2024-06-01"]
    if role == "admin":
        assert world.pa.code in report.lists["audit:search"]
    # The rooms' lists show A's records to those who read them.
    if role in ("admin", "manager", "viewer"):
        for name, code in (
            ("plans:list", "KH-A"),
            ("GET /api/v1/plans", "KH-A"),
            ("careers:pool", "QH-A"),
            ("GET /api/v1/careers/pool-terms", "QH-A"),
            ("standards:surveys", "Khảo sát Alpha"),
            ("GET /api/v1/standards/surveys", "Khảo sát Alpha"),
            ("GET /api/v1/enrolments", "LA-SWEEP"),
        ):
            assert code in report.lists[name], (role, name)
    if role in ("admin", "manager", "viewer", "institution"):
        assert "LA-SWEEP" in report.lists["training:list"] + report.lists["GET /api/v1/courses"]


def test_the_sweep_reports_routes_that_forget_the_policy(world, settings):
    """A page, a list and an API operation that read Person.objects directly are reported;
    the project's own routes beside them are not."""
    settings.ROOT_URLCONF = "tests.scope.leaky_urls"
    report = sweep_as("viewer", world)
    leaks = "\n".join(report.findings)
    assert (
        "viewer GET leaky_card: a person outside the scope answers 200 but a missing one 404"
        in leaks
    )
    assert f"viewer GET leaky_list: shows '{B_PERSON_NAME}'" in leaks
    assert (
        "viewer GET GET /leaky-api/people/{person_code}/name: a person outside the scope "
        "answers 200 but a missing one 404" in leaks
    )
    assert all("leaky" in finding for finding in report.findings), leaks


def test_a_parameter_the_sweep_does_not_know_stops_it(world, settings):
    settings.ROOT_URLCONF = "tests.scope.unknown_urls"
    with pytest.raises(UnknownParameter, match="'widget_id' names under 'widgets/'"):
        sweep_as("viewer", world)
