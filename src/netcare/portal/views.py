"""The patient portal: home, instructions, appointment requests and cancellations, contact."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.patients import access
from netcare.patients.actions import update_patient_contact
from netcare.patients.models import TimelineEntry, TimelineKind
from netcare.portal.forms import ContactForm
from netcare.portal.instructions import INSTRUCTIONS
from netcare.scheduling.access import appointment_for
from netcare.scheduling.actions import SlotTakenError, cancel_appointment, request_appointment
from netcare.scheduling.forms import CancelForm, SlotBookingForm
from netcare.scheduling.models import ACTIVE_STATUSES, Appointment
from netcare.scheduling.rules import program_zone
from netcare.scheduling.views import apply_errors, slot_filters
from netcare.workup.dates import end_of_program_today

RESULT_LIMIT = 50
# Released entries that are results (appointment notices are listed as appointments).
NOT_RESULTS = (TimelineKind.VISIT, TimelineKind.REFERRAL)


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The patient's home: upcoming appointments, released results, instructions.

    Results are released entries dated up to the program's today; a future-dated entry (a
    planned test or injection) is not a result yet.

    Four queries whatever the number of rows (patient, audit insert, appointments, results),
    plus the session and user of any signed-in page."""
    patient = access.own_patient_record(request)
    appointments = list(
        Appointment.objects.select_related("clinician")
        .filter(patient=patient, status__in=ACTIVE_STATUSES, ends_at__gte=timezone.now())
        .order_by("starts_at")[:20]
    )
    results = list(
        TimelineEntry.objects.filter(patient=patient, released_to_patient=True,
                                     occurred_at__lt=end_of_program_today())
        .exclude(kind__in=NOT_RESULTS)
        .only("occurred_at", "kind", "title", "summary")[:RESULT_LIMIT]
    )
    return render(request, "portal/home.html", {
        "patient": patient, "appointments": appointments, "results": results,
        "instructions": INSTRUCTIONS.values(),
    })


@login_required
@require_http_methods(["GET"])
def instruction(request: HttpRequest, slug: str) -> HttpResponse:
    if not can(request.user, Action.VIEW_OWN_CHART) and not can(request.user,
                                                                Action.VIEW_ANY_CHART):
        raise Http404("Not found.")
    try:
        page = INSTRUCTIONS[slug]
    except KeyError:
        raise Http404("No such page.") from None
    return render(request, "portal/instruction.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def request_visit(request: HttpRequest) -> HttpResponse:
    """The patient asks for a visit; staff confirm it."""
    patient = access.own_patient_record(request)
    if not can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        raise Http404("Not found.")
    filters, offer = slot_filters(request, patient=patient, for_patient=True)
    form = SlotBookingForm(request.POST or None, offer=offer, by=request.user)
    if request.method == "POST" and form.is_valid():
        slot = form.chosen()
        try:
            request_appointment(patient, clinician=slot.clinician, kind=filters.chosen_kind(),
                                starts_at=slot.starts_at, by=request.user, request=request,
                                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except SlotTakenError:
            form.add_error("slot", "that time was just taken; please choose another")
        else:
            messages.success(request, "Request sent. We will confirm your appointment.")
            return redirect("portal:home")
    status = 400 if request.method == "POST" or filters.errors else 200
    return render(request, "portal/request.html", {
        "form": form, "filters": filters, "slots": offer.slots, "zone": program_zone().key},
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cancel_visit(request: HttpRequest, appointment_id: int) -> HttpResponse:
    if not can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        raise Http404("Not found.")
    appointment = appointment_for(request, appointment_id, manage=False)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_appointment(appointment, by=request.user, request=request,
                               reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your appointment is cancelled.")
            return redirect("portal:home")
    return render(request, "portal/cancel.html", {"form": form, "appointment": appointment},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Update phone, email, address and language through the registry's action."""
    patient = access.own_patient_record(request)
    # The form works on a copy: validation writes into its instance, and the action must see
    # the old values to audit the change.
    form = ContactForm(request.POST or None, instance=copy.copy(patient))
    if request.method == "POST" and form.is_valid():
        try:
            update_patient_contact(patient, {k: form.cleaned_data[k] for k in form.fields},
                                   by=request.user, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your contact details are saved.")
            return redirect("portal:home")
    return render(request, "portal/contact.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
