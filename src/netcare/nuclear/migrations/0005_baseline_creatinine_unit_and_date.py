"""The baseline creatinine of a PRRT course carries its unit and the day it was measured, so
each cycle's creatinine is entered in the same unit (courses started before keep neither)."""

from django.conf import settings
from django.db import migrations, models


def _drop_cycle_triggers(apps, schema_editor):
    """SQLite: the chart-version triggers on nuclear_prrtcycle read nuclear_prrtcourse, and
    SQLite refuses to rebuild that table (as it must to add these columns and the check) while
    they exist. They go here and come back after `migrate` (chart_cache.install_triggers on
    post_migrate); no row changes in between."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for operation in ("insert", "update", "delete"):
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS netcare_chart_touch_nuclear_prrtcycle_{operation}")


class Migration(migrations.Migration):

    dependencies = [
        ('nuclear', '0004_physician_decides_the_dose'),
        ('patients', '0008_labels_in_words'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The triggers are dropped first both ways: forwards before the rebuild, backwards (the
    # last operation runs first) before the rebuild is undone.
    operations = [
        migrations.RunPython(_drop_cycle_triggers, _drop_cycle_triggers),
        migrations.AddField(
            model_name='prrtcourse',
            name='baseline_creatinine_on',
            field=models.DateField(blank=True, null=True, verbose_name='baseline creatinine measured on'),
        ),
        migrations.AddField(
            model_name='prrtcourse',
            name='baseline_creatinine_unit',
            field=models.CharField(blank=True, choices=[('mg/dL', 'mg/dL'), ('µmol/L', 'µmol/L')], help_text="the unit of the baseline and of each cycle's creatinine (only their ratio is judged); empty on courses started before netcare asked for it", max_length=10),
        ),
        migrations.AddConstraint(
            model_name='prrtcourse',
            constraint=models.CheckConstraint(condition=models.Q(('baseline_creatinine__isnull', False), models.Q(('baseline_creatinine_unit', ''), ('baseline_creatinine_on__isnull', True)), _connector='OR'), name='prrt_baseline_unit_and_date_need_a_value'),
        ),
        migrations.RunPython(_drop_cycle_triggers, _drop_cycle_triggers),
    ]
