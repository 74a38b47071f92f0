"""Chart panel: the patient's tumor board cases and recommendations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from netcare.accounts.policy import Action, can
from netcare.patients.models import Patient


def board_cases_panel(request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """Staff only. One query."""
    if not can(request.user, Action.VIEW_TUMOR_BOARD):
        return None
    from netcare.tumorboard.models import BoardCase

    cases = list(BoardCase.objects.filter(patient=patient).exclude(status="withdrawn")
                 .select_related("meeting", "recommendation")
                 .order_by("-meeting__starts_at")[:10])
    return {"template": "tumorboard/_chart_panel.html", "board_cases": cases,
            "patient": patient, "can_submit": can(request.user, Action.SUBMIT_BOARD_CASE)}
