"""When a timeline entry was written, beside when its event happened (the chart shows a result
entered days after its test as "recorded <date>"). Empty for entries written before."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0006_mrn_c_collation_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineentry",
            name="recorded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
