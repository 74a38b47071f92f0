"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0007_timelineentry_recorded_at'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='timelineentry',
            options={'ordering': ['-occurred_at', '-id'], 'verbose_name_plural': 'timeline entries'},
        ),
        migrations.AlterField(
            model_name='chartversion',
            name='patient_id',
            field=models.BigIntegerField(primary_key=True, serialize=False, verbose_name='patient ID'),
        ),
        migrations.AlterField(
            model_name='timelineentry',
            name='source_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='source ID'),
        ),
    ]
