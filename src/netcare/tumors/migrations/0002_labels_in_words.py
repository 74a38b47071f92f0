"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tumors', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='tumor',
            name='m',
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name='M'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='n',
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name='N'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='override_m',
            field=models.CharField(blank=True, max_length=4, verbose_name='override M'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='override_n',
            field=models.CharField(blank=True, max_length=4, verbose_name='override N'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='override_t',
            field=models.CharField(blank=True, max_length=8, verbose_name='override T'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='size_cm',
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name='size (cm)'),
        ),
        migrations.AlterField(
            model_name='tumor',
            name='t',
            field=models.CharField(blank=True, editable=False, max_length=8, verbose_name='T'),
        ),
    ]
