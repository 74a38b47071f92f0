"""A referral remembers the sending that stored it (`submission_key`), and the database refuses
a second referral from the same sending: a form sent twice stores one referral. Existing
referrals keep an empty key, which the partial unique constraint leaves out."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0003_labels_in_words'),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='submission_key',
            field=models.CharField(blank=True, default='', editable=False, help_text='digest of the one-time token of the form or request that sent it, the sender and the details; empty when none was given', max_length=64),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_key', ''), _negated=True), fields=('submission_key',), name='referral_sent_once', violation_error_message='This referral was already sent.'),
        ),
    ]
