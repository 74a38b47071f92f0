from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "netcare.program"
    label = "program"
    verbose_name = "Program and public pages"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from netcare.program import (
            checks,  # noqa: F401  (registers system checks)
            settings_store,
        )
        from netcare.program.models import ProgramSettings

        # Any write to the settings row (the action, the shell) drops this process's copy.
        for signal in (post_save, post_delete):
            signal.connect(settings_store.invalidate, sender=ProgramSettings,
                           dispatch_uid=f"program-settings-{signal is post_save}")
