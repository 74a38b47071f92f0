"""Labels in words (verbose names only): forms and the admin read "Ki-67 (%)", "PET scans",
"imaging studies", not the field or class name. No database change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_user_must_change_password'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='apitoken',
            options={'verbose_name': 'API token', 'verbose_name_plural': 'API tokens'},
        ),
        migrations.AlterField(
            model_name='apitoken',
            name='token_sha256',
            field=models.CharField(max_length=64, verbose_name='token SHA-256'),
        ),
    ]
