"""`createsuperuser` makes a program administrator (the manager's default role). No database
change."""

from django.db import migrations

import netcare.accounts.models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_labels_in_words'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', netcare.accounts.models.UserManager()),
            ],
        ),
    ]
