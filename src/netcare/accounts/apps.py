from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "netcare.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
