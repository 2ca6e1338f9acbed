"""Drop the `varchar_pattern_ops` indexes Django adds on PostgreSQL beside the unique indexes
of a person's code and national ID. They serve LIKE 'prefix%' lookups, which nothing asks of
these columns (people are found by exact code or by their folded name), and each cost every
imported person two more index inserts. SQLite has no such indexes."""

from django.db import migrations

COLUMNS = ("code", "national_id")


def _names(schema_editor):
    return [
        schema_editor._create_index_name("people_person", [column], suffix="_like")
        for column in COLUMNS
    ]


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _names(schema_editor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in zip(_names(schema_editor), COLUMNS, strict=True):
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "people_person" ("{column}" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_drop_post_current_index'),
    ]

    operations = [migrations.RunPython(drop, create, elidable=False)]
