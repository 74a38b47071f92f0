"""On PostgreSQL, MRN search reads `mrn` in the C collation too (as names since 0004): a range
[prefix, next prefix) in byte order is exactly "starts with prefix", and, unlike a LIKE
pattern, it takes the search's values as plain parameters of SQL compiled once."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS patient_mrn_c_idx ON patients_patient ((mrn COLLATE "C"))'
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS patient_mrn_c_idx")


class Migration(migrations.Migration):
    dependencies = [("patients", "0005_drop_redundant_foreign_key_indexes")]
    operations = [migrations.RunPython(create, drop)]
