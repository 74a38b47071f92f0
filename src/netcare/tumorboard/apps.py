from django.apps import AppConfig


class TumorBoardConfig(AppConfig):
    name = "netcare.tumorboard"
    label = "tumorboard"
    verbose_name = "Multidisciplinary tumor board"

    def ready(self) -> None:
        from netcare.patients.views import CHART_PANEL_PROVIDERS
        from netcare.tumorboard import panels

        if panels.board_cases_panel not in CHART_PANEL_PROVIDERS:
            CHART_PANEL_PROVIDERS.append(panels.board_cases_panel)
