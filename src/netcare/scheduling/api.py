"""Appointments over the JSON API: list, request, confirm, cancel. Same actions as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.api_errors import Problem, unprocessable
from netcare.patients import access
from netcare.scheduling.access import appointment_for
from netcare.scheduling.actions import (
    PatientBusyError,
    SlotTakenError,
    cancel_appointment,
    confirm_appointment,
    request_appointment,
)
from netcare.scheduling.models import ACTIVE_STATUSES, CLINIC_DISCIPLINES, Appointment
from netcare.scheduling.rules import program_zone
from netcare.scheduling.views import window

router = Router(tags=["appointments"])


class AppointmentOut(Schema):
    id: int
    patient_id: int
    clinician: str
    discipline: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    status: str
    change_reason: str

    @staticmethod
    def resolve_clinician(obj: Appointment) -> str:
        return obj.clinician.username


class AppointmentIn(Schema):
    patient_id: int | None = None  # staff: required; a patient books for themselves
    clinician: str  # the physician's username
    kind: str
    starts_at: datetime  # with an offset; appointments start on the quarter hour
    reason: str = ""


class CancelIn(Schema):
    reason: str


def _problem(error: ValidationError) -> tuple[int, Problem]:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return unprocessable(field, f"{field}: {'; '.join(messages)}")
    return unprocessable(None, "; ".join(error.messages))


def _appointment(request: HttpRequest, appointment_id: int, *, manage: bool) -> Appointment:
    try:
        return appointment_for(request, appointment_id, manage=manage)
    except Http404:
        raise HttpError(404, "Not found.") from None


@router.get("/appointments", response=list[AppointmentOut], summary="Appointments")
def list_appointments(request: HttpRequest, start: date | None = None, days: int = 14) -> Any:
    """Staff: the program's appointments in the window; a patient: their own upcoming ones."""
    if not 1 <= days <= 31:
        raise HttpError(422, "days: must be between 1 and 31")
    if can(request.user, Action.VIEW_SCHEDULE):
        rows = window(request.user, start=start or timezone.localdate(timezone=program_zone()),
                      days=days)
    elif can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        rows = Appointment.objects.select_related("clinician").filter(
            patient__user=request.user, status__in=ACTIVE_STATUSES,
            ends_at__gte=timezone.now())
    else:
        raise HttpError(404, "Not found.")
    record(request, codes.APPOINTMENT_LIST_VIEWED, detail={"api": True})
    return list(rows[:200])


@router.post("/appointments", response={201: AppointmentOut, 409: Problem, 422: Problem},
             summary="Request an appointment")
def create_appointment(request: HttpRequest, body: AppointmentIn) -> Any:
    if can(request.user, Action.MANAGE_APPOINTMENTS):
        if body.patient_id is None:
            return unprocessable("patient_id", "patient_id: required")
        try:
            patient = access.patient_for(request, body.patient_id)
        except Http404:
            raise HttpError(404, "Not found.") from None
    elif can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        try:
            patient = access.own_patient_record(request)
        except Http404:
            raise HttpError(404, "Not found.") from None
        if body.patient_id not in (None, patient.pk):
            raise HttpError(404, "Not found.")
    else:
        raise HttpError(404, "Not found.")
    clinician = User.objects.filter(username=body.clinician, role=Role.PHYSICIAN).first()
    if clinician is None:
        return unprocessable("clinician", "clinician: no such physician")
    # As on the portal's page: a patient asks only for physicians who see patients in clinic.
    if not can(request.user, Action.MANAGE_APPOINTMENTS) and (
            clinician.discipline not in CLINIC_DISCIPLINES):
        return unprocessable("clinician", "clinician: does not see patients in clinic")
    if body.starts_at.tzinfo is None:
        return unprocessable("starts_at", "starts_at: give a UTC offset, e.g. ...T09:00-07:00")
    try:
        appointment = request_appointment(patient, clinician=clinician, kind=body.kind,
                                          starts_at=body.starts_at, by=request.user,
                                          request=request, reason=body.reason)
    except PatientBusyError as error:  # a conflict with a visit, like a taken slot
        return 409, Problem(detail=f"starts_at: {error.messages[0]}", field="starts_at")
    except ValidationError as error:
        return _problem(error)
    except SlotTakenError as error:
        return 409, Problem(detail=f"starts_at: {error}", field="starts_at")
    return 201, appointment


@router.post("/appointments/{appointment_id}/confirm",
             response={200: AppointmentOut, 422: Problem}, summary="Confirm (staff)")
def confirm(request: HttpRequest, appointment_id: int) -> Any:
    appointment = _appointment(request, appointment_id, manage=True)
    try:
        return confirm_appointment(appointment, by=request.user, request=request)
    except ValidationError as error:
        return _problem(error)


@router.post("/appointments/{appointment_id}/cancel",
             response={200: AppointmentOut, 422: Problem}, summary="Cancel with a reason")
def cancel(request: HttpRequest, appointment_id: int, body: CancelIn) -> Any:
    manage = can(request.user, Action.MANAGE_APPOINTMENTS)
    if not manage and not can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        raise HttpError(404, "Not found.")
    appointment = _appointment(request, appointment_id, manage=manage)
    try:
        return cancel_appointment(appointment, by=request.user, request=request,
                                  reason=body.reason)
    except ValidationError as error:
        return _problem(error)
