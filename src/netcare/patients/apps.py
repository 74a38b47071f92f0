from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "netcare.patients"
    label = "patients"
    verbose_name = "Patient registry"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.patients.chart_cache import install_triggers

        post_migrate.connect(
            install_triggers, sender=self, dispatch_uid="netcare-chart-version-triggers"
        )
