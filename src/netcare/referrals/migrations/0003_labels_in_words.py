"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0002_open_queue_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='referral',
            name='family_history_of_net',
            field=models.BooleanField(default=False, verbose_name='family history of NET'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='flag_carcinoid',
            field=models.BooleanField(default=False, verbose_name='possible carcinoid syndrome flag'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='flag_genetic',
            field=models.BooleanField(default=False, verbose_name='genetic counselling flag'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='flag_urgent',
            field=models.BooleanField(default=False, verbose_name='urgent review flag'),
        ),
        migrations.AlterField(
            model_name='referraldocument',
            name='sha256',
            field=models.CharField(max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AlterField(
            model_name='referralstatuschange',
            name='at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='changed at'),
        ),
        migrations.AlterField(
            model_name='referralstatuschange',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by'),
        ),
    ]
