"""Each class's learners beside its counts (training.tallies, ADR 0012): the column, the
triggers that keep all three, and the table filled from the enrolments there are.

Going back drops the triggers: migrating forward again rebuilds the tallies."""

from django.db import migrations, models


def drop_counts_only(apps, schema_editor):
    """The triggers 0006 installed, on databases that ran it before the learners were added
    (SQLite could not rebuild the table for the new column while triggers name it)."""
    from dtbd.training import tallies

    tallies.uninstall(schema_editor)


def install(apps, schema_editor):
    from dtbd.training import tallies

    tallies.install(schema_editor)
    tallies.rebuild()


def uninstall(apps, schema_editor):
    from dtbd.training import tallies

    tallies.uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0006_class_tallies"),
    ]

    operations = [
        migrations.RunPython(drop_counts_only, migrations.RunPython.noop),
        migrations.AddField(
            model_name="classtally",
            name="learners",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="learners"),
        ),
        migrations.RunPython(install, uninstall),
    ]
