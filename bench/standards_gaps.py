"""Time the issue's two standards figures on a synthetic province, on SQLite or PostgreSQL.

    .venv/bin/python bench/standards_gaps.py [PEOPLE] [--scale 0.1] [--db sqlite|postgresql]
        [--database-url URL] [--requests 10] [--markdown]

Figures (issue 4): the gap analysis of a 100,000-person province under the current rules
(< 5 s), and a unit's gap dashboard on that database (< 200 ms server time).

The script makes its own database and never touches the project's data folder: PostgreSQL
`dtbd_standards_bench_<people>` on the server of --database-url or DTBD_DATABASE_URL (default
127.0.0.1:5432, user postgres), or an SQLite file under /tmp/dtbd-standards-bench. It is
kept between runs and rebuilt only when missing or of another size (--fresh forces it).

The data are made inside the database by recursive SQL (one statement per table): a province
B0 with 200 units below it, one post per person (a rank, and every tenth a leadership post),
three qualifications each; then the demo's standards, its equivalence and hours rules are
loaded through the services, and the statistics are refreshed. Timed:
- `gaps.summary` for the province (the gap analysis: counts per requirement, standardised,
  gaps per closing programme), best of 3, and the same with the counts per unit below;
- the real page /standards/gaps/?unit=B7 (about 1/200 of the people) through Django's test
  Client as a superuser, after 2 warm-up requests: median and 95th percentile of --requests;
  and the province's own dashboard page (1 warm-up, then at most 3: it takes seconds).
`--markdown` prints one section for docs/benchmarks.md instead of the plain lines.
"""

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SQLITE_DIR = Path("/tmp/dtbd-standards-bench")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
UNITS = 200


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("people", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply PEOPLE (0.1 while iterating)"
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default=None,
                        help="default: postgresql if DTBD_DATABASE_URL is one, else sqlite")  # fmt: skip
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server to use (its database name is replaced)")  # fmt: skip
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument("--markdown", action="store_true")
    return parser.parse_args()


def _database(args: argparse.Namespace, people: int) -> tuple[str, str]:
    """(engine label, URL of this benchmark's own database), created if missing."""
    given = args.database_url or os.environ.get("DTBD_DATABASE_URL", "")
    engine = args.db or ("postgresql" if given.startswith("postgres") else "sqlite")
    if engine == "sqlite":
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        path = SQLITE_DIR / f"gaps-{people}.sqlite3"
        if args.fresh and path.exists():
            path.unlink()
        return "SQLite", f"sqlite:///{path}"
    server = urlsplit(given if given.startswith("postgres") else DEFAULT_PG)
    name = f"dtbd_standards_bench_{people}"
    import psycopg

    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return "PostgreSQL", urlunsplit(server._replace(path=f"/{name}"))


def _sql(people: int, vendor: str) -> list[str]:
    """One INSERT … SELECT per table; recursive CTEs run on both databases."""
    zero = "'\\x00'::bytea" if vendor == "postgresql" else "X'00'"
    numbers = ("(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
               "SELECT i FROM s) AS g")  # fmt: skip
    now = "CURRENT_TIMESTAMP"
    return [
        f"""INSERT INTO organisation_unit (code, valid_from, valid_to, version, created_at,
                                           updated_at)
            SELECT 'B' || (i - 1), '1900-01-01', '9999-12-31', 1, {now}, {now}
            FROM {numbers.format(n=UNITS + 1)}""",
        """INSERT INTO organisation_unitversion (unit_id, name, level, kind, parent_id,
                                                 valid_from, valid_to)
            SELECT u.id, 'Đơn vị ' || u.code,
                   CASE WHEN u.code = 'B0' OR u.code < 'B5' THEN 'province' ELSE 'commune' END,
                   'state', CASE WHEN u.code = 'B0' THEN NULL
                            ELSE (SELECT id FROM organisation_unit WHERE code = 'B0') END,
                   '1900-01-01', '9999-12-31'
            FROM organisation_unit u WHERE u.code LIKE 'B%'""",
        f"""INSERT INTO people_person (code, full_name, given_name, sort_key, search_name,
                                       birth_date, gender, ethnicity, version, created_at,
                                       updated_at)
            SELECT 'BP' || i, 'Người ' || i, 'Người', {zero}, 'nguoi', '1980-01-01', 'male', '',
                   1, {now}, {now}
            FROM {numbers.format(n=people)}""",
        f"""INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code,
                                     position_code, valid_from, valid_to, source, source_ref)
            SELECT p.id, (SELECT id FROM organisation_unit WHERE code = 'B' || (1 + p.id % {UNITS})),
                   'civil_servant',
                   CASE WHEN p.id % 20 = 0 THEN 'head' WHEN p.id % 10 = 0 THEN 'deputy'
                        ELSE 'none' END,
                   CASE p.id % 5 WHEN 0 THEN '01.001' WHEN 1 THEN '01.002' WHEN 4 THEN '01.004'
                        ELSE '01.003' END,
                   '', '2020-01-01', '9999-12-31', 'import', ''
            FROM people_person p WHERE p.code LIKE 'BP%'""",
        *(
            f"""INSERT INTO people_qualification (person_id, dimension, level, valid_from,
                                                  valid_to, source, source_ref, certificate_no,
                                                  institution)
                SELECT p.id, '{dimension}', {levels}, '2020-01-01', '9999-12-31', 'import', '',
                       '', ''
                FROM people_person p WHERE p.code LIKE 'BP%'"""
            for dimension, levels in (
                ("professional", "CASE (p.id * 7 + 1) % 4 WHEN 0 THEN 'master' WHEN 3 THEN "
                                 "'college' ELSE 'university' END"),
                ("political_theory", "CASE (p.id * 7 + 2) % 3 WHEN 0 THEN 'advanced' WHEN 1 "
                                     "THEN 'intermediate' ELSE 'basic' END"),
                ("state_management", "CASE (p.id * 7 + 3) % 3 WHEN 0 THEN 'senior_specialist' "
                                     "WHEN 1 THEN 'principal_specialist' ELSE 'specialist' END"),
            )
        ),
    ]  # fmt: skip


def _build(people: int) -> float:
    """Fill an empty database; returns the seconds it took."""
    from django.db import connection, transaction

    from dtbd.core.dates import BEGINNING
    from dtbd.organisation.ancestry import ancestry_rebuild
    from dtbd.people import standings
    from dtbd.standards.demo import STANDARDS
    from dtbd.standards.services import (
        equivalence_add,
        hours_rule_set,
        standard_create,
        standard_version_add,
    )

    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in _sql(people, connection.vendor):
                cursor.execute(statement)
        ancestry_rebuild()
        standings.rebuild()  # the rows were written by SQL, not the services (ADR 0010)
        for kind, code, level, name, versions in STANDARDS:
            s = standard_create(actor="bench", kind=kind, code=code, unit_level=level, name=name)
            for valid_from, document, requirements in versions:
                standard_version_add(actor="bench", standard=s, valid_from=valid_from,
                                     document=document, requirements=requirements)  # fmt: skip
        equivalence_add(actor="bench", dimension="political_theory", level="advanced",
                        satisfies_dimension="state_management",
                        satisfies_level="principal_specialist", document="TT 06/2024/TT-BNV",
                        valid_from=BEGINNING)  # fmt: skip
        hours_rule_set(actor="bench", periods=40, valid_from=dt.date(2017, 9, 1),
                       document="NĐ 101/2017/NĐ-CP")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # nearest rank
    return ordered[int(rank) - 1]


def _page(client, url: str, requests: int, warm: int = 2) -> tuple[float, float]:
    """Median and 95th percentile (ms) of `requests` GETs after `warm` warm-ups."""
    times = []
    for i in range(requests + warm):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        if i >= warm:
            times.append(elapsed)
    return _percentile(times, 50), _percentile(times, 95)


def _summary(unit_id: int, children: bool) -> tuple[float, object]:
    from dtbd.accounts.policy import policy_for
    from dtbd.core.dates import today
    from dtbd.standards import gaps

    times, s = [], None
    for _ in range(3):
        started = time.perf_counter()
        s = gaps.summary(scope=policy_for("bench"), on=today(), unit_id=unit_id, children=children)
        times.append(time.perf_counter() - started)
    return min(times), s


def main() -> None:
    args = _args()
    people = max(UNITS, int(args.people * args.scale))
    engine, url = _database(args, people)
    os.environ["DTBD_DATABASE_URL"] = url
    os.environ.setdefault("DTBD_DATA_DIR", str(SQLITE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from dtbd.organisation.models import Unit
    from dtbd.people.models import Person

    load_before = os.getloadavg()
    call_command("migrate", verbosity=0)
    built = None
    if Person.objects.filter(code__startswith="BP").count() != people:
        if Unit.objects.exists():
            raise SystemExit(f"{url} holds other data: run with --fresh")
        built = _build(people)
    root, one = Unit.objects.get(code="B0"), Unit.objects.get(code="B7")
    analysis, s = _summary(root.pk, children=False)
    with_units, _ = _summary(root.pk, children=True)
    unit_people = _summary(one.pk, children=False)[1].people
    user = get_user_model().objects.filter(username="bench").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", "bench@example.vn", "bench-pw-1")
    client = Client(raise_request_exception=True)
    client.force_login(user)
    unit_median, unit_p95 = _page(client, f"/standards/gaps/?unit={one.code}", args.requests)
    # The whole province's page takes seconds at full size: fewer requests.
    top = min(3, args.requests)
    top_median, top_p95 = _page(client, f"/standards/gaps/?unit={root.code}", top, warm=1)
    load_after = os.getloadavg()

    full = people >= 100_000
    rows = [
        (f"Gap analysis of the province ({s.people:,} people), `gaps.summary`", f"{analysis:.2f} s",
         "< 5 s" if full else f"< 5 s at 100,000 (this run: {people:,})"),
        ("… with the counts per unit below (200 units)", f"{with_units:.2f} s", "—"),
        (f"A unit's gap dashboard page ({unit_people:,} people), median / p95",
         f"{unit_median:.0f} / {unit_p95:.0f} ms", "< 200 ms"),
        (f"The province's gap dashboard page ({s.people:,} people), median / slowest of {top}",
         f"{top_median:.0f} / {top_p95:.0f} ms", "—"),
    ]  # fmt: skip
    load = (f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
            f"({os.cpu_count()} cores, {platform.python_implementation()} "
            f"{platform.python_version()})")  # fmt: skip
    if not args.markdown:
        print(f"{engine}, {people:,} people ({s.standardised:,} standardised); {load}")
        if built is not None:
            print(f"built the data in {built:.1f} s")
        for figure, measured, target in rows:
            print(f"{figure}: {measured} (target {target})")
        return
    out = [
        f"## Standards: gap analysis ({engine}, {people:,} people)",
        "",
        "| figure | measured | target |",
        "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
        f"How measured: `bench/standards_gaps.py {people} --db {engine.lower()} --markdown` on "
        f"{dt.date.today():%Y-%m-%d}, {load}. A synthetic province made inside the database "
        f"(root B0, {UNITS} units below it, one post per person with a rank and every tenth a "
        "leadership post, three qualifications each) under the demo's standards, "
        "equivalence and hours rules. The gap analysis is `dtbd.standards.gaps.summary` for "
        "the province on today's rules, best of 3 (the same computation as "
        "`dtbd report standard-gaps`). The pages are the real `/standards/gaps/?unit=…` "
        "rendered through Django's test Client as a superuser (middleware, policy, template "
        f"and chart data included), 2 warm-up requests then {args.requests} timed (the "
        f"province's page: 1 then {top}).",
        "",
    ]  # fmt: skip
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
