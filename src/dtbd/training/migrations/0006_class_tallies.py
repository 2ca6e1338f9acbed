"""Each class's counts of enrolments, kept by triggers on the enrolments (training.tallies,
ADR 0012), filled once here from the enrolments there are."""

import django.db.models.deletion
from django.db import migrations, models


def install(apps, schema_editor):
    from dtbd.training import tallies

    tallies.install(schema_editor)
    tallies.rebuild()


def uninstall(apps, schema_editor):
    from dtbd.training import tallies

    tallies.uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0005_enrolment_learner_stamps'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClassTally',
            fields=[
                ('course', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='training.course')),
                ('enrolled', models.IntegerField(default=0, verbose_name='enrolments counted')),
                ('completed', models.IntegerField(default=0, verbose_name='completed')),
            ],
            options={
                'verbose_name': 'class tally',
                'verbose_name_plural': 'class tallies',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
