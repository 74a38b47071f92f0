"""The chart panel: the patient's PRRT course at a glance, with a link to the course page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from netcare.accounts.policy import Action, can
from netcare.nuclear.models import PrrtCourse


def prrt_panel(request: HttpRequest, patient: Any) -> dict[str, Any]:
    """One query: the latest course with its cycles."""
    course = (PrrtCourse.objects.filter(patient=patient).prefetch_related("cycles").first()
              if can(request.user, Action.VIEW_ANY_CHART) else None)
    return {"template": "nuclear/_chart_panel.html", "course": course, "patient": patient}
