from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "netcare.patients"
    label = "patients"
    verbose_name = "Patient registry"
