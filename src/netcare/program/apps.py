from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "netcare.program"
    label = "program"
    verbose_name = "Program and public pages"

    def ready(self) -> None:
        from netcare.program import checks  # noqa: F401  (registers system checks)
