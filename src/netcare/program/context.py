from typing import Any

from django.http import HttpRequest

from netcare.program import settings_store


def program(request: HttpRequest) -> dict[str, Any]:
    """`program.name`, `.phone`, `.appointments_phone`, `.opening_hours` (in words), `.time_zone`,
    `.about` — from the settings the middleware refreshed for this request (no query)."""
    return {"program": settings_store.current().as_template_dict()}
