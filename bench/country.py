"""A synthetic country in PostgreSQL, for the reports benchmark (bench/reports.py).

    .venv/bin/python bench/country.py                      # ~2.5M people, ~20M enrolments
    .venv/bin/python bench/country.py --scale 0.1          # a tenth, to iterate
    .venv/bin/python bench/country.py --sqlite /tmp/p.sqlite3   # then one province → SQLite

34 provinces with their real GSO codes and wards (the `vietnam-provinces` package), each with
its provincial agencies (Party, state, Front, public service, a political school) and, per
ward, the Party committee, the People's Committee and the Front. One province (Hà Nội, 01)
has exactly 100,000 people (at --scale 1); the rest are spread by ward count. People get
posts (5% moved once, in 2024), qualifications on six dimensions with realistic shares
(10% raised their professional level in 2023), and ten years of classes (2016–2025) with
about 100 enrolments each.

Everything but the ~15,000 units is generated inside PostgreSQL with INSERT … SELECT over
generate_series (deterministic: hashes of the row number, no random()), with the big tables'
secondary indexes dropped during the load and rebuilt after, and foreign-key triggers off
(session_replication_role = replica). Names and sort keys are plausible, not ICU keys: the
reports never sort people.
"""

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB = "dtbd_bench_country"
SERVER = os.environ.get("DTBD_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
URL = f"{SERVER}/{DB}"
PEOPLE = 2_500_000
BIG_PROVINCE = "01"  # Hà Nội: exactly 100,000 people at scale 1
BIG_PEOPLE = 100_000
COURSES_PER_YEAR = 20_000  # × 10 years × ~100 enrolments = ~20M
YEARS = range(2016, 2026)
MOVED_ON = dt.date(2024, 3, 1)
RAISED_ON = dt.date(2023, 9, 1)

PROVINCIAL_AGENCIES = [
    # (suffix, name, kind, staff weight)
    ("TU", "Văn phòng Tỉnh ủy", "party", 60),
    ("BTC", "Ban Tổ chức Tỉnh ủy", "party", 40),
    ("BTG", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party", 40),
    ("UBKT", "Ủy ban Kiểm tra Tỉnh ủy", "party", 30),
    ("VP", "Văn phòng UBND tỉnh", "state", 80),
    ("SNV", "Sở Nội vụ", "state", 90),
    ("STC", "Sở Tài chính", "state", 120),
    ("SXD", "Sở Xây dựng", "state", 110),
    ("SNN", "Sở Nông nghiệp và Môi trường", "state", 300),
    ("SCT", "Sở Công Thương", "state", 150),
    ("SGD", "Sở Giáo dục và Đào tạo", "state", 120),
    ("SYT", "Sở Y tế", "state", 130),
    ("SVH", "Sở Văn hóa, Thể thao và Du lịch", "state", 100),
    ("SKH", "Sở Khoa học và Công nghệ", "state", 90),
    ("STP", "Sở Tư pháp", "state", 60),
    ("TTR", "Thanh tra tỉnh", "state", 60),
    ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh", "front", 80),
    ("BVDK", "Bệnh viện Đa khoa tỉnh", "public_service", 900),
    ("THPT", "Các trường THPT", "public_service", 2500),
    ("TCT", "Trường Chính trị tỉnh", "training_institution", 80),
]
WARD_UNITS = [
    ("DU", "Đảng ủy", "party", 6),
    ("UB", "UBND", "state", 14),
    ("MT", "MTTQ", "front", 3),
]
WARD_PUBLIC = ("TH", "Các trường học", "public_service", 40)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def provinces() -> list[dict]:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    with open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        return json.load(f)


# --- the tree, built in Python (15,000 units) ----------------------------------------------


def build_units(scale: float) -> tuple[list, list, list, list[tuple[int, int, int]], list]:
    """Units, versions, ancestry rows, weighted slots (province, unit id, weight) and the
    provinces' (code, people) plan."""
    units, versions, ancestry, slots = [], [], [], []
    plan = []
    data = provinces()
    next_id = 1
    wards_total = sum(len(p["wards"]) for p in data)
    for p_index, province in enumerate(data):
        code = f"{province['code']:02d}"
        root = next_id
        next_id += 1
        units.append((root, code))
        versions.append((root, province["name"], "province", "area", None, root))
        ancestry.append((root, root, 0))
        for suffix, name, kind, weight in PROVINCIAL_AGENCIES:
            uid = next_id
            next_id += 1
            units.append((uid, f"{code}.{suffix}"))
            versions.append((uid, name, "province", kind, root, uid))
            ancestry += [(uid, uid, 0), (root, uid, 1)]
            slots.append((p_index, uid, weight))
        for ward in province["wards"]:
            wcode = f"{ward['code']:05d}"
            area = next_id
            next_id += 1
            units.append((area, wcode))
            versions.append((area, ward["name"], "commune", "area", root, area))
            ancestry += [(area, area, 0), (root, area, 1)]
            for suffix, name, kind, weight in [*WARD_UNITS, WARD_PUBLIC]:
                uid = next_id
                next_id += 1
                units.append((uid, f"{wcode}.{suffix}"))
                versions.append((uid, f"{name} {ward['name']}", "commune", kind, area, uid))
                ancestry += [(uid, uid, 0), (area, uid, 1), (root, uid, 2)]
                slots.append((p_index, uid, weight))
        plan.append((code, len(province["wards"])))
    total = int(PEOPLE * scale)
    big = int(BIG_PEOPLE * scale)
    rest_wards = wards_total - dict(plan)[BIG_PROVINCE]
    people_plan = []
    for code, wards in plan:
        if code == BIG_PROVINCE:
            people_plan.append((code, big))
        else:
            people_plan.append((code, max(1, round((total - big) * wards / rest_wards))))
    return units, versions, ancestry, slots, people_plan


# --- SQL ---------------------------------------------------------------------------------

BIG_TABLES = (
    "people_person",
    "people_post",
    "people_qualification",
    "training_course",
    "training_enrolment",
)

# h(x): a deterministic pseudo-random integer in [0, 2^31) from a row number and a salt.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION bench_h(x bigint, salt int) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((hashint8(x * 1000003 + salt))::bigint & 2147483647) $$;
CREATE OR REPLACE FUNCTION bench_u(x bigint, salt int) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT bench_h(x, salt)::double precision / 2147483648.0 $$;
"""

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Đức", "Ngọc", "Quang", "Thu", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]


def sql_array(items: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + s.replace("'", "''") + "'" for s in items) + "]"


def _people_sql() -> str:
    s, m, g = sql_array(SURNAMES), sql_array(MIDDLES), sql_array(GIVEN)
    return f"""
INSERT INTO people_person (id, code, full_name, given_name, sort_key, search_name, birth_date,
    gender, ethnicity, party_member, national_id, version, created_at, updated_at)
SELECT i, 'P' || lpad(i::text, 8, '0'),
    n.full_name, n.given, convert_to(n.given || ' ' || n.full_name, 'UTF8'),
    lower(n.full_name), DATE '2026-01-01' - (8030 + bench_h(i, 2) %% 14600)::int,
    CASE WHEN bench_u(i, 3) < 0.46 THEN 'female' ELSE 'male' END,
    CASE WHEN bench_u(i, 4) < 0.86 THEN 'Kinh' ELSE
        (ARRAY['Tày','Thái','Mường','Khmer','H''Mông','Nùng','Dao'])[1 + bench_h(i, 5) %% 7] END,
    bench_u(i, 6) < 0.62, NULL, 1, now(), now()
FROM generate_series(1, %(people)s) AS i,
LATERAL (SELECT ({s})[1 + bench_h(i, 7) %% {len(SURNAMES)}] || ' '
             || ({m})[1 + bench_h(i, 8) %% {len(MIDDLES)}] || ' '
             || ({g})[1 + bench_h(i, 9) %% {len(GIVEN)}] AS full_name,
             ({g})[1 + bench_h(i, 9) %% {len(GIVEN)}] AS given) AS n
"""


# Person i belongs to province width_bucket(i, firsts); within it, to the slot its hash picks.
POSTS_SQL = """
INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code, position_code,
    valid_from, valid_to, source, source_ref)
SELECT i, s.unit_id,
    CASE WHEN s.kind = 'public_service' THEN
             CASE WHEN bench_u(i, 11) < 0.9 THEN 'public_employee' ELSE 'other' END
         WHEN s.kind IN ('party', 'front') AND bench_u(i, 11) < 0.55 THEN 'cadre'
         ELSE 'civil_servant' END,
    CASE WHEN bench_u(i, 12) < 0.05 THEN 'head'
         WHEN bench_u(i, 12) < 0.15 THEN 'deputy' ELSE 'none' END,
    '', '',
    CASE WHEN bench_u(i, 13) < 0.05 THEN %(moved)s::date
         ELSE DATE '2010-01-01' + (bench_h(i, 14) %% 5000)::int END,
    DATE '9999-12-31', 'import', 'bench'
FROM generate_series(1, %(people)s) AS i
JOIN bench_province bp ON bp.no = width_bucket(i::bigint, %(firsts)s::bigint[])
JOIN bench_slot s ON s.province = bp.province
    AND s.k = bench_h(i, 10) %% bp.slots
"""

# The 5% who moved on MOVED_ON had an earlier post elsewhere in their province.
MOVERS_SQL = """
INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code, position_code,
    valid_from, valid_to, source, source_ref)
SELECT p.person_id, s.unit_id, p.category, 'none', '', '', DATE '2012-01-01',
    %(moved)s::date - 1, 'import', 'bench'
FROM people_post p
JOIN bench_province bp ON bp.no = width_bucket(p.person_id, %(firsts)s::bigint[])
JOIN bench_slot s ON s.province = bp.province AND s.k = bench_h(p.person_id, 15) %% bp.slots
WHERE p.valid_from = %(moved)s::date
"""

# (dimension, share holding anything, levels with cumulative shares among holders)
QUALIFICATIONS = [
    (
        "professional",
        0.99,
        [
            ("doctorate", 0.01),
            ("master", 0.16),
            ("university", 0.78),
            ("college", 0.86),
            ("intermediate", 0.96),
            ("elementary", 1.0),
        ],
    ),
    ("political_theory", 0.65, [("advanced", 0.15), ("intermediate", 0.65), ("basic", 1.0)]),
    (
        "state_management",
        0.45,
        [("senior_specialist", 0.03), ("principal_specialist", 0.25), ("specialist", 1.0)],
    ),
    (
        "defense_security",
        0.35,
        [("group_1", 0.01), ("group_2", 0.05), ("group_3", 0.25), ("group_4", 1.0)],
    ),
    (
        "foreign_language",
        0.55,
        [("c1", 0.03), ("b2", 0.12), ("b1", 0.55), ("a2", 0.85), ("a1", 1.0)],
    ),
    ("it", 0.75, [("advanced", 0.1), ("basic", 1.0)]),
]


def qualification_sql(number: int, dimension: str, share: float, levels) -> list[str]:
    salt = 100 + number * 3
    cases = " ".join(f"WHEN bench_u(i, {salt + 1}) < {cum} THEN '{level}'" for level, cum in levels)
    raised = ""
    if dimension == "professional":
        # 10% held the level below it until RAISED_ON (history for the as-of reports)
        raised = f"""
        INSERT INTO people_qualification (person_id, dimension, level, valid_from, valid_to,
            source, source_ref, certificate_no, institution)
        SELECT i, 'professional', 'university', DATE '2008-01-01', %(raised)s::date - 1,
            'import', 'bench', '', ''
        FROM generate_series(1, %(people)s) AS i
        WHERE bench_u(i, {salt}) < {share} AND bench_u(i, {salt + 1}) < 0.16
            AND bench_u(i, {salt + 2}) < 0.6
        """
    start = (
        f"CASE WHEN bench_u(i, {salt + 1}) < 0.16 AND bench_u(i, {salt + 2}) < 0.6 "
        f"THEN %(raised)s::date ELSE DATE '2008-01-01' END"
        if dimension == "professional"
        else f"DATE '2008-01-01' + (bench_h(i, {salt + 2}) %% 6500)::int"
    )
    held = f"""
INSERT INTO people_qualification (person_id, dimension, level, valid_from, valid_to, source,
    source_ref, certificate_no, institution)
SELECT i, '{dimension}', CASE {cases} END, {start}, DATE '9999-12-31', 'import', 'bench', '', ''
FROM generate_series(1, %(people)s) AS i
WHERE bench_u(i, {salt}) < {share}
"""
    return [held, raised] if raised else [held]


CATEGORIES = [
    "political_theory_basic",
    "political_theory_intermediate",
    "political_theory_advanced",
    "state_management_specialist",
    "state_management_principal",
    "state_management_senior",
    "defense_security_1",
    "defense_security_2",
    "defense_security_3",
    "defense_security_4",
    "leadership_management",
    "knowledge_update",
    "professional",
    "foreign_language",
    "it",
    "ethnic_language",
    "on_the_job",
    "other",
]
MODES = ["concentrated", "part_time", "online", "blended", "on_the_job", "overseas"]

COURSES_SQL = """
INSERT INTO training_course (id, course_code, name, program_category, confers_dimension,
    confers_level, start_date, end_date, mode, institution_name, capacity, waitlist_places,
    budget_vnd, venue, status, version, created_at, updated_at, institution_id,
    organizer_unit_id, programme_id)
SELECT c, 'K' || lpad(c::text, 7, '0'), 'Lớp ' || c, cat, '', '', start, start + d, mode, '',
    NULL, 0, NULL, '', 'closed', 1, now(), now(), NULL, s.unit_id, NULL
FROM generate_series(1, %(courses)s) AS c
JOIN bench_province bp ON bp.no = 1 + bench_h(c, 20) %% %(provinces)s
JOIN bench_slot s ON s.province = bp.province AND s.k = bench_h(c, 21) %% bp.slots,
LATERAL (SELECT (%(categories)s::text[])[1 + bench_h(c, 22) %% %(ncat)s] AS cat,
                (%(modes)s::text[])[1 + bench_h(c, 23) %% 6] AS mode,
                DATE '2016-01-01' + (bench_h(c, 24) %% 3650)::int AS start,
                (3 + bench_h(c, 25) %% 58)::int AS d) AS x
"""

# Course c enrols 20–180 people of its organiser's province; stride keeps them distinct.
ENROLMENTS_SQL = """
INSERT INTO training_enrolment (course_id, person_id, status, completed_on, score,
    certificate_no, decision_no, decision_date, priority, priority_reason, waitlisted, note,
    version, created_at, updated_at, sending_unit_id)
SELECT c.id, bp.first + ((bench_h(c.id, 30) + j * 7919) %% bp.people),
    st.status, CASE WHEN st.status = 'completed' THEN c.end_date END, NULL,
    '', '', NULL, 0, '', false, '', 1, now(), now(), NULL
FROM training_course c
JOIN bench_unit_province up ON up.unit_id = c.organizer_unit_id
JOIN bench_province bp ON bp.province = up.province
CROSS JOIN LATERAL generate_series(1, 20 + (bench_h(c.id, 31) %% 161)::int) AS j
CROSS JOIN LATERAL (SELECT CASE
        WHEN bench_u(c.id * 1000 + j, 32) < 0.03 THEN 'withdrawn'
        WHEN bench_u(c.id * 1000 + j, 32) < 0.05 THEN 'failed'
        ELSE 'completed' END AS status) AS st
WHERE c.id BETWEEN %(lo)s AND %(hi)s
"""


def run_sql(cur, sql: str, params: dict | None = None, what: str = "") -> None:
    started = time.perf_counter()
    cur.execute(sql, params)
    log(
        f"{what or sql.strip().splitlines()[0][:60]}: {cur.rowcount:,} rows "
        f"in {time.perf_counter() - started:.1f} s"
    )


def generate(scale: float, with_training: bool = True) -> None:
    subprocess.run(
        ["psql", SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True
    )
    subprocess.run(["psql", SERVER + "/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    env = {**os.environ, "DTBD_DATABASE_URL": URL, "DTBD_DATA_DIR": "/tmp/dtbd-bench-country"}
    Path(env["DTBD_DATA_DIR"]).mkdir(exist_ok=True)
    subprocess.run([str(ROOT / ".venv/bin/dtbd"), "migrate", "-v0"], check=True, env=env)
    log("schema migrated")
    units, versions, ancestry, slots, plan = build_units(scale)
    total_people = sum(n for _, n in plan)
    started = time.perf_counter()
    with psycopg.connect(URL, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET work_mem = '64MB'")
        cur.execute(FUNCTIONS)
        dropped = drop_indexes(cur)
        begin, end = dt.date(1900, 1, 1), dt.date(9999, 12, 31)
        with cur.copy(
            "COPY organisation_unit (id, code, valid_from, valid_to, version, "
            "created_at, updated_at) FROM STDIN"
        ) as copy:
            now = dt.datetime.now(dt.UTC)
            for uid, code in units:
                copy.write_row((uid, code, begin, end, 1, now, now))
        with cur.copy(
            "COPY organisation_unitversion (id, name, level, kind, parent_id, "
            "unit_id, valid_from, valid_to) FROM STDIN"
        ) as copy:
            for n, (uid, name, level, kind, parent, _) in enumerate(versions, start=1):
                copy.write_row((n, name, level, kind, parent, uid, begin, end))
        with cur.copy(
            "COPY organisation_unitancestry (ancestor_id, descendant_id, depth, "
            "valid_from, valid_to) FROM STDIN"
        ) as copy:
            for row in ancestry:
                copy.write_row((*row, begin, end))
        log(f"{len(units):,} units")
        # helper tables for the generator (dropped at the end)
        cur.execute("CREATE TABLE bench_slot (province int, k int, unit_id bigint, kind text)")
        kinds = {v[0]: v[3] for v in versions}
        with cur.copy("COPY bench_slot FROM STDIN") as copy:
            counts: dict[int, int] = {}
            for province, uid, weight in slots:
                for _ in range(weight):
                    k = counts.get(province, 0)
                    copy.write_row((province, k, uid, kinds[uid]))
                    counts[province] = k + 1
        cur.execute("CREATE INDEX ON bench_slot (province, k)")
        cur.execute(
            "CREATE TABLE bench_province (no int, province int, first bigint, "
            "people bigint, slots int)"
        )
        firsts, first = [], 1
        for province, (_, people) in enumerate(plan):
            cur.execute(
                "INSERT INTO bench_province VALUES (%s, %s, %s, %s, %s)",
                (province + 1, province, first, people, counts[province]),
            )
            firsts.append(first)
            first += people
        cur.execute(
            "CREATE TABLE bench_unit_province AS SELECT DISTINCT province, unit_id FROM bench_slot"
        )
        params = {"people": total_people, "firsts": firsts, "moved": MOVED_ON, "raised": RAISED_ON}
        run_sql(cur, _people_sql(), params, "people")
        run_sql(cur, POSTS_SQL, params, "posts")
        run_sql(cur, MOVERS_SQL, params, "earlier posts of the movers")
        for number, (dimension, share, levels) in enumerate(QUALIFICATIONS):
            for sql in qualification_sql(number, dimension, share, levels):
                run_sql(cur, sql, params, f"qualifications: {dimension}")
        if with_training:
            courses = int(COURSES_PER_YEAR * len(YEARS) * scale)
            run_sql(
                cur,
                COURSES_SQL,
                {
                    "courses": courses,
                    "provinces": len(plan),
                    "categories": CATEGORIES,
                    "ncat": len(CATEGORIES),
                    "modes": MODES,
                },
                "courses",
            )
            step = max(1, courses // 10)
            for lo in range(1, courses + 1, step):
                run_sql(
                    cur,
                    ENROLMENTS_SQL,
                    {"lo": lo, "hi": lo + step - 1},
                    f"enrolments of courses {lo:,}–{lo + step - 1:,}",
                )
        cur.execute("DROP TABLE bench_slot, bench_province, bench_unit_province")
        cur.execute("DROP FUNCTION bench_u(bigint, int); DROP FUNCTION bench_h(bigint, int)")
        for table in (
            "people_person",
            "people_post",
            "people_qualification",
            "organisation_unit",
            "organisation_unitversion",
            "organisation_unitancestry",
            "training_course",
            "training_enrolment",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce(max(id), 1)) FROM {table}"
            )
        # The enrolments' indexes after the standings: rebuilding them stamps every
        # completion with its learner's standing (ADR 0011), 20 million rows' UPDATE that
        # would otherwise also write five indexes.
        enrolment_indexes = [
            d for d in dropped if d[1].startswith(("enrolment_", "training_enrolment"))
        ]
        restore_indexes(cur, [d for d in dropped if d not in enrolment_indexes])
        cur.execute("SET session_replication_role = origin")
    rebuild_standings()
    with psycopg.connect(URL, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        restore_indexes(cur, enrolment_indexes)
        run_sql(cur, "VACUUM (ANALYZE)", None, "vacuum analyze")
    log(f"country of {total_people:,} people generated in {time.perf_counter() - started:.0f} s")


def migrate() -> None:
    """Apply the project's new migrations to the benchmark country, with the enrolments'
    secondary indexes dropped meanwhile (a migration that rewrites 20 million enrolments,
    like training 0005's stamps, is then minutes instead of an hour)."""
    env = {**os.environ, "DTBD_DATABASE_URL": URL, "DTBD_DATA_DIR": "/tmp/dtbd-bench-country"}
    with psycopg.connect(URL, autocommit=True) as conn, conn.cursor() as cur:
        dropped = drop_indexes(cur, ("training_enrolment",))
        log(f"dropped {len(dropped)} indexes of training_enrolment")
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/dtbd"), "migrate"], check=True, env=env)
        log(f"dtbd migrate: {time.perf_counter() - started:.0f} s")
        cur.execute("SET maintenance_work_mem = '512MB'")
        restore_indexes(cur, dropped)
        run_sql(cur, "VACUUM (ANALYZE) training_enrolment", None, "vacuum analyze")


def rebuild_standings() -> None:
    """The people's standings (ADR 0010) and the classes' tallies (ADR 0012), which the load
    skipped with its triggers, through the product's own commands, timed."""
    env = {**os.environ, "DTBD_DATABASE_URL": URL, "DTBD_DATA_DIR": "/tmp/dtbd-bench-country"}
    for command in ("rebuild_standings", "rebuild_tallies"):
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/dtbd"), command], check=True, env=env)
        log(f"dtbd {command}: {time.perf_counter() - started:.0f} s")


def drop_indexes(cur, tables: tuple[str, ...] = BIG_TABLES) -> list[tuple[str, str, str]]:
    """Drop the tables' secondary indexes and unique constraints; return how to remake
    them: (kind, name, definition)."""
    cur.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)
    """,
        (list(tables),),
    )
    constraints = [("constraint", f"{t}|{n}", d) for t, n, d in cur.fetchall()]
    for _, key, _ in constraints:
        table, name = key.split("|")
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cur.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND i.indexname NOT LIKE '%%_pkey'
    """,
        (list(tables),),
    )
    indexes = [("index", n, d) for n, d in cur.fetchall()]
    for _, name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return constraints + indexes


def restore_indexes(cur, dropped) -> None:
    for kind, key, definition in dropped:
        started = time.perf_counter()
        if kind == "constraint":
            table, name = key.split("|")
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        else:
            cur.execute(definition)
        log(f"rebuilt {key} in {time.perf_counter() - started:.1f} s")


def to_sqlite(path: Path, province: str = BIG_PROVINCE) -> None:
    """Copy one province (its units, people, posts, qualifications, classes and enrolments)
    into a fresh SQLite database migrated by dtbd, for the SQLite side of the benchmark."""
    if path.exists():
        path.unlink()
    env = {
        **os.environ,
        "DTBD_DATABASE_URL": f"sqlite:///{path}",
        "DTBD_DATA_DIR": "/tmp/dtbd-bench-country",
    }
    subprocess.run([str(ROOT / ".venv/bin/dtbd"), "migrate", "-v0"], check=True, env=env)
    started = time.perf_counter()
    target = sqlite3.connect(path)
    target.execute("PRAGMA foreign_keys = OFF")
    target.execute("PRAGMA journal_mode = OFF")
    target.execute("PRAGMA synchronous = OFF")
    with psycopg.connect(URL) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM organisation_unit WHERE code = %s", (province,))
        root = cur.fetchone()[0]
        subtree = (
            f"(SELECT descendant_id FROM organisation_unitancestry WHERE ancestor_id = {root})"
        )
        people = f"(SELECT person_id FROM people_post WHERE unit_id IN {subtree})"
        courses = f"(SELECT id FROM training_course WHERE organizer_unit_id IN {subtree})"
        tables = [
            ("organisation_unit", f"id IN {subtree}"),
            ("organisation_unitversion", f"unit_id IN {subtree}"),
            ("organisation_unitancestry", f"descendant_id IN {subtree}"),
            ("people_person", f"id IN {people}"),
            ("people_post", f"person_id IN {people}"),
            ("people_qualification", f"person_id IN {people}"),
            ("people_standing", f"person_id IN {people}"),
            ("training_course", f"id IN {courses}"),
            ("training_enrolment", f"course_id IN {courses} AND person_id IN {people}"),
        ]
        for table, where in tables:
            cur.execute(f"SELECT * FROM {table} WHERE {where}")
            columns = [d.name for d in cur.description]
            marks = ",".join("?" * len(columns))
            insert = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"
            n = 0
            while batch := cur.fetchmany(20_000):
                target.executemany(insert, [tuple(_lite(v) for v in row) for row in batch])
                n += len(batch)
            log(f"sqlite {table}: {n:,}")
    target.commit()
    target.execute("ANALYZE")
    target.close()
    log(f"province {province} copied to {path} in {time.perf_counter() - started:.0f} s")


def _lite(value):
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = ~2.5M people")
    parser.add_argument("--no-training", action="store_true", help="people only")
    parser.add_argument("--sqlite", type=Path, help="copy one province into this SQLite file")
    parser.add_argument("--only-sqlite", action="store_true", help="skip generating")
    parser.add_argument(
        "--only-standings", action="store_true", help="only rebuild the standings, then stop"
    )
    parser.add_argument(
        "--migrate", action="store_true", help="only apply new migrations to the country"
    )
    args = parser.parse_args(argv)
    if args.migrate:
        migrate()
        return
    if args.only_standings:
        rebuild_standings()
        return
    if not args.only_sqlite:
        generate(args.scale, with_training=not args.no_training)
    if args.sqlite:
        to_sqlite(args.sqlite)


if __name__ == "__main__":
    sys.exit(main())
