from django.apps import AppConfig


class TumorsConfig(AppConfig):
    name = "netcare.tumors"
    label = "tumors"
    verbose_name = "Diagnosis: tumors, grade and stage"

    def ready(self) -> None:
        from netcare.patients.views import CHART_PANEL_PROVIDERS
        from netcare.tumors import panels, services
        from netcare.workup.actions import RESULT_LISTENERS

        if services.on_result_recorded not in RESULT_LISTENERS:
            RESULT_LISTENERS.append(services.on_result_recorded)
        # The problem summary goes at the top of the chart; the trends follow other panels.
        if panels.problem_summary not in CHART_PANEL_PROVIDERS:
            CHART_PANEL_PROVIDERS.insert(0, panels.problem_summary)
        if panels.marker_trends not in CHART_PANEL_PROVIDERS:
            CHART_PANEL_PROVIDERS.append(panels.marker_trends)
