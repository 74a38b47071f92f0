"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('program', '0002_program_settings'),
    ]

    operations = [
        migrations.AlterField(
            model_name='programsettings',
            name='id',
            field=models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False, verbose_name='ID'),
        ),
    ]
