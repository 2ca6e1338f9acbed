"""Time the gap summary of a synthetic 100,000-person province on PostgreSQL.

    DTBD_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/dtbd_standards_bench \
        .venv/bin/dtbd migrate -v0
    DTBD_DATABASE_URL=... .venv/bin/python bench/standards_gaps.py [PEOPLE]

The data are made inside PostgreSQL with generate_series (a province, 200 units under it,
one post per person with a rank or a leadership post, three qualifications each), then the
demo's standards are loaded and `gaps.summary` is timed for the province and for one unit.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from dtbd.accounts.policy import policy_for  # noqa: E402
from dtbd.core.dates import today  # noqa: E402
from dtbd.organisation.models import Unit  # noqa: E402
from dtbd.standards import gaps  # noqa: E402
from dtbd.standards.demo import STANDARDS  # noqa: E402
from dtbd.standards.services import standard_create, standard_version_add  # noqa: E402

SQL = """
INSERT INTO organisation_unit (code, valid_from, valid_to, version, created_at, updated_at)
  SELECT 'B' || i, '1900-01-01', '9999-12-31', 1, now(), now() FROM generate_series(0, 200) i;
INSERT INTO organisation_unitversion (unit_id, name, level, kind, parent_id, valid_from, valid_to)
  SELECT u.id, 'Đơn vị ' || u.code, CASE WHEN u.code = 'B0' OR u.code < 'B5' THEN 'province'
         ELSE 'commune' END, 'state',
         CASE WHEN u.code = 'B0' THEN NULL ELSE (SELECT id FROM organisation_unit WHERE code='B0') END,
         '1900-01-01', '9999-12-31'
  FROM organisation_unit u WHERE u.code LIKE 'B%%';
INSERT INTO people_person (code, full_name, given_name, sort_key, search_name, birth_date, gender,
                           ethnicity, version, created_at, updated_at)
  SELECT 'BP' || i, 'Người ' || i, 'Người', '\\x00'::bytea, 'nguoi', '1980-01-01', 'male', '', 1,
         now(), now() FROM generate_series(1, %(n)s) i;
INSERT INTO people_post (person_id, unit_id, category, leadership, rank_code, position_code,
                         valid_from, valid_to, source, source_ref)
  SELECT p.id, (SELECT id FROM organisation_unit WHERE code = 'B' || (1 + p.id %% 200)),
         'civil_servant', CASE WHEN p.id %% 20 = 0 THEN 'head' WHEN p.id %% 10 = 0 THEN 'deputy'
         ELSE 'none' END, (ARRAY['01.001','01.002','01.003','01.003','01.004'])[1 + p.id %% 5],
         '', '2020-01-01', '9999-12-31', 'import', ''
  FROM people_person p WHERE p.code LIKE 'BP%%';
INSERT INTO people_qualification (person_id, dimension, level, valid_from, valid_to, source,
                                  source_ref, certificate_no, institution)
  SELECT p.id, d.dimension, d.levels[1 + (p.id * 7 + d.k) %% array_length(d.levels, 1)],
         '2020-01-01', '9999-12-31', 'import', '', '', ''
  FROM people_person p CROSS JOIN (VALUES
    ('professional', ARRAY['master','university','university','college'], 1),
    ('political_theory', ARRAY['advanced','intermediate','basic'], 2),
    ('state_management', ARRAY['senior_specialist','principal_specialist','specialist'], 3)
  ) AS d(dimension, levels, k) WHERE p.code LIKE 'BP%%';
"""


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if not Unit.objects.filter(code="B0").exists():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(SQL, {"n": n})
            from dtbd.organisation.ancestry import ancestry_rebuild

            ancestry_rebuild()
            for kind, code, level, name, versions in STANDARDS:
                s = standard_create(
                    actor="bench", kind=kind, code=code, unit_level=level, name=name
                )
                for valid_from, document, requirements in versions:
                    standard_version_add(actor="bench", standard=s, valid_from=valid_from,
                                         document=document, requirements=requirements)  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    scope = policy_for("bench")
    root = Unit.objects.get(code="B0")
    one = Unit.objects.get(code="B7")
    for label, unit, children in (("province", root, False), ("province + units", root, True),
                                  ("one unit", one, True)):  # fmt: skip
        times = []
        for _ in range(3):
            started = time.perf_counter()
            s = gaps.summary(scope=scope, on=today(), unit_id=unit.pk, children=children)
            times.append(time.perf_counter() - started)
        print(f"{label}: {s.people} people, {s.standardised} standardised, "
              f"best {min(times) * 1000:.0f} ms of {len(times)}")  # fmt: skip


if __name__ == "__main__":
    main()
