"""The scope sweep: every route, found by itself, asked as every role about a record inside
the role's scope, one outside it and one that does not exist.

Routes come from Django's URL resolver (recursively through includes) and, for an API
mounted there, from its OpenAPI document; nothing is listed by hand except the few patterns
in SKIPPED. A path parameter is filled by its name (PARAMETERS); a name the sweep does not
know stops it with UnknownParameter, so a new route cannot slip through unchecked.

What must hold, for every role (see ROLES) and route:
- anonymous: web pages redirect to the login page, the API answers 401;
- a record outside the role's scope answers exactly like a missing one (status, body,
  redirect), after the requested code and path are blanked out of both;
- a record inside it answers 200 to roles that may read it (403 on pages that need write or
  administer rights, for roles without them), and like a missing one to roles that may not
  read it;
- writes by roles that may not write are refused (403; the API's 404 when the record is not
  theirs to read) and change nothing; a web page that ignores the method answers a POST as
  its GET;
- no answer to a role scoped to A ever shows B's codes or names.

Every request is made to the same world and undone after it (a savepoint), noting first
whether it changed data; so a writer's "submit" does not change what the next route sees.
Kinds in UNSCOPED (rules such as standards, report names, plain values) have no record
"outside"; who writes what beyond the registry roles is in WRITE_NEEDING (the institution
manages its classes, a person records their own wishes), and pages computed over the
caller's units answer a role without units like a missing unit (NEEDS_A_UNIT).
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Patterns not swept, each with its reason. Keep this short: everything else is swept.
SKIPPED = {
    "login/": "the login page is for everyone by design",
    "logout/": "ends the session; shows and changes no record",
    "password/": "one's own password; tests/accounts test it",
    "accounts/": "users and grants pages: tests/accounts test their own scoping",
    "i18n/": "the language switch: a cookie, no record",
    "admin/": "Django's admin: staff (superusers) only",
    "training/verify/": "public by design (the certificate's QR code): shows only the holder's "
    "name, the programme and the number; tests/scope/test_rooms.py checks it shows nothing more",
}
# Inside an API mount: its machinery, not its resources.
API_MACHINERY = {"openapi-json", "openapi-view", "api-root", "unknown"}

# What a path parameter names, by (path before it, parameter name): the path's segments
# before the parameter, other parameters left out ("training/enrolments"), are tried from
# the longest to the first segment alone ("training").
PARAMETERS = {
    ("units", "code"): "unit",
    ("people", "code"): "person",
    ("people", "person_code"): "person",
    ("imports", "job_id"): "job",
    # standards (issue 4): a standard is a rule, readable by everyone signed in
    ("standards", "pk"): "standard",
    ("standards", "standard_id"): "standard",
    ("standards/frameworks", "code"): "framework",
    ("standards/surveys", "pk"): "survey",
    ("standards/surveys", "survey_id"): "survey",
    ("standards/people", "code"): "person",
    ("standards/people", "person_code"): "person",
    # training (issue 5)
    ("training", "code"): "course",
    ("courses", "course_code"): "course",
    ("training/enrolments", "pk"): "enrolment",
    ("enrolments", "enrolment_id"): "enrolment",
    ("training/certificates", "pk"): "certificate",
    ("training/sessions", "session_id"): "session",
    # plans (issue 6)
    ("plans", "code"): "plan",
    ("plans", "plan_code"): "plan",
    ("plans/fulfilment", "target_id"): "target",
    ("plans", "action"): "action",
    # careers (issue 8)
    ("careers/people", "person_code"): "person",
    ("careers/assessments", "person_code"): "person",
    ("careers/assessments", "year"): "year",
    ("careers/rotations", "pk"): "rotation",
    ("careers/rotations", "rotation_id"): "rotation",
    ("careers/rotations/reviews", "review_id"): "review",
    ("careers/pool", "code"): "term",
    ("careers/pool-terms", "code"): "term",
    ("careers/pool-terms/posts", "post_id"): "pool_post",
    ("careers/pool-terms/candidates", "candidate_id"): "candidate",
    # reports (issue 7): a report is computed within the caller's scope; what it is about is
    # its ?unit= (UNDECLARED_REFERENCES, QUERY_REFERENCES)
    ("reports", "name"): "report",
    ("reports/submitted", "pk"): "submission",
}
# Kinds that name no record of a unit (rules, report names, plain values): every signed-in
# role reads them and there is no record "outside" the scope to compare with a missing one;
# what lies in scope is then decided by the route's other parameters and its ?unit=.
UNSCOPED = {"standard", "framework", "report", "year", "action"}
# Query parameters. Those that name a record are swept like path parameters.
QUERY_REFERENCES = {
    "unit": "unit",
    "parent": "unit",
    "organizer_unit": "unit",
    "sending_unit": "unit",
    "course": "course",
    "person": "person",
    "person_code": "person",
}
QUERY_PLAIN = {
    "as_of",
    "q",
    "level",
    "kind",
    "category",
    "leadership",
    "dimension",
    "at_least",
    "page",
    "page_size",
    "status",
    "program_category",
    "mode",
    "year",
    "start_from",
    "start_to",
    "requirement",
    "version",
    "a",
    "b",
    "under_way_on",
    "rating",
    "within_days",
}
# Web pages (and API operations reading their query as a whole, like a report's parameters)
# do not declare their query parameters; these are the ones that name a record. Then the
# queries that make a list page show something (the export needs its form).
UNDECLARED_REFERENCES = {
    "people:list": {"unit": "unit"},
    "standards:gaps": {"unit": "unit"},
    "standards:gap_people": {"unit": "unit"},
    "standards:hours": {"unit": "unit"},
    "standards:hours_export": {"unit": "unit"},
    "standards:gap_export": {"unit": "unit"},
    "standards:survey": {"unit": "unit"},
    "careers:assessments": {"unit": "unit"},
    "plans:list": {"unit": "unit"},
    "reports:report": {"unit": "unit"},
    "reports:download": {"unit": "unit"},
    "reports:dashboard": {"unit": "unit"},
    "GET /api/v1/reports/{name}": {"unit": "unit"},
}
WEB_QUERIES = {
    "exchange:export": [
        {"kind": "units", "format": "csv", "on": "2024-06-01"},
        {"kind": "people", "format": "csv", "on": "2024-06-01"},
    ],
}
# Body fields: what a field names ("new": the key of the record being created; None: a
# plain value), by (route name, name), (first path segment, name) or by name alone. Any other field ending in
# _code stops the sweep.
BODY_FIELDS: dict[str | tuple[str, str], str | None] = {  # (route name, field) first
    "unit_code": "unit",
    ("people", "person_code"): "new",
    "person_code": "person",
    ("courses", "course_code"): "new",
    "course_code": "course",
    "plan_code": "new",
    ("careers", "code"): "new",  # a pool term's code
    # nominating needs an open class; B's (planned) class and a missing one must match
    ("enrolments", "course_code"): "open_course",
    # a pool candidate who is not one yet
    ("POST /api/v1/careers/pool-terms/{code}/posts/{post_id}/candidates", "person_code"): (
        "newcomer"
    ),
    "organizer_unit_code": "unit",
    "sending_unit_code": "unit",
    "to_unit_code": "unit",
    "programme_code": None,  # the province's programme catalogue: no unit's record
    "rank_code": None,
    "position_code": None,
    "to_position_code": None,
}
# Web pages that need more than read rights even to be shown: the action they need.
PAGES_NEEDING = {
    "exchange:imports": "write",
    "exchange:export": "write",
    "exchange:job": "write",
    "exchange:job_status": "write",
    "people:edit": "write",
    "audit:search": "administer",
    "plans:new": "write",
    "plans:edit": "write",
    "careers:rotation_new": "write",
    # a class's own management pages: its organiser's managers and the institution running it
    "training:attendance": "manage_class",
    "training:signin_sheet": "manage_class",
    "training:results": "manage_class",
}
# Pages only the record's owner (a `self` grant) uses: to everyone else they answer like a
# missing record, even when the record is theirs to read (the learner's own feedback form).
OWN_PAGES = {"training:feedback"}
# The query a route cannot be asked without, sent with every request to it (a reference in
# it is swept by UNDECLARED_REFERENCES/QUERY_REFERENCES, which replace it).
BASE_QUERIES: dict[str, dict[str, str]] = {
    "reports:download": {"unit": "R.A"},
    "GET /api/v1/reports/{name}": {"unit": "R.A"},
    "GET /api/v1/plans/{plan_code}/compare": {"a": "1", "b": "1"},
}
# API writes that need more than write rights on the record's unit: the action they need.
API_NEEDING = {
    # the province's rules and surveys: kept by province-wide roles only (ADR 0004)
    "POST /api/v1/standards": "province",
    "POST /api/v1/standards/{standard_id}/versions": "province",
    "POST /api/v1/standards/equivalences": "province",
    "POST /api/v1/standards/hours-rules": "province",
    "POST /api/v1/standards/surveys": "province",
    "POST /api/v1/standards/surveys/{survey_id}/close": "province",
    "POST /api/v1/standards/frameworks": "province",
    "POST /api/v1/standards/frameworks/{code}/editions": "province",
    "POST /api/v1/standards/frameworks/{code}/required-levels": "province",
    # a plan is returned or approved by a unit above its own (ADR 0008)
    "POST /api/v1/plans/{plan_code}/return": "above",
    "POST /api/v1/plans/{plan_code}/approve": "above",
}
# Writes whose writers are not the registry's (WRITERS), by route: the action they need.
WRITE_NEEDING = {
    **{
        f"training:{name}": "manage_class"  # the institution running a class manages it
        for name in (
            "new",
            "status",
            "session_new",
            "quota_new",
            "budget_new",
            "approve_waiting",
            "enrolment_action",
            "attendance",
            "results",
            "certificates_new",
            "certificate_revoke",
        )
    },
    "POST /api/v1/courses": "manage_class",
    "PATCH /api/v1/courses/{course_code}": "manage_class",
    "PATCH /api/v1/enrolments/{enrolment_id}": "manage_class",
    # one's own wishes and one's own assessment (source "self")
    "POST /api/v1/standards/surveys/{survey_id}/interests": "own",
    "POST /api/v1/standards/people/{person_code}/evidence": "own",
    **API_NEEDING,
}
# Routes computed over the caller's own units (the unit asked for, else theirs): a role
# that reads no unit (self, nobody) has none to compute them for and is answered like one
# asking about a missing unit (404).
NEEDS_A_UNIT = {
    "standards:hours",
    "standards:hours_export",
    "standards:gaps",
    "reports:download",
    "GET /api/v1/standards/hours",
    "GET /api/v1/reports/{name}",
    "GET /api/v1/standards/surveys/{survey_id}/consolidation",
}
# A valid body's plain values, by operation (references and new keys are filled by the
# sweep), so that a writer's request succeeds and anyone else's is refused for who they
# are, not for a malformed body.
BODIES: dict[str | tuple[str, str], dict] = {  # by route, then by (route, role)
    "POST /api/v1/courses": {
        "name": "Lớp mới",
        "program_category": "political_theory_intermediate",
        "start_date": "2024-03-01",
        "end_date": "2024-09-30",
    },
    "POST /api/v1/standards/{standard_id}/versions": {
        "valid_from": "2025-01-01",
        "document": "Thông tư 1/2025",
        "requirements": {},
    },
    "POST /api/v1/standards/surveys/{survey_id}/needs": {"people_count": 3},
    "POST /api/v1/standards/frameworks/{code}/editions": {
        "valid_from": "2025-01-01",
        "levels": ["Cơ bản", "Thành thạo"],
        "competencies": [{"code": "NL01", "name": "Soạn thảo văn bản"}],
    },
    "POST /api/v1/standards/frameworks/{code}/required-levels": {
        "competency": "NL01",
        "required_rank": 1,
    },
    "POST /api/v1/standards/people/{person_code}/evidence": {
        "framework": "KNL-SWEEP",
        "competency": "NL01",
        "rank": 2,
        "source": "manager",
        "observed_on": "2024-05-01",
    },
    # one's own assessment is the person's to record
    ("POST /api/v1/standards/people/{person_code}/evidence", "self"): {"source": "self"},
    "POST /api/v1/plans/{plan_code}/approve": {
        "decision_no": "1/QĐ-UBND",
        "decision_date": "2024-12-01",
    },
    "POST /api/v1/careers/assessments": {"year": 2023, "rating": "completed"},
    "PATCH /api/v1/careers/assessments/{person_code}/{year}": {"rating": "completed"},
    "POST /api/v1/careers/rotations": {
        "to_leadership": "deputy",
        "direction": "between_localities",
        "decision_date": "2028-12-01",
        "start": "2029-01-01",
    },
    "POST /api/v1/careers/rotations/{rotation_id}/end": {
        "ended_on": "2026-06-01",
        "outcome": "returned",
    },
    "POST /api/v1/careers/rotations/{rotation_id}/reviews": {"due_on": "2026-03-01"},
    "PATCH /api/v1/careers/rotations/{rotation_id}/reviews/{review_id}": {"done_on": "2026-01-20"},
    "POST /api/v1/careers/commendations": {"form": "certificate", "title": "Bằng khen"},
    "POST /api/v1/careers/pool-terms": {"start": "2025-01-01", "end": "2030-12-31"},
    "POST /api/v1/careers/pool-terms/{code}/posts": {
        "leadership": "deputy",
        "title": "Phó trưởng phòng",
        "position_code": "PTP",
    },
    "POST /api/v1/careers/pool-terms/{code}/candidates/{candidate_id}/remove": {
        "removed_on": "2026-01-01",
        "reason": "appointed",
    },
}
# Routes whose parameter names a record in a particular state (revising needs an approved
# plan), by (route, parameter): the kind used instead of PARAMETERS'.
ROUTE_PARAMETERS = {
    ("POST /api/v1/plans/{plan_code}/revise", "plan_code"): "approved_plan",
}

ROLES = ("admin", "manager", "viewer", "institution", "self", "nobody", "anonymous")
# The kinds of record each role may read inside its scope (A; its own record for `self`;
# its own import jobs for everyone signed in).
_REGISTRY = {"unit", "person", "job", "survey", "course", "session", "enrolment", "certificate"}
_REGISTRY |= {"plan", "target", "rotation", "review", "term", "pool_post", "candidate"}
_REGISTRY |= {"submission", "approved_plan", "open_course", "newcomer"}
READS: dict[str, set[str]] = {
    "admin": _REGISTRY | UNSCOPED,
    "manager": _REGISTRY | UNSCOPED,
    "viewer": _REGISTRY | UNSCOPED,
    # the institution reads the classes it runs or organises (and their learners)
    "institution": {"unit", "job", "course", "session", "enrolment", "certificate"} | UNSCOPED,
    # one's own record, one's own enrolments, certificates and rotations
    "self": {"person", "job", "enrolment", "certificate", "rotation", "review"}
    | UNSCOPED
    # the classes one attends; the surveys over one's unit (to register one's wishes)
    | {"course", "survey"},
    "nobody": {"job"} | UNSCOPED,
    "anonymous": set(),
}
WRITERS = {"admin", "manager"}
MAY = {
    "write": WRITERS,
    "administer": {"admin"},
    "manage_class": WRITERS | {"institution"},
    "province": set(),  # a role over the root unit; every role here is scoped to A
    "above": set(),  # a role over the unit above the record's; A's records are swept
    "own": WRITERS | {"self"},
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


class _Undo(Exception):
    """Raised to undo a request's writes (see Sweeper.call)."""


class UnknownParameter(Exception):
    """A route names something the sweep cannot fill: teach it (PARAMETERS…) first."""


@dataclass(frozen=True)
class Route:
    face: str  # "web" or "api"
    name: str  # "people:detail", "GET /api/v1/people/{person_code}"
    path: str  # "/people/{code}/"
    params: tuple[str, ...] = ()
    method: str = "get"  # the API's documented method; web pages are tried with GET and POST
    query: tuple[str, ...] = ()
    body: dict | None = None  # the API's JSON body schema, $refs resolved
    mount: str = "/"  # where its API is mounted ("/api/v1/"), for naming its parameters


@dataclass
class Records:
    """The codes a route's parameters take: inside, outside, and missing."""

    inside: dict[str, str]
    outside: dict[str, str]
    missing: dict[str, str]
    forbidden_text: tuple[str, ...]  # B's codes and names


@dataclass
class Report:
    findings: list[str] = field(default_factory=list)
    lists: dict[str, str] = field(default_factory=dict)  # list route → what the role saw
    requests: int = 0


# --- discovery -------------------------------------------------------------------------------


def _template(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _skipped(route: str) -> bool:
    return any(route.startswith(prefix) for prefix in SKIPPED)


def _is_api(resolver: URLResolver) -> bool:
    return any(getattr(p, "name", None) == "openapi-json" for p in resolver.url_patterns)


def discover(client: Client, urlconf: str | None = None) -> list[Route]:
    """Every route under `urlconf` (default: the project's), web pages and API operations."""
    routes: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if not isinstance(pattern.pattern, RoutePattern):
                raise UnknownParameter(
                    f"a regular-expression route {prefix}{pattern.pattern}: write it with "
                    "path() or teach the sweep"
                )
            route = prefix + str(pattern.pattern)
            if _skipped(route):
                continue
            if isinstance(pattern, URLResolver):
                if _is_api(pattern):
                    routes.extend(_api_routes(client, route, pattern))
                else:
                    walk(pattern, route, pattern.namespace or namespace)
                continue
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            path = "/" + _template(route)
            routes.append(
                Route("web", name, path, tuple(re.findall(r"\{(\w+)\}", path)), method="get")
            )

    walk(get_resolver(urlconf), "", None)
    return routes


def _api_routes(client: Client, mount: str, resolver: URLResolver) -> list[Route]:
    doc = client.get(f"/{mount}openapi.json").json()
    schemas = doc.get("components", {}).get("schemas", {})
    routes = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            body = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            routes.append(
                Route(
                    "api",
                    f"{method.upper()} {path}",
                    path,
                    tuple(p["name"] for p in parameters if p["in"] == "path"),
                    method=method,
                    query=tuple(p["name"] for p in parameters if p["in"] == "query"),
                    body=_resolve(body, schemas) if body else None,
                    mount=f"/{mount}",
                )
            )
    # Every pattern the API serves must be in its document, or the sweep would miss it.
    documented = {r.path for r in routes}
    for pattern in resolver.url_patterns:
        if pattern.name in API_MACHINERY:
            continue
        path = "/" + _template(mount + str(pattern.pattern))
        if path not in documented:
            raise UnknownParameter(f"the API serves {path} but its OpenAPI document omits it")
    return routes


def _resolve(schema: Any, schemas: dict) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _resolve(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas)
        return {k: _resolve(v, schemas) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve(v, schemas) for v in schema]
    return schema


def _segment(route: Route) -> str:
    return route.path.removeprefix(route.mount).strip("/").split("/")[0]


def _prefixes(route: Route, name: str) -> list[str]:
    """The path's segments before {name}, other parameters left out, longest first."""
    before = route.path.removeprefix(route.mount).split("{" + name + "}")[0]
    segments = [s for s in before.strip("/").split("/") if s and not s.startswith("{")]
    return ["/".join(segments[:n]) for n in range(len(segments), 0, -1)]


def parameter_kind(route: Route, name: str) -> str:
    if (route.name, name) in ROUTE_PARAMETERS:
        return ROUTE_PARAMETERS[(route.name, name)]
    for prefix in _prefixes(route, name):
        if (prefix, name) in PARAMETERS:
            return PARAMETERS[(prefix, name)]
    raise UnknownParameter(
        f"{route.name}: the sweep does not know what '{name}' names under "
        f"'{_segment(route)}/'; add it to PARAMETERS in tests/scope/sweep.py"
    )


def body_field(route: Route, name: str) -> str | None:
    """What a body field names (see BODY_FIELDS); None for a plain or unknown one."""
    if (route.name, name) in BODY_FIELDS:
        return BODY_FIELDS[(route.name, name)]
    if (_segment(route), name) in BODY_FIELDS:
        return BODY_FIELDS[(_segment(route), name)]
    return BODY_FIELDS.get(name)


def check_known(routes: Iterable[Route]) -> None:
    """Stop before any request if a route names something the sweep cannot fill."""
    for route in routes:
        for name in route.params:
            parameter_kind(route, name)
        for name in route.query:
            if name not in QUERY_REFERENCES and name not in QUERY_PLAIN:
                raise UnknownParameter(
                    f"{route.name}: unknown query parameter '{name}'; add it to "
                    "QUERY_REFERENCES or QUERY_PLAIN in tests/scope/sweep.py"
                )
        if route.body:
            for name in route.body.get("properties", {}):
                if (
                    name.endswith("_code")
                    and name not in BODY_FIELDS
                    and ((_segment(route), name) not in BODY_FIELDS)
                ):
                    raise UnknownParameter(
                        f"{route.name}: unknown body field '{name}'; add it to BODY_FIELDS"
                    )


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    body: str  # blanked of what was asked
    location: str
    raw: tuple[str, str] = ("", "")  # body and location as received
    blanks: tuple[str, ...] = ()

    def same_as(self, other: "Answer") -> bool:
        """The same status, body and redirect, once what either asked is blanked out of both
        (so an id, say 2, is blanked in both answers, wherever it stands as a number)."""
        if self.status != other.status:
            return False
        blanks = (*self.blanks, *other.blanks)
        return _blank(*self.raw, blanks) == _blank(*other.raw, blanks)


CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _answer(response: Any, blanks: Iterable[str]) -> Answer:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    body = CSRF.sub(r"\1\2", raw.decode("utf-8", errors="replace"))
    if response.get("Content-Type", "").startswith("application/json"):
        # Ninja escapes non-ASCII ("Xuy\u1ebfn"): compare and search the text itself.
        body = json.dumps(json.loads(body), ensure_ascii=False, sort_keys=True)
    location = response.get("Location", "")
    blanks = tuple(b for b in blanks if b)
    return Answer(response.status_code, *_blank(body, location, blanks), (body, location), blanks)


def _blank(body: str, location: str, blanks: Iterable[str]) -> tuple[str, str]:
    for blank in sorted(set(blanks), key=len, reverse=True):
        if blank.isdigit():
            # A record's id ("enrolment 2 not found"): only as a whole number, so that
            # "col-2" or "h2" stay.
            number = re.compile(rf"(?<![\w.\-/]){blank}(?![\w.\-])")
            body = number.sub("{…}", body)
            continue
        for form in {blank, quote(blank), quote(blank, safe="")}:
            body = body.replace(form, "{…}")
            location = location.replace(form, "{…}")
    return body, location


def _is_login_redirect(answer: Answer) -> bool:
    return answer.status == 302 and answer.location.startswith("/login/")


def _sample(schema: dict) -> Any:
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _sample(option)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return "2024-01-01" if schema.get("format") == "date" else "Sweep"
    return {"integer": 1, "number": 1, "boolean": False}.get(kind)


class Sweeper:
    """One role's pass over the routes."""

    def __init__(self, role: str, client: Client, records: Records, fingerprint):
        self.before: tuple | None = None  # the world's fingerprint, which every request sees
        self.changed: list[str] = []  # the writes of the current route that changed data
        self.role = role
        self.client = client
        self.records = records
        self.fingerprint = fingerprint
        self.report = Report()
        self.fresh = 0

    # requests

    def call(self, route: Route, method: str, values: dict[str, str], query=None, body=None):
        path = route.path.format(**values)
        if route.name in BASE_QUERIES:
            query = {**BASE_QUERIES[route.name], **(query or {})}
        self.report.requests += 1
        # What was asked is blanked out, so "outside" and "missing" compare on the rest.
        blanks = [path] if values else []
        blanks += list(values.values())
        blanks += [v for k, v in (query or {}).items() if k in QUERY_REFERENCES]
        if body:
            blanks += [str(v) for k, v in body.items() if body_field(route, k)]
        if self.before is None:
            self.before = self.fingerprint()
        # Every request is made to the same world and undone after: a writer's "submit" does
        # not leave the plan submitted for the next route, so each is judged on its own.
        # Whether it changed data is noted before it is undone.
        try:
            with transaction.atomic():
                answer = _answer(self._request(route, method, path, query, body), blanks)
                if method in WRITE_METHODS and self.fingerprint() != self.before:
                    self.changed.append(path)
                raise _Undo
        except _Undo:
            pass
        if route.face == "web":
            self._forget_messages()
        self._no_leak(route, method, answer)
        return answer

    def _request(self, route: Route, method: str, path: str, query, body) -> Any:
        if route.face == "api":
            kwargs: dict[str, Any] = {}
            if body is not None:
                kwargs = {"data": body, "content_type": "application/json"}
            elif query:
                kwargs = {"data": query}
            return getattr(self.client, method)(path, **kwargs)
        if method == "post":
            return self.client.post(path + ("?" + urlencode(query) if query else ""), {})
        return self.client.get(path, query or {})

    def _forget_messages(self) -> None:
        """A flash message a request leaves ("Saved.") shows on whatever page comes next;
        each answer is judged on its own, so none is carried over."""
        self.client.cookies.pop("messages", None)
        if "_messages" in self.client.session:
            session = self.client.session
            del session["_messages"]
            session.save()

    def find(self, route: Route, method: str, problem: str) -> None:
        self.report.findings.append(f"{self.role} {method.upper()} {route.name}: {problem}")

    def _no_leak(self, route: Route, method: str, answer: Answer) -> None:
        if self.role == "anonymous":
            return
        for text in self.records.forbidden_text:
            if text in answer.body or text in answer.location:
                self.find(route, method, f"shows '{text}', which lies outside the role's scope")

    def _same(self, route, method, out: Answer, missing: Answer, what: str) -> None:
        if not out.same_as(missing):
            self.find(
                route,
                method,
                f"{what} outside the scope answers {out.status} but a missing one "
                f"{missing.status}{_first_difference(out.body, missing.body)}",
            )

    def _refused(self, route: Route, method: str, answer: Answer) -> None:
        if route.face == "api":
            if answer.status != 401:
                self.find(route, method, f"anonymous: {answer.status}, not 401")
        elif not _is_login_redirect(answer):
            self.find(route, method, f"anonymous: {answer.status}, not a redirect to login")

    # the pass

    def run(self, routes: list[Route]) -> Report:
        check_known(routes)
        for route in routes:
            if route.face == "web":
                for method in ("get", "post"):
                    self.route(route, method)
            else:
                self.route(route, route.method)
        return self.report

    def route(self, route: Route, method: str) -> None:
        kinds = {name: parameter_kind(route, name) for name in route.params}
        inside = {name: self.records.inside[kind] for name, kind in kinds.items()}
        writes = method in WRITE_METHODS
        body = self._body(route, "inside") if route.face == "api" and writes else None
        self.changed = []
        answer = self.call(route, method, inside, body=body)
        if self.role == "anonymous":
            self._refused(route, method, answer)
            return
        readable = all(kind in READS[self.role] for kind in kinds.values())
        if route.name in OWN_PAGES and self.role != "self":
            readable = False
        missing_answer = None
        for name, kind in kinds.items():
            missing_answer = self.call(
                route, method, {**inside, name: self.records.missing[kind]}, body=body
            )
            if kind in UNSCOPED:
                continue  # nothing of B's to name: the other parameters are swept
            out = self.call(route, method, {**inside, name: self.records.outside[kind]}, body=body)
            self._same(route, method, out, missing_answer, f"a {kind}")
        if route.face == "api" and writes:
            self._api_write(route, method, answer, missing_answer, readable, inside)
        elif route.face == "web" and method == "post":
            self._web_post(route, answer, missing_answer, readable, inside)
        else:
            self._read(route, method, answer, missing_answer, readable)
            if not kinds:
                self._list(route, method, answer)
            self._references(route, method, inside, listed=not kinds)

    def _read(self, route, method, answer: Answer, missing: Answer | None, readable: bool):
        if not readable:
            if missing is not None and not answer.same_as(missing):
                self.find(
                    route,
                    method,
                    f"a record it may not read answers {answer.status}, "
                    f"not like a missing one ({missing.status})"
                    f"{_first_difference(answer.body, missing.body)}",
                )
            return
        if route.name in WEB_QUERIES and route.face == "web":
            return  # the bare page needs its query (see _list)
        self._status(route, method, answer)

    def _status(self, route: Route, method: str, answer: Answer) -> None:
        if route.face == "web" and method == "get" and answer.status == 405:
            return  # an action (POST only), not a page: swept through its POST
        expected = 200
        if route.name in NEEDS_A_UNIT and "unit" not in READS[self.role]:
            expected = 404
        needs = PAGES_NEEDING.get(route.name) if route.face == "web" else None
        if needs and self.role not in MAY[needs]:
            expected = 403
        if answer.status != expected:
            self.find(route, method, f"inside the scope: {answer.status}, expected {expected}")

    def _list(self, route: Route, method: str, answer: Answer) -> None:
        self.report.lists[route.name] = answer.body
        queries = list(WEB_QUERIES.get(route.name, [])) if route.face == "web" else []
        for query in queries:
            seen = self.call(route, method, {}, query=query)
            self._status(route, method, seen)
            self.report.lists[f"{route.name}?{urlencode(query)}"] = seen.body

    def _references(self, route: Route, method: str, values: dict, listed: bool) -> None:
        """Query parameters naming a record: B's answers like a missing one."""
        references = dict(UNDECLARED_REFERENCES.get(route.name, {}))
        if route.face == "api":
            references |= {q: QUERY_REFERENCES[q] for q in route.query if q in QUERY_REFERENCES}
        for name, kind in references.items():
            inside = self.call(route, method, values, query={name: self.records.inside[kind]})
            out = self.call(route, method, values, query={name: self.records.outside[kind]})
            missing = self.call(route, method, values, query={name: self.records.missing[kind]})
            self._same(route, method, out, missing, f"?{name}= naming a {kind}")
            if listed:
                self.report.lists[f"{route.name}?{name}=inside"] = inside.body

    def writers(self, route: Route) -> set[str]:
        return MAY[WRITE_NEEDING.get(route.name, "write")]

    def _web_post(self, route, answer: Answer, missing, readable: bool, inside: dict) -> None:
        if self.role in self.writers(route):
            return
        if self.changed:
            self.find(route, "post", "a role that may not write changed data")
        if answer.status in (403, 405):
            return
        if not readable and missing is not None and answer.same_as(missing):
            return  # not theirs to read: like a missing record
        as_get = self.call(route, "get", inside)
        if not answer.same_as(as_get):
            self.find(
                route,
                "post",
                f"a role that may not write got {answer.status} (neither 403 "
                "nor 405 nor the page's GET)",
            )

    def _api_write(self, route, method, answer, missing, readable, inside) -> None:
        gone_by_body = None
        for name, kind in self._body_references(route).items():
            out = self.call(route, method, inside, body=self._body(route, "outside", name))
            gone = self.call(route, method, inside, body=self._body(route, "missing", name))
            self._same(route, method, out, gone, f"a body's {name} naming a {kind}")
            if kind not in READS[self.role] and gone_by_body is None:
                # The body names a record the role may not read (self naming its unit):
                # refused like a missing one.
                readable, gone_by_body = False, gone
        missing = gone_by_body or missing
        if self.role in self.writers(route):
            if not 200 <= answer.status < 300:
                self.find(
                    route,
                    method,
                    f"a writer inside the scope got {answer.status}: {answer.body[:300]}",
                )
            return
        if self.changed:
            self.find(route, method, "a role that may not write changed data")
        if readable and answer.status != 403:
            self.find(
                route,
                method,
                f"a role that may not write got {answer.status}, not 403: {answer.body[:300]}",
            )
        if not readable and missing is not None and not answer.same_as(missing):
            self.find(route, method, "a record it may not read answers unlike a missing one")

    def _body_references(self, route: Route) -> dict[str, str]:
        properties = (route.body or {}).get("properties", {})
        return {
            name: kind
            for name in properties
            if (kind := body_field(route, name)) is not None and kind != "new"
        }

    def _body(self, route: Route, where: str = "inside", vary: str | None = None) -> dict:
        """A valid body: required fields sampled from the schema, record references filled
        inside the scope (or, for `vary`, outside it or missing)."""
        schema = route.body or {}
        required = set(schema.get("required", []))
        references = self._body_references(route)
        values = {**BODIES.get(route.name, {}), **BODIES.get((route.name, self.role), {})}
        body: dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            kind = body_field(route, name)
            if name in references:
                side = where if name == vary else "inside"
                body[name] = getattr(self.records, side)[references[name]]
            elif kind == "new" and name in required:
                self.fresh += 1
                body[name] = f"SWEEP-{self.role}-{self.fresh}"
            elif name in values:
                body[name] = values[name]
            elif name in required:
                body[name] = _sample(prop)
        return body


def _first_difference(a: str, b: str) -> str:
    if a == b:
        return ""
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return (
        f"; bodies differ at {i}: {a[max(0, i - 40) : i + 60]!r} vs {b[max(0, i - 40) : i + 60]!r}"
    )
