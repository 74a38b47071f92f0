"""Staff scheduling pages: the schedule, booking, confirm, cancel and reschedule."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients import access
from netcare.scheduling.access import appointment_for
from netcare.scheduling.actions import (
    SlotTakenError,
    cancel_appointment,
    confirm_appointment,
    request_appointment,
    reschedule_appointment,
)
from netcare.scheduling.forms import (
    CancelForm,
    RescheduleForm,
    ScheduleFilterForm,
    StaffBookingForm,
)
from netcare.scheduling.models import ACTIVE_STATUSES, Appointment
from netcare.scheduling.rules import program_zone

LIMIT = 200


def apply_errors(form: Any, error: ValidationError) -> None:
    """Put an action's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = "at" if field == "starts_at" and "at" in form.fields else field
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def window(user: Any, *, start: Any, days: int, clinician: Any = None,
           status: str = "") -> Any:
    """Appointments from local midnight of `start` for `days` days. One query (joins)."""
    zone = program_zone()
    begin = datetime.combine(start, time(0), tzinfo=zone)  # local midnight; DST-safe via zone
    end = datetime.combine(start + timedelta(days=days), time(0), tzinfo=zone)
    appointments = Appointment.objects.select_related("patient", "clinician").filter(
        starts_at__gte=begin, starts_at__lt=end)
    if clinician is not None:
        appointments = appointments.filter(clinician=clinician)
    appointments = (appointments.filter(status=status) if status
                    else appointments.filter(status__in=ACTIVE_STATUSES))
    return appointments.order_by("starts_at", "id")


@login_required
@require_http_methods(["GET"])
def schedule(request: HttpRequest) -> HttpResponse:
    """The program's appointments in a window. One query for the rows, whatever their number."""
    if not can(request.user, Action.VIEW_SCHEDULE):
        raise Http404("Not found.")
    form = ScheduleFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "scheduling/schedule.html", {"form": form, "rows": []},
                      status=400)
    start = form.cleaned_data["start"] or timezone.localdate(timezone=program_zone())
    rows = list(window(request.user, start=start, days=form.cleaned_data["days"] or 14,
                       clinician=form.cleaned_data["clinician"],
                       status=form.cleaned_data["status"])[:LIMIT])
    record(request, codes.APPOINTMENT_LIST_VIEWED, detail={"start": str(start)})
    return render(request, "scheduling/schedule.html", {
        "form": form, "rows": rows, "limit": LIMIT, "zone": program_zone().key,
        "can_manage": can(request.user, Action.MANAGE_APPOINTMENTS)})


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Staff book a visit for a patient (confirmed at once unless unticked)."""
    if not can(request.user, Action.MANAGE_APPOINTMENTS):
        raise Http404("Not found.")
    patient = access.patient_for(request, patient_id)
    form = StaffBookingForm(request.POST or None, initial={"patient_id": patient.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = request_appointment(
                patient, clinician=data["clinician"], kind=data["kind"],
                starts_at=data["starts_at"], by=request.user, request=request,
                reason=data["reason"])
            if data["confirm_now"]:
                confirm_appointment(appointment, by=request.user, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        except SlotTakenError as error:
            form.add_error("at", str(error))
        else:
            messages.success(request, "Appointment booked.")
            return redirect("scheduling:schedule")
    return render(request, "scheduling/book.html", {"form": form, "patient": patient},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["POST"])
def confirm(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_for(request, appointment_id, manage=True)
    try:
        confirm_appointment(appointment, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Appointment confirmed; reminder queued.")
    return redirect("scheduling:schedule")


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_for(request, appointment_id, manage=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_appointment(appointment, by=request.user, request=request,
                               reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Appointment cancelled.")
            return redirect("scheduling:schedule")
    return render(request, "scheduling/change.html",
                  {"form": form, "appointment": appointment, "title": "Cancel appointment"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_for(request, appointment_id, manage=True)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reschedule_appointment(appointment, starts_at=form.cleaned_data["starts_at"],
                                   by=request.user, request=request,
                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except SlotTakenError as error:
            form.add_error("at", str(error))
        else:
            messages.success(request, "Appointment moved.")
            return redirect("scheduling:schedule")
    return render(request, "scheduling/change.html",
                  {"form": form, "appointment": appointment, "title": "Move appointment"},
                  status=400 if request.method == "POST" else 200)
