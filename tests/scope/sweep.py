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
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

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
}
# Inside an API mount: its machinery, not its resources.
API_MACHINERY = {"openapi-json", "openapi-view", "api-root", "unknown"}

# What a path parameter names, by (first path segment, parameter name).
PARAMETERS = {
    ("units", "code"): "unit",
    ("people", "code"): "person",
    ("people", "person_code"): "person",
    ("imports", "job_id"): "job",
}
# Query parameters. Those that name a record are swept like path parameters.
QUERY_REFERENCES = {"unit": "unit", "parent": "unit"}
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
}
# Web pages cannot declare their query parameters; these are the ones that name a record,
# and the queries that make a list page show something (the export needs its form).
WEB_REFERENCES = {"people:list": {"unit": "unit"}}
WEB_QUERIES = {
    "exchange:export": [
        {"kind": "units", "format": "csv", "on": "2024-06-01"},
        {"kind": "people", "format": "csv", "on": "2024-06-01"},
    ],
}
# Body fields: what a field names ("new": the key of the record being created; None: a
# plain value). Any other field ending in _code stops the sweep.
BODY_FIELDS: dict[str, str | None] = {
    "unit_code": "unit",
    "person_code": "new",
    "rank_code": None,
    "position_code": None,
}
# Web pages that need more than read rights even to be shown: the action they need.
PAGES_NEEDING = {
    "exchange:imports": "write",
    "exchange:export": "write",
    "exchange:job": "write",
    "exchange:job_status": "write",
    "people:edit": "write",
    "audit:search": "administer",
}

ROLES = ("admin", "manager", "viewer", "institution", "self", "nobody", "anonymous")
# The kinds of record each role may read inside its scope (A; its own record for `self`;
# its own import jobs for everyone signed in).
READS: dict[str, set[str]] = {
    "admin": {"unit", "person", "job"},
    "manager": {"unit", "person", "job"},
    "viewer": {"unit", "person", "job"},
    "institution": {"unit", "job"},
    "self": {"person", "job"},
    "nobody": {"job"},
    "anonymous": set(),
}
WRITERS = {"admin", "manager"}
MAY = {"write": WRITERS, "administer": {"admin"}}
WRITE_METHODS = {"post", "put", "patch", "delete"}


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


def parameter_kind(route: Route, name: str) -> str:
    kind = PARAMETERS.get((_segment(route), name))
    if kind is None:
        raise UnknownParameter(
            f"{route.name}: the sweep does not know what '{name}' names under "
            f"'{_segment(route)}/'; add it to PARAMETERS in tests/scope/sweep.py"
        )
    return kind


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
                if name.endswith("_code") and name not in BODY_FIELDS:
                    raise UnknownParameter(
                        f"{route.name}: unknown body field '{name}'; add it to BODY_FIELDS"
                    )


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    location: str

    def same_as(self, other: "Answer") -> bool:
        return (self.status, self.body, self.location) == (
            other.status,
            other.body,
            other.location,
        )


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
    for blank in sorted({b for b in blanks if b}, key=len, reverse=True):
        for form in {blank, quote(blank), quote(blank, safe="")}:
            body = body.replace(form, "{…}")
            location = location.replace(form, "{…}")
    return Answer(response.status_code, body, location)


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
        self.role = role
        self.client = client
        self.records = records
        self.fingerprint = fingerprint
        self.report = Report()
        self.fresh = 0

    # requests

    def call(self, route: Route, method: str, values: dict[str, str], query=None, body=None):
        path = route.path.format(**values)
        self.report.requests += 1
        if route.face == "api":
            kwargs: dict[str, Any] = {}
            if body is not None:
                kwargs = {"data": body, "content_type": "application/json"}
            elif query:
                kwargs = {"data": query}
            response = getattr(self.client, method)(path, **kwargs)
        elif method == "post":
            response = self.client.post(path + ("?" + urlencode(query) if query else ""), {})
        else:
            response = self.client.get(path, query or {})
        # What was asked is blanked out, so "outside" and "missing" compare on the rest.
        blanks = [path] if values else []
        blanks += [v for v in values.values() if not v.isdigit()]
        blanks += [v for k, v in (query or {}).items() if k in QUERY_REFERENCES]
        if body:
            blanks += [str(v) for k, v in body.items() if BODY_FIELDS.get(k)]
        answer = _answer(response, blanks)
        self._no_leak(route, method, answer)
        return answer

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
        before = self.fingerprint()
        answer = self.call(route, method, inside, body=body)
        if self.role == "anonymous":
            self._refused(route, method, answer)
            return
        readable = all(kind in READS[self.role] for kind in kinds.values())
        missing_answer = None
        for name, kind in kinds.items():
            out = self.call(route, method, {**inside, name: self.records.outside[kind]}, body=body)
            missing_answer = self.call(
                route, method, {**inside, name: self.records.missing[kind]}, body=body
            )
            self._same(route, method, out, missing_answer, f"a {kind}")
        if route.face == "api" and writes:
            self._api_write(route, method, answer, missing_answer, readable, before, inside)
        elif route.face == "web" and method == "post":
            self._web_post(route, answer, inside, before)
        else:
            self._read(route, method, answer, missing_answer, readable)
            if not kinds:
                self._list(route, method, answer)

    def _read(self, route, method, answer: Answer, missing: Answer | None, readable: bool):
        if not readable:
            if missing is not None and not answer.same_as(missing):
                self.find(
                    route,
                    method,
                    f"a record it may not read answers {answer.status}, "
                    f"not like a missing one ({missing.status})",
                )
            return
        if route.name in WEB_QUERIES and route.face == "web":
            return  # the bare page needs its query (see _list)
        self._status(route, method, answer)

    def _status(self, route: Route, method: str, answer: Answer) -> None:
        expected = 200
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
        references = (
            WEB_REFERENCES.get(route.name, {})
            if route.face == "web"
            else {q: QUERY_REFERENCES[q] for q in route.query if q in QUERY_REFERENCES}
        )
        for name, kind in references.items():
            inside = self.call(route, method, {}, query={name: self.records.inside[kind]})
            out = self.call(route, method, {}, query={name: self.records.outside[kind]})
            missing = self.call(route, method, {}, query={name: self.records.missing[kind]})
            self._same(route, method, out, missing, f"?{name}= naming a {kind}")
            self.report.lists[f"{route.name}?{name}=inside"] = inside.body

    def _web_post(self, route: Route, answer: Answer, inside: dict, before) -> None:
        if self.role in WRITERS:
            return
        if self.fingerprint() != before:
            self.find(route, "post", "a role that may not write changed data")
        if answer.status in (403, 405):
            return
        as_get = self.call(route, "get", inside)
        if not answer.same_as(as_get):
            self.find(
                route,
                "post",
                f"a role that may not write got {answer.status} (neither 403 "
                "nor 405 nor the page's GET)",
            )

    def _api_write(self, route, method, answer, missing, readable, before, inside) -> None:
        for name, kind in self._body_references(route).items():
            out = self.call(route, method, inside, body=self._body(route, "outside", name))
            gone = self.call(route, method, inside, body=self._body(route, "missing", name))
            self._same(route, method, out, gone, f"a body's {name} naming a {kind}")
        if self.role in WRITERS:
            if not 200 <= answer.status < 300:
                self.find(route, method, f"a writer inside the scope got {answer.status}")
            return
        if self.fingerprint() != before:
            self.find(route, method, "a role that may not write changed data")
        if readable and answer.status != 403:
            self.find(route, method, f"a role that may not write got {answer.status}, not 403")
        if not readable and missing is not None and not answer.same_as(missing):
            self.find(route, method, "a record it may not read answers unlike a missing one")

    def _body_references(self, route: Route) -> dict[str, str]:
        properties = (route.body or {}).get("properties", {})
        return {
            name: kind
            for name in properties
            if (kind := BODY_FIELDS.get(name)) is not None and kind != "new"
        }

    def _body(self, route: Route, where: str = "inside", vary: str | None = None) -> dict:
        """A valid body: required fields sampled from the schema, record references filled
        inside the scope (or, for `vary`, outside it or missing)."""
        schema = route.body or {}
        required = set(schema.get("required", []))
        references = self._body_references(route)
        body: dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            kind = BODY_FIELDS.get(name)
            if name in references:
                side = where if name == vary else "inside"
                body[name] = getattr(self.records, side)[references[name]]
            elif kind == "new" and name in required:
                self.fresh += 1
                body[name] = f"SWEEP-{self.role}-{self.fresh}"
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
