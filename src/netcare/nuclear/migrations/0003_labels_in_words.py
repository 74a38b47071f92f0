"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nuclear', '0002_logistics_followups'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='doseorder',
            options={'ordering': ['-ordered_at', '-id'], 'verbose_name': 'Lu-177 dose order'},
        ),
        migrations.AlterModelOptions(
            name='petrequest',
            options={'ordering': ['earliest_day', 'id'], 'verbose_name': 'PET request'},
        ),
        migrations.AlterModelOptions(
            name='postimaging',
            options={'ordering': ['ordered_on', 'id'], 'verbose_name': 'post-treatment imaging', 'verbose_name_plural': 'post-treatment imaging'},
        ),
        migrations.AlterModelOptions(
            name='prrtcourse',
            options={'ordering': ['-created_at', '-id'], 'verbose_name': 'PRRT course'},
        ),
        migrations.AlterModelOptions(
            name='prrtcycle',
            options={'ordering': ['course', 'number'], 'verbose_name': 'PRRT cycle'},
        ),
        migrations.AlterField(
            model_name='assignment',
            name='pet_request',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nuclear.petrequest', verbose_name='PET request'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='prrt_cycle',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nuclear.prrtcycle', verbose_name='PRRT cycle'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='ref',
            field=models.CharField(max_length=40, verbose_name='planner reference'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='scan_start_min',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='scan start (minutes after midnight)'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='start_min',
            field=models.PositiveSmallIntegerField(help_text='injection or chair start, local', verbose_name='start (minutes after midnight)'),
        ),
        migrations.AlterField(
            model_name='department',
            name='cu64_delivery_time',
            field=models.TimeField(default=datetime.time(9, 0), verbose_name='Cu-64 delivery time'),
        ),
        migrations.AlterField(
            model_name='department',
            name='cu64_doses_per_day',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='Cu-64 DOTATATE unit doses per day'),
        ),
        migrations.AlterField(
            model_name='department',
            name='generator_calibration_gbq',
            field=models.FloatField(default=1.85, verbose_name='Ge-68 activity at calibration (GBq)'),
        ),
        migrations.AlterField(
            model_name='department',
            name='synthesis_minutes',
            field=models.PositiveSmallIntegerField(default=25, verbose_name='synthesis time (minutes)'),
        ),
        migrations.AlterField(
            model_name='doseorder',
            name='administered_gbq',
            field=models.FloatField(blank=True, null=True, verbose_name='administered activity (GBq)'),
        ),
        migrations.AlterField(
            model_name='doseorder',
            name='calibration_gbq',
            field=models.FloatField(verbose_name='activity at calibration (GBq)'),
        ),
        migrations.AlterField(
            model_name='doseorder',
            name='prescribed_gbq',
            field=models.FloatField(help_text='from the dose decision: 7.4 or 3.7 GBq', verbose_name='prescribed activity (GBq)'),
        ),
        migrations.AlterField(
            model_name='doseorder',
            name='residual_gbq',
            field=models.FloatField(blank=True, null=True, verbose_name='residual activity (GBq)'),
        ),
        migrations.AlterField(
            model_name='petrequest',
            name='last_long_acting_ssa',
            field=models.DateField(blank=True, null=True, verbose_name='last long-acting SSA injection'),
        ),
        migrations.AlterField(
            model_name='petrequest',
            name='tracer_ok',
            field=models.CharField(choices=[('either', 'Ga-68 or Cu-64 DOTATATE'), ('ga68', 'Ga-68 DOTATATE only'), ('cu64', 'Cu-64 DOTATATE only')], default='either', max_length=10, verbose_name='tracer'),
        ),
        migrations.AlterField(
            model_name='petrequest',
            name='weight_kg',
            field=models.FloatField(verbose_name='body weight (kg)'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='solve_seconds',
            field=models.FloatField(blank=True, null=True, verbose_name='solve time (s)'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='task_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='task ID'),
        ),
        migrations.AlterField(
            model_name='prrtcourse',
            name='baseline_creatinine_clearance_ml_min',
            field=models.FloatField(blank=True, null=True, verbose_name='baseline creatinine clearance (mL/min)'),
        ),
        migrations.AlterField(
            model_name='prrtcourse',
            name='last_long_acting_ssa',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last long-acting SSA injection'),
        ),
        migrations.AlterField(
            model_name='prrtcourse',
            name='last_short_acting_ssa',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last short-acting octreotide dose'),
        ),
        migrations.AlterField(
            model_name='prrtcourse',
            name='treatment_id',
            field=models.PositiveIntegerField(blank=True, help_text='the treatments.Treatment (kind prrt) this course runs', null=True, verbose_name='treatment ID'),
        ),
        migrations.AlterField(
            model_name='prrtcycle',
            name='octreotide_lar_given_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='octreotide LAR given at'),
        ),
        migrations.AlterField(
            model_name='prrtcycle',
            name='post_imaging_done_on',
            field=models.DateField(blank=True, null=True, verbose_name='post-treatment imaging done on'),
        ),
        migrations.AlterField(
            model_name='prrtcycle',
            name='ssa_washout_confirmed',
            field=models.BooleanField(default=False, verbose_name='SSA washout confirmed'),
        ),
    ]
