"""Drop the covering indexes of 0003: reports read people.Standing now (ADR 0010), and every
imported post and qualification paid for them."""

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
        ("reports", "0003_covering_indexes"),
        ("people", "0004_standings"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {name}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
        )
        for name, target in INDEXES.items()
    ]
