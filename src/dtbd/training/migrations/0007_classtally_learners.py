"""Each class's learners beside its counts (training.tallies, ADR 0012): the column, the
triggers that keep all three, and the table filled from the enrolments there are.

Going back drops the triggers: migrating forward again rebuilds the tallies."""

from django.db import migrations, models


def install(apps, schema_editor):
    from dtbd.training import tallies

    tallies.uninstall(schema_editor)  # those 0006 installed, on databases that ran it then
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
        migrations.AddField(
            model_name="classtally",
            name="learners",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="learners"),
        ),
        migrations.RunPython(install, uninstall),
    ]
