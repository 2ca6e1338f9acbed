"""Each class's counts of enrolments (training.tallies, ADR 0012). The triggers that keep
them are installed, and the table filled, by 0007 (which first drops the triggers this
migration installed before the learners were added, on databases that ran it then)."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
