"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0002_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='treatment',
            name='interval_days',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='interval (days)'),
        ),
    ]
