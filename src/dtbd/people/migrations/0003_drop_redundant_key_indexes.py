"""Drop the single-column indexes Django adds to foreign keys where a composite index already
leads with the key (post_one_per_start, post_unit_period_idx, qualification_one_per_start).

Each one cost every imported post or qualification another index insert; docs/benchmarks.md.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_initial'),
        ('people', '0002_seed_ranks'),
    ]

    operations = [
        migrations.AlterField(
            model_name='post',
            name='person',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='people.person'),
        ),
        migrations.AlterField(
            model_name='post',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='posts', to='organisation.unit', verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='qualification',
            name='person',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='qualifications', to='people.person'),
        ),
    ]
