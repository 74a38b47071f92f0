"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tumorboard', '0002_recommendation_versions_and_rediscussion'),
    ]

    operations = [
        migrations.AlterField(
            model_name='boardseries',
            name='cutoff_hours',
            field=models.PositiveSmallIntegerField(default=48, help_text='submissions close this many hours before the meeting', verbose_name='submission cut-off (hours)'),
        ),
        migrations.AlterField(
            model_name='boardseries',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=60, verbose_name='duration (minutes)'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=60, verbose_name='duration (minutes)'),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='follow_up_kind',
            field=models.CharField(choices=[('treatment', 'Treatment'), ('appointment', 'Appointment'), ('workup', 'Workup (imaging, laboratory, pathology)'), ('rediscuss', 'Re-discussion at the board')], max_length=12, verbose_name='recommended action'),
        ),
        migrations.AlterField(
            model_name='recommendationversion',
            name='follow_up_kind',
            field=models.CharField(choices=[('treatment', 'Treatment'), ('appointment', 'Appointment'), ('workup', 'Workup (imaging, laboratory, pathology)'), ('rediscuss', 'Re-discussion at the board')], max_length=12, verbose_name='recommended action'),
        ),
    ]
