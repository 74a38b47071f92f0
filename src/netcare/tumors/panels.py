"""Chart panels: the current problem summary and the 5-HIAA / chromogranin A trends."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from django.http import HttpRequest

from netcare.accounts.policy import Action, can
from netcare.patients.models import Patient


def problem_summary(request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """Tumors with grade/stage, latest markers, active treatments, next follow-up.

    Staff only (a patient sees released results, not the working summary). Four queries.
    """
    if not can(request.user, Action.VIEW_ANY_CHART):
        return None
    from netcare.surveillance.models import OPEN_STATUSES, FollowUp
    from netcare.treatments.models import Status, Treatment
    from netcare.tumors.models import Tumor
    from netcare.tumors.services import category_in_words
    from netcare.workup.labs import CATALOGUE, CGA, HIAA

    tumors = list(Tumor.objects.filter(patient=patient))
    latest: dict[str, MarkerRow] = {}
    for lab in _markers(request, patient):
        latest.setdefault(lab.test, lab)
    treatments = list(Treatment.objects.filter(patient=patient, status=Status.ACTIVE)[:20])
    next_follow_up = (FollowUp.objects.filter(patient=patient, status__in=OPEN_STATUSES)
                      .order_by("due_on", "id").first())
    return {
        "template": "tumors/_summary_panel.html",
        # (tumor, WHO category in words): "Typical carcinoid", not "typical_carcinoid".
        "tumors": [(t, category_in_words(t.category) if t.category else "") for t in tumors],
        "markers": [(CATALOGUE[code].label, latest.get(code)) for code in (HIAA, CGA)],
        "treatments": treatments,
        "next_follow_up": next_follow_up,
        "patient": patient,
        "can_book": can(request.user, Action.MANAGE_APPOINTMENTS),
    }


WIDTH, HEIGHT, PAD = 320, 90, 8


class MarkerRow(NamedTuple):
    """A 5-HIAA / CgA result as the panels show it: a plain row, not a model instance."""

    id: int
    test: str
    value: float
    unit: str
    value_canonical: float
    flag: str
    performed_on: date

    def get_flag_display(self) -> str:
        from netcare.workup.models import LabResult

        labels = dict(LabResult._meta.get_field("flag").flatchoices)
        return str(labels.get(self.flag, self.flag))


def _markers(request: HttpRequest, patient: Patient) -> list[Any]:
    """The latest current 5-HIAA and CgA results, newest first (a patient: the newest released
    version of each).

    One query, shared by both panels of one request (kept on the request object).
    """
    from netcare.workup.labs import CGA, HIAA
    from netcare.workup.models import LabResult

    cached = getattr(request, "_netcare_markers", None)
    if cached is not None and cached[0] == patient.pk:
        return cached[1]  # type: ignore[no-any-return]
    rows = LabResult.objects.filter(patient=patient, test__in=[HIAA, CGA])
    # A patient: the version they see of each result (a correction waiting for release leaves
    # them the one they had), as on the portal.
    rows = (rows.filter(is_current=True) if can(request.user, Action.VIEW_ANY_CHART)
            else rows.seen_by_patient())
    found = [
        MarkerRow._make(row)
        for row in rows.order_by("-performed_on", "-id").values_list(*MarkerRow._fields)[:96]
    ]
    request._netcare_markers = (patient.pk, found)  # type: ignore[attr-defined]
    return found


def marker_trends(request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """Small server-rendered SVG trend plots of 5-HIAA and CgA, with a table fallback.

    One query (the latest 24 current results of each, a patient: the version they see).
    """
    from netcare.workup.labs import CATALOGUE, CGA, HIAA

    by_test: dict[str, list[MarkerRow]] = {HIAA: [], CGA: []}
    for lab in _markers(request, patient):
        if len(by_test[lab.test]) < 24:
            by_test[lab.test].append(lab)
    plots = []
    for code, labs in by_test.items():
        labs.reverse()
        if not labs:
            continue
        values = [lab.value_canonical for lab in labs]
        high = CATALOGUE[code].high
        ceiling = max([*values, high or 0])
        plots.append({
            "code": code, "label": CATALOGUE[code].label, "unit": CATALOGUE[code].unit,
            "points": _scaled(values, ceiling),
            "upper_y": (HEIGHT - PAD - (high / ceiling) * (HEIGHT - 2 * PAD)) if high else None,
            "labs": labs, "first": labs[0].performed_on, "last": labs[-1].performed_on,
        })
    if not plots:
        return None
    return {"template": "tumors/_trends_panel.html", "plots": plots, "width": WIDTH,
            "height": HEIGHT}


def _scaled(values: list[float], ceiling: float) -> str:
    ceiling = ceiling or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v / ceiling) * (HEIGHT - 2 * PAD):.1f}"
        for i, v in enumerate(values))
