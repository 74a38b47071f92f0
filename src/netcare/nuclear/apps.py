from django.apps import AppConfig


class NuclearConfig(AppConfig):
    name = "netcare.nuclear"
    label = "nuclear"
    verbose_name = "Nuclear medicine: PRRT courses, dose orders and PET days"

    def ready(self) -> None:
        from netcare.nuclear import panels
        from netcare.patients.views import CHART_PANEL_PROVIDERS

        if panels.prrt_panel not in CHART_PANEL_PROVIDERS:
            CHART_PANEL_PROVIDERS.append(panels.prrt_panel)
