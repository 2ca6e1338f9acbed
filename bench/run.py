"""`make bench`: measure the issue's figures and write docs/benchmarks.md.

    .venv/bin/python bench/run.py                 # the full run (~10 minutes)
    .venv/bin/python bench/run.py --quick         # 10,000 people, no million (a smoke test)
    .venv/bin/python bench/run.py --people 500000 --skip-xlsx
    .venv/bin/python bench/run.py --skip-postgres

Every import is the real `dtbd import` command run as a subprocess with DTBD_DATABASE_URL
and DTBD_DATA_DIR set, timed with time.perf_counter around the whole process; its peak
memory is the ru_maxrss that os.wait4 reports for that one process. The list page is timed
in-process by bench/listpage.py (also a subprocess, one per database).
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from pgwatch import PgWatch  # noqa: E402

BIN = Path(sys.executable).parent
DTBD = str(BIN / "dtbd")
AS_OF = "2026-01-01"
SUMMARY = re.compile(r"created (\d+), updated (\d+), unchanged (\d+)")

TARGETS = {
    "sqlite_100k": 10.0,
    "postgres_1m": 60.0,
    "postgres_1m_rss_mb": 300.0,
    "list_ms": 100.0,
}


@dataclass
class Run:
    """One `dtbd` subprocess: what it was, how long it took, how much memory it held."""

    label: str
    args: list[str]
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of the process
    load: float = 0.0  # the machine's 1-minute load average when it started
    busy: float = 0.0  # CPU seconds the whole machine spent while it ran (/proc/stat)
    watch: dict = field(default_factory=dict)  # where PostgreSQL's time went (pgwatch)
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    counts: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def dtbd(env: dict, args: list[str], label: str, workdir: Path) -> Run:
    """Run `dtbd ARGS`; wall time and this process's own peak RSS (os.wait4)."""
    run = Run(label, args)
    out_path, err_path = workdir / "cmd.out", workdir / "cmd.err"
    run.load = os.getloadavg()[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        busy = machine_busy()
        start = time.perf_counter()
        process = subprocess.Popen([DTBD, *args], env=env, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        run.seconds = time.perf_counter() - start
        run.busy = machine_busy() - busy
    process.returncode = os.waitstatus_to_exitcode(status)
    run.returncode = process.returncode
    run.max_rss_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    run.stdout = out_path.read_text(errors="replace").strip()
    run.stderr = err_path.read_text(errors="replace").strip()
    if run.returncode != 0:
        raise SystemExit(f"dtbd {' '.join(args)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    match = SUMMARY.search(run.stdout)
    if match:
        run.counts = dict(
            zip(("created", "updated", "unchanged"), map(int, match.groups()), strict=True)
        )
    log(
        f"  {label}: {run.seconds:.2f} s (CPU {run.cpu_seconds:.1f} s, load {run.load:.1f}),"
        f" max RSS {run.max_rss_mb:.0f} MB  {run.stdout[-60:]}"
    )
    return run


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def others(run: Run) -> float:
    """Cores' worth of CPU that other work took while the command ran."""
    server = run.watch.get("server_cpu_seconds", 0.0) + run.watch.get("helpers_cpu_seconds", 0.0)
    own = run.cpu_seconds + server
    return max(0.0, (run.busy - own) / max(run.seconds, 0.001))


class Database:
    """One bench database (SQLite file or PostgreSQL database) and its data folder."""

    def __init__(self, name: str, url: str, data_dir: Path):
        self.name, self.url, self.data_dir = name, url, data_dir

    @property
    def env(self) -> dict:
        # Without PYTHONDONTWRITEBYTECODE: an installed system has its bytecode compiled, so
        # the first command (migrate) writes it and the timed ones start as they would there.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("DTBD_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            DTBD_DATABASE_URL=self.url,
            DTBD_DATA_DIR=str(self.data_dir),
            DJANGO_SETTINGS_MODULE="dtbd.settings",
        )
        return env

    def reset(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        if self.url.startswith("postgresql"):
            import psycopg

            base, _, dbname = self.url.rpartition("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{dbname}"')

    def prepare(self, units_csv: Path) -> list[Run]:
        """A fresh schema with the synthetic province's units."""
        self.reset()
        return [
            dtbd(self.env, ["migrate", "--verbosity", "0"], f"{self.name}: migrate", self.data_dir),
            dtbd(
                self.env,
                ["import", "units", str(units_csv), "--as-of", AS_OF],
                f"{self.name}: import units",
                self.data_dir,
            ),
        ]

    def import_people(self, path: Path, label: str) -> Run:
        args = ["import", "people", str(path), "--as-of", AS_OF]
        if not self.url.startswith("postgresql"):
            return dtbd(self.env, args, label, self.data_dir)
        server, _, database = self.url.rpartition("/")
        watch = PgWatch(server, database)
        watch.start()
        try:
            run = dtbd(self.env, args, label, self.data_dir)
        finally:
            shares = watch.stop()
        run.watch = shares
        return run

    def list_page(self, requests: int) -> dict:
        log(f"  {self.name}: people list page, {requests} requests per filter")
        output = subprocess.run(
            [
                sys.executable,
                str(HERE / "listpage.py"),
                "--requests",
                str(requests),
                "--as-of",
                AS_OF,
            ],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            raise SystemExit(f"list page measurement failed:\n{output.stderr[-3000:]}")
        return json.loads(output.stdout)


# --- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people and no million")
    parser.add_argument("--small", type=int, default=100_000, help="people in the 100k runs")
    parser.add_argument("--people", type=int, default=1_000_000, help="people for PostgreSQL")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--requests", type=int, default=20, help="list page requests per filter")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--skip-rooms", action="store_true", help="only the registry (issue 2), not the rooms"
    )
    parser.add_argument(
        "--country",
        action="store_true",
        help="regenerate the 2.5M-person country and re-measure the reports (about 20 minutes)",
    )
    args = parser.parse_args()
    if args.quick:
        args.small, args.skip_million = 10_000, True
    if args.output is None:
        args.output = ROOT / (
            "docs/benchmarks.md" if not args.quick else "bench-data/benchmarks-quick.md"
        )
    args.data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    figures: dict = {"small": args.small, "large": args.people}

    files = make_files(args)

    sqlite_db = Database(
        "SQLite", f"sqlite:///{args.data / 'sqlite' / 'dtbd.sqlite3'}", args.data / "sqlite"
    )
    log(f"SQLite, {args.small:,} people from CSV")
    figures["units"] = sqlite_db.prepare(files["units"])[1]
    figures["sqlite_csv"] = sqlite_db.import_people(files["small_csv"], "SQLite: import people")
    figures["sqlite_reimport"] = sqlite_db.import_people(
        files["small_csv"], "SQLite: re-import the same file"
    )
    figures["sqlite_list"] = sqlite_db.list_page(args.requests)

    if not args.skip_xlsx:
        xlsx_db = Database(
            "SQLite (XLSX)",
            f"sqlite:///{args.data / 'sqlite-xlsx' / 'dtbd.sqlite3'}",
            args.data / "sqlite-xlsx",
        )
        log(f"SQLite, {args.small:,} people from XLSX")
        xlsx_db.prepare(files["units"])
        figures["sqlite_xlsx"] = xlsx_db.import_people(
            files["small_xlsx"], "SQLite: import people (XLSX)"
        )

    if not args.skip_postgres:
        pg = Database("PostgreSQL", f"{args.postgres}/dtbd_bench", args.data / "postgres")
        log(f"PostgreSQL, {args.small:,} people")
        pg.prepare(files["units"])
        figures["postgres_small"] = pg.import_people(files["small_csv"], "PostgreSQL: import")
        figures["postgres_reimport"] = pg.import_people(
            files["small_csv"], "PostgreSQL: re-import the same file"
        )
        analyze(pg)
        figures["postgres_list"] = pg.list_page(args.requests)
        if not args.skip_million:
            big = Database(
                "PostgreSQL 1M", f"{args.postgres}/dtbd_bench_1m", args.data / "postgres-1m"
            )
            log(f"PostgreSQL, {args.people:,} people")
            big.prepare(files["units"])
            figures["postgres_large"] = big.import_people(
                files["large_csv"], f"PostgreSQL: import {args.people:,} people"
            )
    rooms = [] if args.skip_rooms else room_sections(args)
    figures["total_seconds"] = time.perf_counter() - started
    figures["files"] = files
    report = render(args, figures) + "".join("\n" + section.strip() + "\n" for section in rooms)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print()
    print(table(figures))
    log(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
        f" ({figures['total_seconds']:.0f} s in all)")  # fmt: skip


def room_sections(args) -> list[str]:
    """The rooms' figures, each measured by its own script (see its docstring), as sections.

    The reports' national-scale run (bench/country.py + bench/reports.py) takes about 20
    minutes and 8 GB of PostgreSQL; it runs with --country, and otherwise its last written
    results (docs/benchmarks-reports.md, with their commit) are included as they are.
    """
    sections = []
    small = "--quick" in sys.argv
    scripts = [
        ("classes", [HERE / "training.py", "--markdown"]
         + (["--people", "2000", "--enrolments", "10000"] if small else [])),
        ("standards, SQLite", [HERE / "standards_gaps.py", "--markdown", "--db", "sqlite"]
         + (["10000"] if small else [])),
    ]  # fmt: skip
    if not args.skip_postgres:
        scripts.append(
            ("standards, PostgreSQL",
             [HERE / "standards_gaps.py", "--markdown", "--db", "postgresql",
              "--database-url", f"{args.postgres}/postgres"] + (["10000"] if small else []))
        )  # fmt: skip
    if args.country:
        scripts.append(("country", [HERE / "country.py"]))
        scripts.append(("reports", [HERE / "reports.py", "--write"]))
    for label, command in scripts:
        log(f"room: {label}")
        done = subprocess.run(
            [sys.executable, *map(str, command)], capture_output=True, text=True, cwd=ROOT
        )
        if done.returncode:
            sections.append(f"## {label}: failed\n\n```\n{done.stderr[-2000:]}\n```")
            continue
        out = done.stdout
        if "## " in out:
            sections.append(out[out.index("## ") :])
    reports = ROOT / "docs" / "benchmarks-reports.md"
    if reports.exists():
        text = reports.read_text(encoding="utf-8")
        body = text[text.index("\n## ") :] if "\n## " in text else text
        sections.append(
            "## Reports (issue 7)\n\nFrom docs/benchmarks-reports.md, written by "
            "`bench/reports.py --write` (`make bench BENCH_ARGS=--country` runs it again).\n"
            + body.replace("\n## ", "\n### ")
        )
    return sections


def analyze(db: Database) -> None:
    """Refresh planner statistics, as autovacuum would have done shortly after an import."""
    import psycopg

    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def make_files(args) -> dict:
    """Write the synthetic files once; they are deterministic, so reuse them when present."""
    specs = generate.units()
    out = {"units": args.data / "units.csv", "unit_count": len(specs)}
    generate.write_units(out["units"], specs)
    wanted = [("small_csv", args.small, "csv")]
    if not args.skip_xlsx:
        wanted.append(("small_xlsx", args.small, "xlsx"))
    if not args.skip_postgres and not args.skip_million:
        wanted.append(("large_csv", args.people, "csv"))
    for key, count, kind in wanted:
        path = args.data / f"people-{count}.{kind}"
        marker = path.with_suffix(path.suffix + ".ok")
        stamp = f"{count} {generate.SEED} {(HERE / 'generate.py').stat().st_mtime_ns}"
        if not (path.exists() and marker.exists() and marker.read_text() == stamp):
            log(f"writing {path.name}")
            start = time.perf_counter()
            writer = generate.write_people_csv if kind == "csv" else generate.write_people_xlsx
            writer(path, count, specs)
            marker.write_text(stamp)
            log(f"  {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")
        out[key] = path
    return out


# --- output ------------------------------------------------------------------------------


def _ok(value: float, limit: float) -> str:
    return "✅" if value < limit else "❌"


IMPORT_HEADER = ("import", "wall", "CPU", "peak RSS", "other load", "result", "target")


def import_rows(figures: dict) -> list[tuple[str, ...]]:
    """One row per timed command, as IMPORT_HEADER."""
    n, big = figures["small"], figures["large"]
    rows = []

    def add(key, what, target=None, rss_target=None):
        run: Run | None = figures.get(key)
        if run is None:
            return
        verdict = ""
        if target:
            verdict = f"< {target:g} s {_ok(run.seconds, target)}"
        if rss_target:
            verdict += f", < {rss_target:g} MB {_ok(run.max_rss_mb, rss_target)}"
        summary = ", ".join(f"{k} {v:,}" for k, v in run.counts.items())
        rows.append(
            (
                what,
                f"{run.seconds:.1f} s",
                f"{run.cpu_seconds:.1f} s",
                f"{run.max_rss_mb:.0f} MB",
                f"{others(run):.1f} cores",
                summary,
                verdict or "—",
            )
        )

    add("units", f"units file ({figures['files']['unit_count']:,} units), SQLite")
    sqlite_target = TARGETS["sqlite_100k"] if n == 100_000 else None
    add("sqlite_csv", f"{n:,} people, CSV → SQLite", sqlite_target)
    add("sqlite_reimport", f"{n:,} people, same CSV again → SQLite")
    add("sqlite_xlsx", f"{n:,} people, XLSX → SQLite")
    add("postgres_small", f"{n:,} people, CSV → PostgreSQL")
    add("postgres_reimport", f"{n:,} people, same CSV again → PostgreSQL")
    big_target = TARGETS["postgres_1m"] if big == 1_000_000 else None
    big_rss = TARGETS["postgres_1m_rss_mb"] if big == 1_000_000 else None
    add("postgres_large", f"{big:,} people, CSV → PostgreSQL", big_target, big_rss)
    return rows


def list_rows(figures: dict) -> list[tuple[str, ...]]:
    out = []
    for key, db in (("sqlite_list", "SQLite"), ("postgres_list", "PostgreSQL")):
        data = figures.get(key)
        if not data:
            continue
        for r in data["results"]:
            rows = "?" if r["rows"] is None else f"{r['rows']:,}"
            out.append(
                (
                    db,
                    r["label"],
                    rows,
                    f"{r['median_ms']:.1f}",
                    f"{r['p95_ms']:.1f}",
                    f"{_ok(r['median_ms'], TARGETS['list_ms'])} / "
                    f"{_ok(r['p95_ms'], TARGETS['list_ms'])}",
                )
            )
    return out


def _md_table(header: tuple[str, ...], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def table(figures: dict) -> str:
    parts = [_md_table(IMPORT_HEADER, import_rows(figures))]
    if watch_table(figures):
        parts.append(watch_table(figures))
    if list_rows(figures):
        parts.append(
            _md_table(
                (
                    "database",
                    "people list",
                    "matches",
                    "median ms",
                    "p95 ms",
                    "< 100 ms: median / p95",
                ),
                list_rows(figures),
            )
        )
    return "\n\n".join(parts)


WATCHED = (
    ("postgres_small", "PostgreSQL, {n} people"),
    ("postgres_reimport", "PostgreSQL, {n} again"),
    ("postgres_large", "PostgreSQL, {big} people"),
)
SHARES = (
    "start-up",
    "client working",
    "COPY people_person",
    "COPY people_post",
    "COPY people_qualification",
    "COPY people_standing",
    "COPY, waiting for rows",
    "other statements",
    "COMMIT (deferred foreign-key checks)",
)


def watch_table(figures: dict) -> str:
    """Seconds of each import's wall time by what its PostgreSQL server process was doing."""
    runs = [
        (label.format(n=f"{figures['small']:,}", big=f"{figures['large']:,}"), figures[key])
        for key, label in WATCHED
        if figures.get(key) is not None and figures[key].watch
    ]
    if not runs:
        return ""
    rows = []
    for share in SHARES:
        rows.append((share, *(f"{run.watch['shares'].get(share, 0):.1f}" for _, run in runs)))
    rows.append(("(wall time)", *(f"{run.seconds:.1f}" for _, run in runs)))
    rows.append(("client CPU", *(f"{run.cpu_seconds:.1f}" for _, run in runs)))
    rows.append(("server CPU", *(f"{run.watch['server_cpu_seconds']:.1f}" for _, run in runs)))
    rows.append(
        (
            "server's writers' CPU",
            *(f"{run.watch.get('helpers_cpu_seconds', 0):.1f}" for _, run in runs),
        )
    )
    return _md_table(("seconds", *(label for label, _ in runs)), rows)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError):
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import django

    return {
        "cpu": f"{cpu} ({os.cpu_count()} cores)",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": commit,
    }


def postgres_facts(url: str) -> dict:
    """The server's version and the settings that decide how fast it takes a bulk load."""
    names = ("server_version", "shared_buffers", "max_wal_size", "synchronous_commit")
    try:
        import psycopg

        with psycopg.connect(f"{url}/postgres") as conn:
            return {n: conn.execute(f"SHOW {n}").fetchone()[0] for n in names}
    except Exception as error:
        return {"server_version": f"unknown ({error.__class__.__name__})"}


def notes(figures: dict) -> list[str]:
    """What the figures say, in sentences computed from them."""
    out = []
    loads = [others(r) for r in figures.values() if isinstance(r, Run)]
    if loads and max(loads) > 0.2:
        out.append(
            f"Other work shared the machine's {os.cpu_count()} cores during the run: up to "
            f"{max(loads):.1f} cores' worth while a command ran (column *other load*). A "
            "command that waits for a core takes longer than its CPU time: compare *wall* "
            "with *CPU*."
        )
    csv_run, xlsx_run = figures.get("sqlite_csv"), figures.get("sqlite_xlsx")
    if csv_run and xlsx_run:
        out.append(
            f"XLSX is {xlsx_run.cpu_seconds / max(csv_run.cpu_seconds, 0.1):.1f}× the CPU of "
            "the same rows as CSV: openpyxl parses the sheet's XML in Python, cell by cell "
            "(the import itself is the same code after reading)."
        )
    big = figures.get("postgres_large")
    if big is not None and big.watch:
        shares = big.watch["shares"]
        server = sum(v for k, v in shares.items() if k.startswith(("COPY people", "COMMIT")))
        out.append(
            f"{figures['large']:,} people into PostgreSQL: of {big.seconds:.0f} s, the server "
            f"was busy inserting and checking for {server:.0f} s (COPY: "
            + ", ".join(
                f"{k[5:]} {v:.0f} s" for k, v in shares.items() if k.startswith("COPY people")
            )
            + f"; the deferred foreign-key checks at COMMIT "
            f"{shares.get('COMMIT (deferred foreign-key checks)', 0):.0f} s) and used "
            f"{big.watch['server_cpu_seconds']:.0f} s of CPU; the import process used "
            f"{big.cpu_seconds:.0f} s of CPU with its reading process, partly while the server "
            "worked (the next rows are read and checked in a forked process, ADR 3)."
        )
        target = TARGETS["postgres_1m"]
        if figures["large"] == 1_000_000 and big.watch["server_cpu_seconds"] > target:
            out.append(
                f"The server's CPU alone ({big.watch['server_cpu_seconds']:.0f} s) is more than "
                f"the {target:g} s target: 1,000,000 people are 1,000,000 posts, "
                f"~4,300,000 qualifications and 1,000,000 standings (ADR 0010), each row with "
                f"its indexes and (but standings) foreign-key checks. "
                "No work in the import process can bring this machine under the target; a "
                "faster server, or fewer indexes and checks per row, can."
            )
    missed = [
        f"{db} '{r['label']}' ({r['median_ms']:.0f} ms)"
        for key, db in (("sqlite_list", "SQLite"), ("postgres_list", "PostgreSQL"))
        for r in (figures.get(key) or {}).get("results", [])
        if not r["label"].startswith("extra") and r["median_ms"] >= TARGETS["list_ms"]
    ]
    if missed:
        out.append(
            "List page over 100 ms (median): "
            + ", ".join(missed)
            + ". Each request counts every match and sorts the matches by name before it "
            "takes a page (every filter is a column of people.Standing, ADR 0010)."
        )
    return out


def render(args, figures: dict) -> str:
    m = machine()
    n = figures["small"]
    command = "make bench" + (f" BENCH_ARGS='{' '.join(sys.argv[1:])}'" if sys.argv[1:] else "")
    pg = {} if args.skip_postgres else postgres_facts(args.postgres)
    pg_text = "skipped"
    if pg:
        pg_text = pg["server_version"] + "".join(
            f", {k} {v}" for k, v in pg.items() if k != "server_version"
        )
    mode = next(
        (figures[k]["mode"] for k in ("sqlite_list", "postgres_list") if figures.get(k)), None
    )
    if mode == "page":
        list_how = (
            "Django's test `Client`, logged in as a superuser, GETs the real page "
            "`/people/?…` in-process (middleware, session, form, the count and page queries, "
            "the template); the time is around `client.get`."
        )
    else:
        errors = {figures[k].get("page_error") for k in ("sqlite_list", "postgres_list")}
        why = "; ".join(sorted(e for e in errors if e)) or "it did not exist"
        list_how = (
            f"the `/people/` page could not be used ({why}), so this times what it does: "
            "`people.selectors.people_list` + `Paginator(qs, 50).get_page(n)` + the count, "
            "with the 50 rows fetched."
        )
    listed = (
        _md_table(
            ("database", "filter", "matches", "median ms", "p95 ms", "< 100 ms: median / p95"),
            list_rows(figures),
        )
        if list_rows(figures)
        else "(not measured)"
    )
    watched = watch_table(figures)
    watch_section = (
        f"""
## Where PostgreSQL's time goes

Seconds of each import's wall time by what its server process was doing (bench/pgwatch.py
samples `pg_stat_activity` five times a second), and the CPU time of both processes.

{watched}
"""
        if watched
        else ""
    )
    said = "\n".join(f"- {line}" for line in notes(figures)) or "- Nothing unusual."
    return f"""# Benchmarks

Written by `{command}` (bench/run.py) on {dt.date.today():%Y-%m-%d} at commit `{m["commit"]}`.
Do not edit by hand: run it again.

| machine | |
|---|---|
| CPU | {m["cpu"]} |
| memory | {m["memory"]} |
| OS | {m["os"]} |
| Python / Django | {m["python"]} / {m["django"]} |
| SQLite | {m["sqlite"]} |
| PostgreSQL | {pg_text} |

## Imports

{_md_table(IMPORT_HEADER, import_rows(figures))}
{watch_section}
## People list page ({n:,} people, page of 50, sorted by Vietnamese name)

{listed}

## What the figures say

{said}

## How each figure was measured

- **Data.** `bench/generate.py` writes a deterministic synthetic province
  ({figures["files"]["unit_count"]:,} units: the Party committee and its boards, the People's
  Committee's departments with divisions, sub-departments, centres, schools and hospitals,
  the Front and mass organisations, training institutions, and 120 communes with 3–5 units
  each) and people with Vietnamese names with diacritics, categories that fit their unit,
  leadership posts, ranks, national IDs and all six qualification dimensions (4.3 stored
  qualifications a person), one row at a time. Every file is imported with
  `--as-of {AS_OF}`.
- **Imports.** Each database starts empty (the PostgreSQL databases are dropped and
  created), then `dtbd migrate` and `dtbd import units` run, then the timed
  `dtbd import people FILE` — the whole command as a subprocess (interpreter start, Django
  setup, reading, validating, writing, commit). *Wall* is `time.perf_counter` around the
  process; *CPU* (user + system) and *peak RSS* (`ru_maxrss`) are that one process's, from
  `os.wait4`, so they are the import's own and nothing else's; *other load* is the CPU
  the whole machine spent meanwhile (`/proc/stat`) less the import's and its PostgreSQL
  server process's, per second of wall time. The re-import runs the same file against
  the database it just filled and must answer `unchanged {n:,}`. Bytecode caches are
  allowed, as on an installed system.
- **List page.** On the {n:,}-person databases ({
        "SQLite, and PostgreSQL after `ANALYZE`" if not args.skip_postgres else "SQLite"
    }): {list_how} Each filter combination runs 2 warm-up requests, then {args.requests} timed
  ones; median and p95 (nearest rank) are reported. *matches* is the row count the page
  shows.
- The whole run took {figures["total_seconds"]:.0f} s.
"""


if __name__ == "__main__":
    main()
