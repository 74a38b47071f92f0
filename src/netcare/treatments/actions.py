"""Recording treatments and injections. Views, the API and tests call these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient, TimelineEntry
from netcare.treatments.models import (
    DEFAULT_INTERVAL_DAYS,
    INJECTION_KINDS,
    Administration,
    Status,
    Treatment,
)
from netcare.workup.actions import ResultInputError, _raise_validation
from netcare.workup.dates import local_noon

ALLOWED = {"tumor", "tumor_id", "kind", "agent", "intent", "start_on", "end_on", "interval_days",
           "status", "best_response", "stop_reason", "note"}


def next_due(given_on: date, interval_days: int | None) -> date | None:
    """The next injection date: the last one plus the interval (calendar days, no zone)."""
    return given_on + timedelta(days=interval_days) if interval_days else None


def _timeline(treatment: Treatment, title: str, summary: str, when: date) -> None:
    TimelineEntry.objects.create(
        patient_id=treatment.patient_id, occurred_at=local_noon(when),
        kind="prrt" if treatment.kind == "prrt" else "treatment",
        title=title[:200], summary=summary[:500], source_type="treatments.treatment",
        source_id=str(treatment.pk), released_to_patient=True,
    )


def record_treatment(patient: Patient, data: Mapping[str, Any], *, by: Any,
                     request: HttpRequest | None = None) -> Treatment:
    """Record a treatment. An SSA or PRRT course records its first dose on the start date and
    gets its next-due date from the interval (default 28 days for SSA, 56 for PRRT).

    Raises:
        ResultInputError: bad input, naming the field; nothing is written.
    """
    unknown = set(data) - ALLOWED
    if unknown:
        raise ResultInputError(sorted(unknown)[0], "is not a treatment field")
    with transaction.atomic():
        treatment = Treatment(patient=patient, recorded_by=by, **data)
        if treatment.tumor_id is not None and treatment.tumor.patient_id != patient.pk:
            raise ResultInputError("tumor_id", "no such tumor for this patient")
        if treatment.kind in INJECTION_KINDS and treatment.interval_days is None:
            treatment.interval_days = DEFAULT_INTERVAL_DAYS[treatment.kind]
        if treatment.end_on is not None and treatment.status == Status.ACTIVE:
            treatment.status = Status.COMPLETED
        try:
            treatment.full_clean(exclude=["tumor"])
        except ValidationError as error:
            _raise_validation(error)
        if treatment.kind in INJECTION_KINDS and treatment.status == Status.ACTIVE:
            treatment.next_due_on = next_due(treatment.start_on, treatment.interval_days)
        treatment.save()
        if treatment.kind in INJECTION_KINDS:
            Administration.objects.create(treatment=treatment, given_on=treatment.start_on,
                                          dose=treatment.agent[:60], recorded_by=by)
        label = treatment.get_kind_display()
        summary = treatment.agent
        if treatment.next_due_on:
            summary = f"{summary} · next due {treatment.next_due_on:%Y-%m-%d}".strip(" ·")
        _timeline(treatment, f"Treatment started: {label}", summary, treatment.start_on)
        record(request, codes.TREATMENT_RECORDED, user=by, patient=patient, obj=treatment,
               detail={"kind": treatment.kind, "start_on": str(treatment.start_on)})
    return treatment


def record_administration(treatment: Treatment, given_on: date, *, by: Any, dose: str = "",
                          note: str = "", request: HttpRequest | None = None) -> Administration:
    """Record one injection or dose; moves the course's next-due date on from it."""
    if treatment.status != Status.ACTIVE:
        raise ResultInputError(None, "the treatment is not active")
    if given_on < treatment.start_on:
        raise ResultInputError("given_on", "is before the start of the treatment")
    with transaction.atomic():
        given = Administration.objects.create(treatment=treatment, given_on=given_on,
                                              dose=dose[:60], note=note[:300], recorded_by=by)
        # The clock restarts at each injection (a late dose moves the next one later).
        treatment.next_due_on = next_due(given_on, treatment.interval_days)
        treatment.save(update_fields=["next_due_on"])
        due = f" · next due {treatment.next_due_on:%Y-%m-%d}" if treatment.next_due_on else ""
        _timeline(treatment, f"{treatment.get_kind_display()} given", f"{dose}{due}".strip(" ·"),
                  given_on)
        record(request, codes.TREATMENT_ADMINISTERED, user=by, patient=treatment.patient,
               obj=treatment, detail={"given_on": str(given_on), "dose": dose})
    return given


def stop_treatment(treatment: Treatment, end_on: date, *, by: Any, reason: str = "",
                   completed: bool = False, request: HttpRequest | None = None) -> Treatment:
    if treatment.status != Status.ACTIVE:
        return treatment
    if end_on < treatment.start_on:
        raise ResultInputError("end_on", "is before the start of the treatment")
    with transaction.atomic():
        treatment.end_on = end_on
        treatment.status = Status.COMPLETED if completed else Status.STOPPED
        treatment.stop_reason = reason[:200]
        treatment.next_due_on = None
        treatment.save(update_fields=["end_on", "status", "stop_reason", "next_due_on"])
        _timeline(treatment, f"Treatment {treatment.get_status_display().lower()}: "
                             f"{treatment.get_kind_display()}", reason, end_on)
        record(request, codes.TREATMENT_STOPPED, user=by, patient=treatment.patient,
               obj=treatment, detail={"end_on": str(end_on), "reason": reason})
    return treatment
