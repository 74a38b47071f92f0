"""On PostgreSQL, name search reads `search_name` in the C collation (byte order), where a range
[prefix, next prefix) is exactly "starts with prefix" under any database collation, so one
index serves the match, the order and the LIMIT. It replaces the pattern-ops twin of 0002,
with which the planner misjudged LIKE plus range and sorted thousands of rows per search."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS patient_search_name_c_idx '
            'ON patients_patient ((search_name COLLATE "C"), id)'
        )
        schema_editor.execute("DROP INDEX IF EXISTS patient_search_name_pattern_idx")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS patient_search_name_pattern_idx "
            "ON patients_patient (search_name varchar_pattern_ops)"
        )
        schema_editor.execute("DROP INDEX IF EXISTS patient_search_name_c_idx")


class Migration(migrations.Migration):
    dependencies = [("patients", "0003_chart_version")]
    operations = [migrations.RunPython(create, drop)]
