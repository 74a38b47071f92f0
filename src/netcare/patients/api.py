"""Patient registry over the JSON API. Same access helpers and audit as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients import access
from netcare.patients.search import search_filter

router = Router(tags=["patients"])


class PatientOut(Schema):
    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    preferred_language: str


class TimelineOut(Schema):
    occurred_at: str
    kind: str
    title: str
    summary: str


class ChartOut(Schema):
    patient: PatientOut
    timeline: list[TimelineOut]


@router.get("/patients", response=list[PatientOut], summary="Search patients")
def search_patients(request: HttpRequest, q: str = "", limit: int = 25) -> Any:
    if not can(request.user, Action.VIEW_PATIENT_LIST):
        raise HttpError(404, "Not found.")
    if not 1 <= limit <= 100:
        raise HttpError(422, "limit: must be between 1 and 100")
    patients = access.visible_patients(request.user).order_by("search_name", "id")
    if q.strip():
        condition, _ = search_filter(q)
        patients = patients.filter(condition)
    record(request, codes.PATIENT_SEARCHED, detail={"q": q, "api": True})
    return list(patients[:limit])


@router.get("/patients/{patient_id}", response=ChartOut, summary="A patient and their timeline")
def get_patient(request: HttpRequest, patient_id: int) -> Any:
    patient = access.patient_for(request, patient_id, action=codes.API_PATIENT_READ)
    entries = patient.timeline.all()
    if not can(request.user, Action.VIEW_ANY_CHART):
        entries = entries.filter(released_to_patient=True)
    return {
        "patient": patient,
        "timeline": [
            {
                "occurred_at": e.occurred_at.isoformat(),
                "kind": e.kind,
                "title": e.title,
                "summary": e.summary,
            }
            for e in entries[:200]
        ],
    }
