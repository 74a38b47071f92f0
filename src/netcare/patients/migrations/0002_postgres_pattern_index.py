"""On PostgreSQL, LIKE 'prefix%' needs a pattern-ops index under a non-C collation."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS patient_search_name_pattern_idx "
            "ON patients_patient (search_name varchar_pattern_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS patient_mrn_pattern_idx "
            "ON patients_patient (mrn varchar_pattern_ops)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS patient_search_name_pattern_idx")
        schema_editor.execute("DROP INDEX IF EXISTS patient_mrn_pattern_idx")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
