"""A result version the patient no longer sees because a newer version was released to them
(`replaced_for_patient`). Existing corrections that were released get it now, and the timeline
lines of the versions they replaced are withdrawn from the patient, as `release_result` does
from now on."""

from typing import Any

from django.conf import settings
from django.db import migrations, models

#: The result models and their timeline `source_type` suffix (`ResultBase.KIND`).
_KINDS = {"PetScan": "pet", "ImagingStudy": "imaging", "Endoscopy": "endoscopy",
          "LabResult": "lab", "PathologyReport": "pathology", "ClinicalAssessment": "assessment"}


def replace_released_versions(apps: Any, schema_editor: Any) -> None:
    """Mark each released version that a newer released version corrects. Corrections are
    few: only the rows of version chains are read."""
    timeline = apps.get_model("patients", "TimelineEntry")
    patients: set[int] = set()
    for name, kind in _KINDS.items():
        model = apps.get_model("workup", name)
        rows = list(model.objects.filter(models.Q(is_current=False) | models.Q(version__gt=1))
                    .values_list("id", "supersedes_id", "released_to_patient", "patient_id"))
        newer = {older: pk for pk, older, _, _ in rows if older is not None}
        released = {pk for pk, _, shown, _ in rows if shown}
        replaced: list[int] = []
        for pk, _, shown, patient_id in rows:
            later = newer.get(pk)
            while shown and later is not None:
                if later in released:
                    replaced.append(pk)
                    patients.add(patient_id)
                    break
                later = newer.get(later)
        if replaced:
            model.objects.filter(pk__in=replaced).update(replaced_for_patient=True)
            timeline.objects.filter(source_type=f"workup.{kind}",
                                    source_id__in=[str(pk) for pk in replaced]).update(
                released_to_patient=False)
    # SQLite drops a table's chart-version triggers when a migration rebuilds it (they are put
    # back after `migrate`), so these charts' cached bodies are made stale here by hand.
    with schema_editor.connection.cursor() as cursor:
        for patient_id in sorted(patients):
            cursor.execute(
                "INSERT INTO patients_chartversion (patient_id, version) VALUES (%s, 1) "
                "ON CONFLICT (patient_id) DO UPDATE SET version = patients_chartversion.version + 1",
                [patient_id])


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0008_labels_in_words'),
        ('workup', '0004_labels_in_words'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='clinicalassessment',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='endoscopy',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='imagingstudy',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='labresult',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='pathologyreport',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='petscan',
            name='replaced_for_patient',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddConstraint(
            model_name='clinicalassessment',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='clinicalassessment_replaced_was_released_and_corrected'),
        ),
        migrations.AddConstraint(
            model_name='endoscopy',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='endoscopy_replaced_was_released_and_corrected'),
        ),
        migrations.AddConstraint(
            model_name='imagingstudy',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='imagingstudy_replaced_was_released_and_corrected'),
        ),
        migrations.AddConstraint(
            model_name='labresult',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='labresult_replaced_was_released_and_corrected'),
        ),
        migrations.AddConstraint(
            model_name='pathologyreport',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='pathologyreport_replaced_was_released_and_corrected'),
        ),
        migrations.AddConstraint(
            model_name='petscan',
            constraint=models.CheckConstraint(condition=models.Q(('replaced_for_patient', False), models.Q(('is_current', False), ('released_to_patient', True)), _connector='OR'), name='petscan_replaced_was_released_and_corrected'),
        ),
        migrations.RunPython(replace_released_versions, migrations.RunPython.noop),
    ]
