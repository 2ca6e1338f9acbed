"""Discipline at reprimand level (severity 1) or above takes a person out of the pool."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("careers", "CareerRule").objects.create(
        code="pool_discipline_removes_from",
        scope="",
        value=1,  # careers.models.SEVERITY["reprimand"]
        valid_from=dt.date(2021, 12, 27),
        valid_to=dt.date(9999, 12, 31),
        source="Quy định 50-QĐ/TW (2021)",
        note="severity: 1 reprimand, 2 warning, 3 salary downgrade, 4 demotion, 5 dismissal",
    )


def unseed(apps, schema_editor):
    apps.get_model("careers", "CareerRule").objects.filter(
        code="pool_discipline_removes_from"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("careers", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]
