"""Patient registry over the JSON API. Same access helpers and audit as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.api_errors import Problem
from netcare.patients import access
from netcare.patients.actions import create_portal_account
from netcare.patients.search import name_order, search_filter

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


class PortalAccountOut(Schema):
    patient_id: int
    username: str
    one_time_password: str  # shown once: only its hash is stored
    must_change_password: bool


@router.get("/patients", response=list[PatientOut], summary="Search patients")
def search_patients(request: HttpRequest, q: str = "", limit: int = 25) -> Any:
    if not can(request.user, Action.VIEW_PATIENT_LIST):
        raise HttpError(404, "Not found.")
    if not 1 <= limit <= 100:
        raise HttpError(422, "limit: must be between 1 and 100")
    patients = access.visible_patients(request.user).order_by(*name_order())
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


@router.post(
    "/patients/{patient_id}/portal-account",
    response={201: PortalAccountOut, 409: Problem},
    summary="Create the patient's portal sign-in",
)
def create_portal_sign_in(request: HttpRequest, patient_id: int, response: HttpResponse) -> Any:
    """The same action as the chart's "Create portal sign-in" button: a patient-role account
    named after the MRN with a one-time password, returned once and never again (the response
    is not cached). Navigators and administrators only; 404 for a missing or hidden patient or
    anyone else; 409 naming ``user`` when the patient already has a sign-in or the username is
    taken."""
    if not can(request.user, Action.CREATE_PORTAL_ACCOUNT):
        raise HttpError(404, "Not found.")
    try:
        patient = access.patient_for(request, patient_id, action=codes.API_PATIENT_READ)
    except Http404:
        raise HttpError(404, "Not found.") from None
    add_never_cache_headers(response)
    try:
        user, password = create_portal_account(patient, by=request.user, request=request)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        return Status(409, Problem(field=field, detail=f"{field}: {' '.join(messages)}"))
    return Status(
        201,
        {
            "patient_id": patient.pk,
            "username": user.username,
            "one_time_password": password,
            "must_change_password": user.must_change_password,
        },
    )
