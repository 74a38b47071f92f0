from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "netcare.surveillance"
    label = "surveillance"
    verbose_name = "Surveillance and follow-up"
