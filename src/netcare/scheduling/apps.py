from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "netcare.scheduling"
    label = "scheduling"
    verbose_name = "Appointments"
