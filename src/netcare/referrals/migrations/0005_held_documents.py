"""Documents attached to a referral form that came back with a mistake are held for the
rendered form (by a digest of its one-time token) until it is sent again, so the corrected
form stores them with the referral; held documents not shown again for a day are deleted."""

from django.db import migrations, models

import netcare.referrals.uploads


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0004_sent_once'),
    ]

    operations = [
        migrations.CreateModel(
            name='HeldDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_digest', models.CharField(help_text="SHA-256 of the form's one-time token", max_length=64)),
                ('file', models.FileField(max_length=300, storage=netcare.referrals.uploads.get_private_storage, upload_to='referrals-held/')),
                ('original_name', models.CharField(max_length=200)),
                ('kind', models.CharField(max_length=10)),
                ('size', models.PositiveBigIntegerField()),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('held_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(db_index=True, help_text='deleted after this unless the form is sent')),
            ],
            options={
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('size__gt', 0)), name='held_document_not_empty', violation_error_message='An empty file is not kept.'), models.UniqueConstraint(fields=('token_digest', 'sha256'), name='held_document_once_per_form')],
            },
        ),
    ]
