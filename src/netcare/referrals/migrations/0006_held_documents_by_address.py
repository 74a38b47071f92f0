"""A held document remembers the client address its form was sent from, so what one address
holds can be capped (the rows held before have none: counted as one unknown address)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0005_held_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='helddocument',
            name='client_address',
            field=models.GenericIPAddressField(blank=True, help_text='where the form was sent from (empty: not known), for the per-address cap on what is held', null=True),
        ),
        migrations.AddIndex(
            model_name='helddocument',
            index=models.Index(fields=['client_address', 'held_at'], name='held_document_address_idx'),
        ),
    ]
