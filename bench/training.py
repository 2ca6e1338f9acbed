"""Time the training figures of issue 5 on SQLite (or the DTBD_DATABASE_URL given).

    .venv/bin/python bench/training.py [--people 20000] [--enrolments 100000]

1. A fresh database in a temporary data folder: the bench tree (bench/generate.py) and
   `--people` people are imported with `dtbd import` (not timed).
2. A courses file of 500 classes and an enrolments file of `--enrolments` rows (200 learners a
   class, 60 % completed with a completion date, so 60 % confer a level) are written.
3. Timed: `dtbd import enrolments FILE` as a subprocess, the whole process (target < 15 s).
4. Timed in-process: `course_complete` of one running class of 200 approved learners, with
   conferral, numbered certificates and audit rows (target < 2 s).
"""

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

BIN = Path(sys.executable).parent
DTBD = str(BIN / "dtbd")
AS_OF = "2026-01-01"
CATEGORIES = [
    "political_theory_basic",
    "political_theory_intermediate",
    "state_management_specialist",
    "defense_security_4",
    "knowledge_update",
    "it",
]


def run(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([DTBD, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"dtbd {' '.join(args)} failed:\n{done.stderr[:3000]}")
    return seconds, done.stdout.strip()


def write_files(folder: Path, people: int, enrolments: int, specs) -> tuple[Path, Path]:
    rnd = random.Random(5)
    codes = [f"SH{i + 1:07d}" for i in range(people)]
    organisers = [u.code for u in specs if u.level == "province"][:20]
    courses = folder / "courses.csv"
    per_class = 200
    count = max(1, enrolments // per_class)
    starts = {}
    with open(courses, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "course_code",
                "name",
                "program_category",
                "organizer_unit_code",
                "start_date",
                "end_date",
                "mode",
                "capacity",
            ]
        )
        for n in range(count):
            start = dt.date(2021, 1, 4) + dt.timedelta(days=3 * n)
            starts[n] = start
            writer.writerow(
                [
                    f"BC{n:05d}",
                    f"Lớp bồi dưỡng số {n}",
                    CATEGORIES[n % len(CATEGORIES)],
                    organisers[n % len(organisers)],
                    start,
                    start + dt.timedelta(days=30),
                    "concentrated",
                    per_class,
                ]
            )
    path = folder / "enrolments.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["course_code", "person_code", "status", "completed_on", "score", "certificate_no"]
        )
        for n in range(count):
            for person in rnd.sample(codes, per_class):
                if rnd.random() < 0.6:
                    done = starts[n] + dt.timedelta(days=30)
                    writer.writerow(
                        [f"BC{n:05d}", person, "completed", done, rnd.randint(50, 100) / 10, ""]
                    )
                else:
                    writer.writerow(
                        [
                            f"BC{n:05d}",
                            person,
                            rnd.choice(["failed", "withdrawn", "approved"]),
                            "",
                            "",
                            "",
                        ]
                    )
    return courses, path


def complete_a_class(env: dict) -> float:
    """In a child process (its own Django setup on the bench database)."""
    code = r"""
import time, datetime as dt, django
django.setup()
from django.db import transaction
from dtbd.organisation.models import Unit
from dtbd.people.models import Person
from dtbd.training.models import Enrolment
from dtbd.training.services import course_create, course_set_status
from dtbd.training.results import Result, course_complete
organiser = Unit.objects.get(code="SH.TU")
course = course_create(actor="bench", course_code="BENCH-200", name="Trung cấp LLCT (bench)",
    program_category="political_theory_intermediate", organizer_unit=organiser,
    start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 9, 30), capacity=200)
course = course_set_status(actor="bench", course=course, status="open")
people = list(Person.objects.order_by("-code").values_list("pk", flat=True)[:200])
Enrolment.objects.bulk_create([Enrolment(course=course, person_id=p, status="approved") for p in people])
course = course_set_status(actor="bench", course=course, status="running")
results = {e: Result(True) for e in Enrolment.objects.filter(course=course).values_list("pk", flat=True)}
started = time.perf_counter()
summary = course_complete(actor="bench", course=course, completed_on=dt.date(2025, 9, 30), results=results)
print(time.perf_counter() - started, summary)
"""
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    seconds, summary = done.stdout.strip().split(" ", 1)
    print(f"  completing a class of 200: {float(seconds):.2f} s  {summary}")
    return float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument(
        "--markdown", action="store_true", help="print a section for docs/benchmarks.md at the end"
    )
    args = parser.parse_args()
    figures: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="dtbd-bench-training-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "DTBD_DATA_DIR": str(folder),
            "DJANGO_SETTINGS_MODULE": "dtbd.settings",
        }
        run(env, "migrate", "-v0")
        specs = generate.units()
        generate.write_units(folder / "units.csv", specs)
        generate.write_people_csv(folder / "people.csv", args.people, specs)
        run(env, "import", "units", str(folder / "units.csv"), "--as-of", "2020-01-01")
        run(env, "import", "people", str(folder / "people.csv"), "--as-of", "2020-01-01")
        courses, enrolments = write_files(folder, args.people, args.enrolments, specs)
        seconds, summary = run(env, "import", "courses", str(courses), "--as-of", AS_OF)
        print(f"  courses import: {seconds:.2f} s  {summary}")
        seconds, summary = run(env, "import", "enrolments", str(enrolments), "--as-of", AS_OF)
        figures.append(
            (f"{args.enrolments:,} enrolments, CSV → SQLite ({summary})", f"{seconds:.1f} s",
             "< 15 s ✅" if seconds < 15 else "< 15 s ❌")
        )  # fmt: skip
        verdict = "met" if seconds < 15 else "MISSED"
        print(
            f"  enrolments import ({args.enrolments:,} rows): {seconds:.2f} s  {summary}  target < 15 s: {verdict}"
        )
        seconds, summary = run(env, "import", "enrolments", str(enrolments), "--as-of", AS_OF)
        print(f"  the same file again: {seconds:.2f} s  {summary}")
        figures.append((f"the same file again ({summary})", f"{seconds:.1f} s", "—"))
        complete = complete_a_class(env)
        print(f"  target < 2 s: {'met' if complete < 2 else 'MISSED'}")
        figures.append(
            ("completing a class of 200 (conferral, certificates, audit)", f"{complete:.2f} s",
             "< 2 s ✅" if complete < 2 else "< 2 s ❌")
        )  # fmt: skip
    if args.markdown:
        print(markdown(args, figures))


def markdown(args: argparse.Namespace, figures: list[tuple[str, str, str]]) -> str:
    lines = [
        "## Classes (issue 5)",
        "",
        f"SQLite, a province of {args.people:,} people imported first (not timed), "
        "500 classes, 200 learners a class, 60 % completed (each completion confers a level).",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        *(f"| {what} | {value} | {target} |" for what, value, target in figures),
        "",
        "- *Imports* are the whole `dtbd import enrolments FILE` process, timed around it.",
        "- *Completing a class* is `course_complete` in-process on one running class of 200 "
        "approved learners: results, conferral that only raises, numbered certificates and "
        "the audit rows, in one transaction.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
