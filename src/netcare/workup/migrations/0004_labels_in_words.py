"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workup', '0003_pet_lowest_krenning_score'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='endoscopy',
            options={'ordering': ['-performed_on', '-id'], 'verbose_name_plural': 'endoscopies'},
        ),
        migrations.AlterModelOptions(
            name='imagingstudy',
            options={'ordering': ['-performed_on', '-id'], 'verbose_name_plural': 'imaging studies'},
        ),
        migrations.AlterModelOptions(
            name='petlesion',
            options={'ordering': ['id'], 'verbose_name': 'PET lesion'},
        ),
        migrations.AlterModelOptions(
            name='petscan',
            options={'ordering': ['-performed_on', '-id'], 'verbose_name': 'PET scan', 'verbose_name_plural': 'PET scans'},
        ),
        migrations.AlterField(
            model_name='endoscopy',
            name='lesion_size_mm',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='lesion size (mm)'),
        ),
        migrations.AlterField(
            model_name='imagingstudy',
            name='primary_size_cm',
            field=models.FloatField(blank=True, null=True, verbose_name='primary tumor size (cm)'),
        ),
        migrations.AlterField(
            model_name='labresult',
            name='value_canonical',
            field=models.FloatField(editable=False, verbose_name='value in the canonical unit'),
        ),
        migrations.AlterField(
            model_name='pathologyreport',
            name='ki67_percent',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='Ki-67 (%)'),
        ),
        migrations.AlterField(
            model_name='pathologyreport',
            name='mesenteric_mass_cm',
            field=models.FloatField(blank=True, help_text='jejunum/ileum: largest mesenteric mass', null=True, verbose_name='mesenteric mass (cm)'),
        ),
        migrations.AlterField(
            model_name='pathologyreport',
            name='mitoses_per_2mm2',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='mitoses per 2 mm²'),
        ),
        migrations.AlterField(
            model_name='pathologyreport',
            name='size_cm',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0.01)], verbose_name='size (cm)'),
        ),
        migrations.AlterField(
            model_name='petlesion',
            name='pet',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lesions', to='workup.petscan', verbose_name='PET scan'),
        ),
        migrations.AlterField(
            model_name='petlesion',
            name='size_mm',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='size (mm)'),
        ),
        migrations.AlterField(
            model_name='petlesion',
            name='suv_max',
            field=models.FloatField(blank=True, null=True, verbose_name='SUVmax'),
        ),
        migrations.AlterField(
            model_name='petscan',
            name='liver_suvmax',
            field=models.FloatField(blank=True, help_text='normal liver SUVmax', null=True, verbose_name='liver SUVmax'),
        ),
        migrations.AlterField(
            model_name='petscan',
            name='spleen_suvmax',
            field=models.FloatField(blank=True, help_text='normal spleen SUVmax', null=True, verbose_name='spleen SUVmax'),
        ),
        migrations.AlterField(
            model_name='petscan',
            name='sstr_positive',
            field=models.BooleanField(blank=True, editable=False, null=True, verbose_name='SSTR-positive'),
        ),
    ]
