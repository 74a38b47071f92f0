"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveillance', '0002_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='followup',
            options={'ordering': ['due_on', 'id'], 'verbose_name': 'follow-up'},
        ),
        migrations.AlterField(
            model_name='surveillanceplan',
            name='routine_follow_up',
            field=models.BooleanField(verbose_name='routine follow-up'),
        ),
    ]
