from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "netcare.treatments"
    label = "treatments"
    verbose_name = "Treatments"
