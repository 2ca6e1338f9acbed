"""Seed the general administrative ranks (ngạch hành chính); administrators add others."""

from django.db import migrations

RANKS = [
    ("01.001", "Chuyên viên cao cấp"),
    ("01.002", "Chuyên viên chính"),
    ("01.003", "Chuyên viên"),
    ("01.004", "Cán sự"),
    ("01.005", "Nhân viên"),
]


def seed(apps, schema_editor):
    Rank = apps.get_model("people", "Rank")
    for code, name in RANKS:
        Rank.objects.get_or_create(code=code, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("people", "Rank").objects.filter(code__in=[c for c, _ in RANKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
