from typing import Any

from django.http import HttpRequest

from netcare.program.models import program_facts

_FACTS: dict[str, Any] | None = None


def program(request: HttpRequest) -> dict[str, Any]:
    global _FACTS
    if _FACTS is None:
        _FACTS = program_facts()
    return {"program": _FACTS}
