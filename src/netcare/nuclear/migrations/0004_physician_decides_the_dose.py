"""A PRRT dose is decided by a nuclear-medicine physician; the labs only suggest it.

The label table's output moves from `decision` to `suggestion`. A cycle still open (planned or
checklist complete) loses the decision the labs made for it and waits for a physician's; a
cycle already given, withheld or discontinued keeps it, as the record of what happened.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _suggestions_from_decisions(apps, schema_editor):
    PrrtCycle = apps.get_model("nuclear", "PrrtCycle")
    patients = set()
    for cycle in PrrtCycle.objects.select_related("course"):
        if "action" not in (cycle.decision or {}):
            continue
        cycle.suggestion = dict(cycle.decision)
        if cycle.status in ("planned", "ready"):
            cycle.decision = {k: cycle.decision[k] for k in ("withheld_for", "history")
                              if k in cycle.decision}
            cycle.status = "planned"
            patients.add(cycle.course.patient_id)
        cycle.save(update_fields=["suggestion", "decision", "status"])
    # SQLite drops a table's chart-version triggers when a migration rebuilds it (they are put
    # back after `migrate`), so the charts showing these cycles are made stale here by hand.
    with schema_editor.connection.cursor() as cursor:
        for patient_id in sorted(patients):
            cursor.execute(
                "INSERT INTO patients_chartversion (patient_id, version) VALUES (%s, 1) "
                "ON CONFLICT (patient_id) DO UPDATE SET version = patients_chartversion.version + 1",
                [patient_id])


class Migration(migrations.Migration):

    dependencies = [
        ('nuclear', '0003_labels_in_words'),
        ('patients', '0003_chart_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='prrtcycle',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='prrtcycle',
            name='decided_by',
            field=models.ForeignKey(blank=True, help_text='the nuclear-medicine physician who decided the dose', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='prrtcycle',
            name='suggestion',
            field=models.JSONField(blank=True, default=dict, help_text="the label table's suggestion from the labs (dose_modification output, its inputs and source): decision support, not a decision"),
        ),
        migrations.AlterField(
            model_name='prrtcycle',
            name='decision',
            field=models.JSONField(blank=True, default=dict, help_text="the physician's dose decision (action, activity, reason); between labs and a decision it keeps only what the course's history needs (withheld_for, history)"),
        ),
        migrations.RunPython(_suggestions_from_decisions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='prrtcycle',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_at__isnull', True), ('decided_by__isnull', True)), models.Q(('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='prrt_cycle_decision_has_who_and_when'),
        ),
    ]
