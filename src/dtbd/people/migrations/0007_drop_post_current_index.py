"""Posts current on a date are no longer looked up by their end date: the people list, the
reports and the home page read standings (ADR 0010). The index only slowed imports (about 7 %
of a 100,000-person SQLite import)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0006_standing_unit_index_holds_category'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='post',
            name='post_current_idx',
        ),
    ]
