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

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients import access
from netcare.scheduling.access import appointment_for
from netcare.scheduling.actions import (
    SlotTakenError,
    add_availability,
    cancel_appointment,
    complete_appointment,
    confirm_appointment,
    remove_availability,
    request_appointment,
    reschedule_appointment,
)
from netcare.scheduling.forms import (
    WEEKDAYS,
    AvailabilityForm,
    CancelForm,
    RescheduleFilterForm,
    RescheduleSlotForm,
    ScheduleFilterForm,
    SlotFilterForm,
    StaffSlotBookingForm,
)
from netcare.scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    ClinicianAvailability,
)
from netcare.scheduling.rules import Offer, program_zone
from netcare.scheduling.slots import next_free_slots

LIMIT = 200


def apply_errors(form: Any, error: ValidationError) -> None:
    """Put an action's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field
            if field == "starts_at":  # the time's field: typed ("at") or picked ("slot")
                target = "at" if "at" in form.fields else "slot"
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
        "can_manage": can(request.user, Action.MANAGE_APPOINTMENTS), "now": timezone.now()})


def slot_filters(request: HttpRequest, *, patient: Any, for_patient: bool = False,
                 ) -> tuple[SlotFilterForm, Offer]:
    """The picker's filters from the query string and the free times they give `patient`
    (none at which they have another visit; four queries). Unbound (no query string): the
    form's default kind of visit (`for_patient`: a patient asking for themselves, see
    SlotFilterForm) with anyone free."""
    filters = SlotFilterForm(request.GET if request.GET else None, for_patient=for_patient)
    if filters.is_bound and not filters.is_valid():
        return filters, Offer([])
    data = filters.cleaned_data if filters.is_bound else {}
    offer = next_free_slots(filters.chosen_kind(), patient=patient,
                            discipline=data.get("discipline") or "",
                            clinician=data.get("clinician"),
                            disciplines=filters.disciplines,
                            from_date=data.get("from_date"))
    return filters, offer


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Staff book a visit for a patient from the next free times, none at which the patient
    has another visit (confirmed at once unless unticked). The filters travel in the query
    string; the chosen time is posted."""
    if not can(request.user, Action.MANAGE_APPOINTMENTS):
        raise Http404("Not found.")
    patient = access.patient_for(request, patient_id)
    filters, offer = slot_filters(request, patient=patient)
    form = StaffSlotBookingForm(request.POST or None, offer=offer, by=request.user)
    status = 400 if filters.errors else 200
    if request.method == "POST" and form.is_valid():
        slot = form.chosen()
        try:
            appointment = request_appointment(
                patient, clinician=slot.clinician,
                kind=filters.chosen_kind(),
                starts_at=slot.starts_at, by=request.user, request=request,
                reason=form.cleaned_data["reason"])
            if form.cleaned_data["confirm_now"]:
                confirm_appointment(appointment, by=request.user, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        except SlotTakenError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, "Appointment booked.")
            return redirect("scheduling:schedule")
    if request.method == "POST":
        status = 400
    return render(request, "scheduling/book.html", {
        "form": form, "filters": filters, "patient": patient, "slots": offer.slots,
        "zone": program_zone().key}, status=status)


@login_required
@require_http_methods(["POST"])
def complete(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Mark a confirmed visit that has started as completed."""
    appointment = appointment_for(request, appointment_id, manage=True)
    try:
        complete_appointment(appointment, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Visit marked as completed.")
    return redirect("scheduling:schedule")


@login_required
@require_http_methods(["GET"])
def availability_index(request: HttpRequest) -> HttpResponse:
    """The physicians whose weekly availability staff manage. Two queries."""
    if not can(request.user, Action.MANAGE_APPOINTMENTS):
        raise Http404("Not found.")
    clinicians = list(User.objects.filter(role=Role.PHYSICIAN, is_active=True)
                      .prefetch_related("availability").order_by("discipline", "last_name"))
    return render(request, "scheduling/availability_index.html", {"clinicians": clinicians})


def _clinician(clinician_id: int) -> Any:
    try:
        return User.objects.get(pk=clinician_id, role=Role.PHYSICIAN)
    except User.DoesNotExist:
        raise Http404("Not found.") from None


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest, clinician_id: int) -> HttpResponse:
    """One clinician's weekly blocks: add one (validated, audited) or remove one."""
    if not can(request.user, Action.MANAGE_APPOINTMENTS):
        raise Http404("Not found.")
    clinician = _clinician(clinician_id)
    form = AvailabilityForm(request.POST if request.method == "POST" and
                            "remove" not in request.POST else None)
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        block = ClinicianAvailability.objects.filter(
            pk=request.POST.get("remove", "").strip() or 0, clinician=clinician).first()
        if block is None:
            raise Http404("Not found.")
        remove_availability(block, by=request.user, request=request)
        messages.success(request, "Block removed.")
        return redirect("scheduling:availability", clinician_id=clinician.pk)
    if request.method == "POST":
        if form.is_valid():
            try:
                add_availability(clinician, by=request.user, request=request,
                                 **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Block added.")
                return redirect("scheduling:availability", clinician_id=clinician.pk)
        status = 400
    blocks = list(ClinicianAvailability.objects.filter(clinician=clinician)
                  .order_by("on_date", "weekday", "starts"))
    return render(request, "scheduling/availability.html", {
        "clinician": clinician, "blocks": blocks, "form": form, "weekdays": dict(WEEKDAYS),
        "zone": program_zone().key}, status=status)


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
    """Move a visit to one of the next free times (same kind of visit) of its clinician or,
    chosen in the filters, of another physician of the same discipline, picked like a booking.
    Times the patient has another visit at are not offered (the visit's own time does not
    count). A time taken meanwhile is no longer offered: refused on "Time"."""
    appointment = appointment_for(request, appointment_id, manage=True)
    filters = RescheduleFilterForm(request.GET, appointment=appointment)
    # The visit being moved does not keep its patient busy: it is the one that moves.
    offer = (next_free_slots(appointment.kind, patient=appointment.patient, moving=appointment,
                             discipline=appointment.discipline,
                             clinician=filters.cleaned_data["clinician"],
                             from_date=filters.cleaned_data["from_date"])
             if filters.is_valid() else Offer([]))
    form = RescheduleSlotForm(request.POST or None, offer=offer, by=request.user)
    if request.method == "POST" and form.is_valid():
        slot = form.chosen()
        try:
            reschedule_appointment(appointment, starts_at=slot.starts_at,
                                   clinician=slot.clinician, by=request.user, request=request,
                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except SlotTakenError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, "Appointment moved.")
            return redirect("scheduling:schedule")
    return render(request, "scheduling/reschedule.html", {
        "form": form, "filters": filters, "appointment": appointment, "slots": offer.slots,
        "zone": program_zone().key, "title": "Move appointment"},
        status=400 if request.method == "POST" or filters.errors else 200)
