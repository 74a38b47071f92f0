"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_drop_redundant_foreign_key_indexes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['-occurred_at', '-id'], 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='object_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='object ID'),
        ),
    ]
