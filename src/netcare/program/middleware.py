"""Show every time in the program's zone (`settings_store.current().time_zone`).

Times are stored in UTC; templates and forms render them in the zone this middleware activates
for the request, so no page has to wrap its content in ``{% timezone %}``. The middleware also
checks once per request whether another process changed the program's settings (a file stat;
see `settings_store`), so an administrator's change shows here on the next request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from netcare.program import settings_store


class ProgramTimeZoneMiddleware:
    """Refresh the program's settings; activate its zone for the request, deactivate after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(settings_store.for_request().zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
