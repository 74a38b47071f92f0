"""Show every time in the program's zone (settings.PROGRAM_TIME_ZONE).

Times are stored in UTC; templates and forms render them in the zone this middleware activates
for the request, so no page has to wrap its content in ``{% timezone %}``. The zone is read on
each request (not at start-up) so tests that change the setting see it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class ProgramTimeZoneMiddleware:
    """Activate the program's zone for the request; deactivate it afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(ZoneInfo(str(settings.PROGRAM_TIME_ZONE)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
