"""Treatment kinds in words (choice labels only): the recommendation form and record read
"Octreotide LAR", "PRRT (Lu-177 dotatate)", not `octreotide lar`, `prrt`. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tumorboard', '0004_marker_trend_per_marker'),
    ]

    operations = [
        migrations.AlterField(
            model_name='recommendation',
            name='treatment_kind',
            field=models.CharField(blank=True, choices=[('emr', 'Endoscopic mucosal resection'), ('surgery', 'Surgery'), ('octreotide_lar', 'Octreotide LAR'), ('lanreotide', 'Lanreotide'), ('octreotide_short_acting', 'Short-acting octreotide'), ('telotristat', 'Telotristat ethyl'), ('everolimus', 'Everolimus'), ('sunitinib', 'Sunitinib'), ('captem', 'Capecitabine-temozolomide'), ('platinum_etoposide', 'Platinum-etoposide'), ('prrt', 'PRRT (Lu-177 dotatate)'), ('liver_directed', 'Liver-directed therapy'), ('radiation', 'Radiation therapy'), ('hormone_therapy', 'Hormone therapy')], help_text='for a treatment recommendation', max_length=30),
        ),
        migrations.AlterField(
            model_name='recommendationversion',
            name='treatment_kind',
            field=models.CharField(blank=True, choices=[('emr', 'Endoscopic mucosal resection'), ('surgery', 'Surgery'), ('octreotide_lar', 'Octreotide LAR'), ('lanreotide', 'Lanreotide'), ('octreotide_short_acting', 'Short-acting octreotide'), ('telotristat', 'Telotristat ethyl'), ('everolimus', 'Everolimus'), ('sunitinib', 'Sunitinib'), ('captem', 'Capecitabine-temozolomide'), ('platinum_etoposide', 'Platinum-etoposide'), ('prrt', 'PRRT (Lu-177 dotatate)'), ('liver_directed', 'Liver-directed therapy'), ('radiation', 'Radiation therapy'), ('hormone_therapy', 'Hormone therapy')], max_length=30),
        ),
    ]
