"""How long live plan fulfilment takes, checked against the pages' listings of the same rows.

    DTBD_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/dtbd_plans_bench \\
        .venv/bin/python bench/plans_fulfilment.py [--people 20000] [--per-person 10]

Builds (in the database named, emptied first) a province of 10 districts of 10 communes,
`--people` people of whom a third move commune on 2024-07-01, classes of four categories
and `--per-person` completed enrolments each in 2023–2025; then times, for the province's
and one district's 2024 plan, `version_fulfilment` (what the page, the API and the report
call: grouped joins) and checks its figures against the ORM's correlated-EXISTS listings of
the same completions, timing those too. Prints one line per case.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CATEGORIES = ("state_management_principal", "political_theory_intermediate", "it",
              "knowledge_update")  # fmt: skip


def build(people: int, per_person: int) -> tuple:
    from django.db import transaction

    from dtbd.core.dates import END
    from dtbd.organisation.services import unit_create
    from dtbd.people import standings
    from dtbd.people.models import Person, Post
    from dtbd.training.models import Course, Enrolment

    rng = random.Random(7)
    root = unit_create(actor="bench", code="B", name="Tỉnh", level="province", kind="area",
                       parent=None, valid_from=None, valid_to=None)  # fmt: skip
    districts, communes = [], []
    for d in range(10):
        district = unit_create(actor="bench", code=f"B.{d}", name=f"Huyện {d}", level="district",
                               kind="area", parent=root, valid_from=None, valid_to=None)  # fmt: skip
        districts.append(district)
        for c in range(10):
            communes.append(unit_create(actor="bench", code=f"B.{d}.{c}", name=f"Xã {c}",
                                        level="commune", kind="area", parent=district,
                                        valid_from=None, valid_to=None))  # fmt: skip
    Person.objects.bulk_create(
        Person(code=f"BP{i:07d}", full_name="Nguyễn Văn An", given_name="An", sort_key=b"a",
               search_name="nguyen van an", birth_date=dt.date(1980, 1, 1), gender="male")
        for i in range(people)
    )  # fmt: skip
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    move = dt.date(2024, 7, 1)
    posts = []
    for pk in ids:
        first = rng.choice(communes)
        if rng.random() < 1 / 3:
            posts.append(Post(person_id=pk, unit=first, category="civil_servant",
                              valid_from=dt.date(2020, 1, 1), valid_to=move - dt.timedelta(1),
                              source="import"))  # fmt: skip
            posts.append(Post(person_id=pk, unit=rng.choice(communes), category="civil_servant",
                              valid_from=move, valid_to=END, source="import"))  # fmt: skip
        else:
            posts.append(Post(person_id=pk, unit=first, category="civil_servant",
                              valid_from=dt.date(2020, 1, 1), valid_to=END, source="import"))  # fmt: skip
    Post.objects.bulk_create(posts, batch_size=5000)
    with transaction.atomic():  # bulk_create skips the services' standings (ADR 0010)
        standings.refresh(p.person_id for p in posts)
    courses = []
    for n in range(max(people * per_person // 200, len(CATEGORIES))):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1000))
        courses.append(Course(course_code=f"BC{n:06d}", name="Lớp", organizer_unit=root,
                              program_category=CATEGORIES[n % len(CATEGORIES)],
                              start_date=start, end_date=start + dt.timedelta(days=20)))  # fmt: skip
    Course.objects.bulk_create(courses, batch_size=5000)
    course_rows = list(Course.objects.values_list("pk", "end_date"))
    enrolments, seen = [], set()
    for pk in ids:
        for course_id, end in rng.sample(course_rows, per_person):
            if (course_id, pk) in seen:
                continue
            seen.add((course_id, pk))
            enrolments.append(Enrolment(course_id=course_id, person_id=pk, status="completed",
                                        completed_on=end))  # fmt: skip
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    return root, districts[0], len(enrolments)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--per-person", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dtbd.plans.fulfilment import target_completions, version_fulfilment
    from dtbd.plans.rules import PlanFacts, TargetLine
    from dtbd.plans.selectors import version_get
    from dtbd.plans.services import plan_create

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    root, district, count = build(args.people, args.per_person)
    print(
        f"built {args.people} people, {count} completions in {time.perf_counter() - started:.1f} s"
    )
    year = PlanFacts("year", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    targets = [TargetLine(c, 1000) for c in CATEGORIES]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for unit in (root, district):
        plan = plan_create(actor="bench", code=f"KH-{unit.code}", unit=unit, facts=year,
                           targets=targets)  # fmt: skip
        version = version_get(plan=plan)
        version_fulfilment(plan, version)  # warm-up
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rows = version_fulfilment(plan, version)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for row in rows:  # the other formulation: the ORM's EXISTS, as the pages list them
            listed = target_completions(plan, version, row.target).count()
            assert row.actual == listed, (row.target.program_category, row.actual, listed)
        orm = (time.perf_counter() - t0) * 1000
        print(f"{connection.vendor} plan of {unit.code}: {len(rows)} targets, actual "
              f"{sum(r.actual for r in rows)}, median {statistics.median(times) * 1000:.0f} ms "
              f"for target+nominated+actual; the EXISTS listings' counts agree "
              f"({orm:.0f} ms for the actuals alone)")  # fmt: skip


if __name__ == "__main__":
    main()
