from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "netcare.referrals"
    label = "referrals"
    verbose_name = "Referrals, intake and triage"
