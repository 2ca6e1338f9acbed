"""Each completion carries where the learner stood that day (ADR 0011), filled from the
standings by today's training.stamps (derived data: a later change of these columns must
stamp again)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from dtbd.training import stamps

    stamps.stamp(None)


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_initial'),
        ('people', '0005_drop_qualification_level_index'),
        ('training', '0004_enrolment_person_completed_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrolment',
            name='learner_leadership',
            field=models.CharField(blank=True, db_default='', max_length=16, verbose_name="learner's leadership post then"),
        ),
        migrations.AddField(
            model_name='enrolment',
            name='learner_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.unit', verbose_name="learner's unit on completion"),
        ),
        migrations.AddField(
            model_name='enrolment',
            name='learner_unit_level',
            field=models.CharField(blank=True, db_default='', max_length=16, verbose_name='its level then'),
        ),
        # filled before the index is made: a country's 20 million rows
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(condition=models.Q(('learner_unit__isnull', False), ('status', 'completed')), fields=['learner_unit', 'completed_on', 'course', 'learner_unit_level', 'learner_leadership'], name='enrolment_learner_unit_idx'),
        ),
    ]
