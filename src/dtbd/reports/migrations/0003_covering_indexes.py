"""Covering indexes for the as-of reports, on the people app's tables (ADR 0006).

A report for one province probes, for each of its ~100,000 people, the qualification row of a
dimension valid on the date, and reads the posts of ~650 units. With these indexes both are
index-only scans (no heap fetch): on the 2.5M-person benchmark country one province's
breakdown fell from about 2.1 s to 0.8 s on a loaded machine. Plain composite indexes (no
INCLUDE) so that SQLite builds the same ones. Django's model state does not know them (they
belong to another app's tables), so makemigrations leaves them alone.
"""

from django.db import migrations

INDEXES = {
    "reports_qualification_held_idx": (
        "people_qualification (person_id, dimension, valid_from, valid_to, level)"
    ),
    "reports_post_unit_cover_idx": (
        "people_post (unit_id, valid_from, valid_to, person_id, category, leadership)"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_term_targets"),
        ("people", "0003_drop_redundant_key_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
