"""System checks for misconfiguration (IDs netcare.E001 ...)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_time_zone(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Times are stored in UTC; the program's zone is only for display."""
    if settings.TIME_ZONE != "UTC" or not settings.USE_TZ:
        return [
            Error(
                "TIME_ZONE must be UTC with USE_TZ on; set NETCARE_TIME_ZONE for display",
                id="netcare.E001",
            )
        ]
    return []
