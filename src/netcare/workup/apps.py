from django.apps import AppConfig


class WorkupConfig(AppConfig):
    name = "netcare.workup"
    label = "workup"
    verbose_name = "Workup: orders and results"
