"""Appointment changes: request, confirm, cancel, reschedule. Views, API and tests call these.

Each runs in one transaction: validates (opening hours, availability), claims or releases the
15-minute slot rows (the database refuses a double booking of the clinician or of the patient —
see models.py), appends the history, writes the TimelineEntry (released to the patient: it is
their own appointment) and the audit entry. Reminders are enqueued only after commit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.tasks import default_task_backend
from django.utils import timezone

from netcare.accounts.models import Discipline, Role
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient, TimelineEntry, TimelineKind
from netcare.scheduling.models import (
    ACTIVE_STATUSES,
    DURATION_MINUTES,
    Appointment,
    AppointmentKind,
    AppointmentSlot,
    AppointmentStatus,
    ChangeKind,
    ClinicianAvailability,
    Reminder,
    ReminderStatus,
)
from netcare.scheduling.rules import check_when, program_zone, slot_starts

REMINDER_LEAD = timedelta(days=1)


class SlotTakenError(Exception):
    """The clinician already has an appointment in (part of) that time."""


def already_booked(other: Appointment, *, by: Any) -> str:
    """Who already has which visit when, as the person booking reads it: "You already have a
    requested visit with …" for the patient themselves, "<patient> already has …" for staff.
    Uses ``other.patient`` and ``other.clinician``."""
    local = other.starts_at.astimezone(program_zone())
    end = other.ends_at.astimezone(program_zone())
    clinician = other.clinician.get_full_name() or other.clinician.username
    state = {AppointmentStatus.REQUESTED: "a requested visit",
             AppointmentStatus.CONFIRMED: "a confirmed visit"}.get(other.status, "a visit")
    who = ("You already have" if by is not None and other.patient.user_id == by.pk
           else f"{other.patient.full_name} already has")
    return (f"{who} {state} with {clinician} ({Discipline(other.discipline).label}) at "
            f"{local:%H:%M}–{end:%H:%M} on {local:%a} {local.day} {local:%b}")


class PatientBusyError(ValidationError):
    """The patient already has a live visit in (part of) that time: a ValidationError on
    ``starts_at`` naming the other visit (``other``), so forms show it on the time's field."""

    def __init__(self, other: Appointment, *, by: Any) -> None:
        self.other = other
        super().__init__({"starts_at": f"{already_booked(other, by=by)}; choose another time."})


def _describe(appointment: Appointment) -> str:
    local = appointment.starts_at.astimezone(program_zone())
    who = appointment.clinician.get_full_name() or appointment.clinician.username
    discipline = Discipline(appointment.discipline).label
    return f"{AppointmentKind(appointment.kind).label} with {who} ({discipline}), " \
           f"{local:%Y-%m-%d %H:%M}"


def _timeline(appointment: Appointment, title: str, summary: str = "", *,
              when: datetime | None = None) -> None:
    """`when`: the moment the entry stands at, by default now (a request, a booking, a move
    happens when it is made)."""
    TimelineEntry.objects.create(
        patient_id=appointment.patient_id, occurred_at=when or timezone.now(),
        kind=TimelineKind.VISIT,
        title=title[:200], summary=summary[:500], source_type="appointment",
        source_id=str(appointment.pk), released_to_patient=True,
    )


def _claim(appointment: Appointment, *, by: Any) -> None:
    """Insert the slot rows, which claim the time for the clinician and for the patient.

    A time the patient already has another live visit in raises PatientBusyError naming that
    visit (also when the clinician is taken too: the patient's own visit says more); one the
    clinician is booked in raises SlotTakenError. The savepoint keeps the outer transaction
    usable so it can roll back cleanly.
    """
    starts = slot_starts(appointment.starts_at, appointment.ends_at)
    try:
        with transaction.atomic():
            AppointmentSlot.objects.bulk_create([
                AppointmentSlot(appointment=appointment, clinician_id=appointment.clinician_id,
                                patient_id=appointment.patient_id, starts_at=start)
                for start in starts
            ])
    except IntegrityError:
        # The error does not say which constraint refused the rows (PostgreSQL stops at the
        # first). A concurrent winner has committed by now (the unique check waited for it),
        # so this read sees its rows.
        clash = (AppointmentSlot.objects.filter(patient_id=appointment.patient_id,
                                                starts_at__in=starts)
                 .exclude(appointment_id=appointment.pk)
                 .select_related("appointment__clinician", "appointment__patient")
                 .order_by("starts_at").first())
        if clash is not None:
            raise PatientBusyError(clash.appointment, by=by) from None
        raise SlotTakenError("the clinician is already booked at that time") from None


def _check(clinician: Any, discipline: str, starts_at: datetime, ends_at: datetime) -> None:
    if clinician.role != Role.PHYSICIAN or not clinician.is_active:
        raise ValidationError({"clinician": "choose an active physician"})
    if discipline != clinician.discipline:
        raise ValidationError({"clinician": f"the clinician does not practise "
                                            f"{Discipline(discipline).label.lower()}"})
    check_when(starts_at, ends_at, ClinicianAvailability.objects.filter(clinician=clinician),
               now=timezone.now())


def request_appointment(
    patient: Patient, *, clinician: Any, kind: str, starts_at: datetime, by: Any,
    request: HttpRequest | None = None, reason: str = "", discipline: str | None = None,
) -> Appointment:
    """Request a visit (status requested); the slot is held until confirmed or cancelled.

    Raises ValidationError naming the field, PatientBusyError (``starts_at``: the patient has
    another live visit then) or SlotTakenError (the clinician is booked then).
    """
    if kind not in AppointmentKind.values:
        raise ValidationError({"kind": f"unknown kind {kind!r}"})
    discipline = discipline or clinician.discipline
    ends_at = starts_at + timedelta(minutes=DURATION_MINUTES[AppointmentKind(kind)])
    _check(clinician, discipline, starts_at, ends_at)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            patient=patient, clinician=clinician, discipline=discipline, kind=kind,
            starts_at=starts_at, ends_at=ends_at, reason=reason[:300], requested_by=by,
        )
        _claim(appointment, by=by)
        appointment.changes.create(kind=ChangeKind.REQUESTED, by=by, reason=reason[:300])
        _timeline(appointment, "Appointment requested: " + _describe(appointment), reason)
        record(request, codes.APPOINTMENT_REQUESTED, user=by, patient=patient, obj=appointment,
               detail={"starts_at": starts_at.isoformat(), "clinician": clinician.username})
    return appointment


def _lock(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("clinician").get(
        pk=appointment.pk)


def _queue_reminder(appointment: Appointment) -> Reminder:
    reminder = Reminder.objects.create(
        appointment=appointment, send_at=appointment.starts_at - REMINDER_LEAD,
        message="Reminder: " + _describe(appointment),
    )
    task = _reminder_task()
    if default_task_backend.supports_defer:
        task = task.using(run_after=reminder.send_at)
    transaction.on_commit(lambda: task.enqueue(reminder.pk))
    return reminder


def _reminder_task() -> Any:
    from netcare.scheduling.tasks import send_appointment_reminder

    return send_appointment_reminder


def confirm_appointment(appointment: Appointment, *, by: Any,
                        request: HttpRequest | None = None) -> Appointment:
    """Staff confirm a requested visit and queue its reminder. No-op if already confirmed."""
    with transaction.atomic():
        locked = _lock(appointment)
        if locked.status == AppointmentStatus.CONFIRMED:
            return locked
        if locked.status != AppointmentStatus.REQUESTED:
            raise ValidationError({"status": f"a {locked.status} appointment cannot be "
                                             "confirmed"})
        locked.status = AppointmentStatus.CONFIRMED
        locked.confirmed_by = by
        locked.save(update_fields=["status", "confirmed_by"])
        locked.changes.create(kind=ChangeKind.CONFIRMED, by=by)
        _queue_reminder(locked)
        _timeline(locked, "Appointment confirmed: " + _describe(locked))
        record(request, codes.APPOINTMENT_CONFIRMED, user=by, patient=locked.patient,
               obj=locked)
    return locked


def cancel_appointment(appointment: Appointment, *, by: Any, reason: str,
                       request: HttpRequest | None = None) -> Appointment:
    """Cancel with a reason; frees the slots and cancels queued reminders."""
    if not reason.strip():
        raise ValidationError({"reason": "say why the appointment is cancelled"})
    with transaction.atomic():
        locked = _lock(appointment)
        if locked.status not in ACTIVE_STATUSES:
            raise ValidationError({"status": f"a {locked.status} appointment cannot be "
                                             "cancelled"})
        old = locked.status
        locked.status = AppointmentStatus.CANCELLED
        locked.change_reason = reason.strip()[:300]
        locked.save(update_fields=["status", "change_reason"])
        AppointmentSlot.objects.filter(appointment=locked).delete()
        locked.reminders.filter(status=ReminderStatus.QUEUED).update(
            status=ReminderStatus.CANCELLED)
        locked.changes.create(kind=ChangeKind.CANCELLED, by=by, reason=locked.change_reason)
        _timeline(locked, "Appointment cancelled: " + _describe(locked), locked.change_reason)
        record(request, codes.APPOINTMENT_CANCELLED, user=by, patient=locked.patient,
               obj=locked, detail={"old_status": old, "reason": locked.change_reason})
    return locked


def reschedule_appointment(appointment: Appointment, *, starts_at: datetime, by: Any,
                           reason: str, clinician: Any = None,
                           request: HttpRequest | None = None) -> Appointment:
    """Move a visit to `starts_at` with a reason, with the same clinician or, given
    `clinician`, with another active physician of the visit's discipline (same kind of visit,
    same length). Frees the old slots and claims the new clinician's in one transaction, so on
    a clash (SlotTakenError) nothing changes. A confirmed visit's reminder is re-queued. The
    history row keeps the old time and the old clinician.

    Raises ValidationError naming ``reason``, ``status``, ``clinician`` (not an active
    physician of the discipline) or ``starts_at`` (hours, the clinician's availability;
    PatientBusyError: the patient's other visit).
    """
    if not reason.strip():
        raise ValidationError({"reason": "say why the appointment is moved"})
    with transaction.atomic():
        locked = _lock(appointment)
        if locked.status not in ACTIVE_STATUSES:
            raise ValidationError({"status": f"a {locked.status} appointment cannot be moved"})
        old_start = locked.starts_at
        old_clinician = locked.clinician
        new_clinician = old_clinician if clinician is None else clinician
        duration = locked.ends_at - locked.starts_at
        _check(new_clinician, locked.discipline, starts_at, starts_at + duration)
        old_text = _describe(locked)
        AppointmentSlot.objects.filter(appointment=locked).delete()
        locked.clinician = new_clinician
        locked.starts_at = starts_at
        locked.ends_at = starts_at + duration
        locked.change_reason = reason.strip()[:300]
        locked.save(update_fields=["clinician", "starts_at", "ends_at", "change_reason"])
        _claim(locked, by=by)
        locked.changes.create(kind=ChangeKind.RESCHEDULED, by=by, reason=locked.change_reason,
                              old_starts_at=old_start, old_clinician=old_clinician)
        if locked.status == AppointmentStatus.CONFIRMED:
            locked.reminders.filter(status=ReminderStatus.QUEUED).update(
                status=ReminderStatus.CANCELLED)
            _queue_reminder(locked)
        _timeline(locked, "Appointment moved: " + _describe(locked),
                  f"{locked.change_reason} (was: {old_text})")
        record(request, codes.APPOINTMENT_RESCHEDULED, user=by, patient=locked.patient,
               obj=locked, detail={"old": old_start.isoformat(), "new": starts_at.isoformat(),
                                   "old_clinician": old_clinician.username,
                                   "new_clinician": new_clinician.username,
                                   "reason": locked.change_reason})
    return locked


def complete_appointment(appointment: Appointment, *, by: Any,
                         request: HttpRequest | None = None) -> Appointment:
    """Mark a confirmed visit as completed once it has started. No-op if already completed.

    The slot rows stay (the time was used). Raises ValidationError naming ``status`` for a
    visit that is not confirmed or has not started yet.
    """
    with transaction.atomic():
        locked = _lock(appointment)
        if locked.status == AppointmentStatus.COMPLETED:
            return locked
        if locked.status != AppointmentStatus.CONFIRMED:
            raise ValidationError({"status": f"a {locked.status} appointment cannot be "
                                             "completed; confirm it first"})
        if locked.starts_at > timezone.now():
            raise ValidationError({"status": "the visit has not started yet"})
        locked.status = AppointmentStatus.COMPLETED
        locked.save(update_fields=["status"])
        locked.reminders.filter(status=ReminderStatus.QUEUED).update(
            status=ReminderStatus.CANCELLED)
        locked.changes.create(kind=ChangeKind.COMPLETED, by=by)
        # The visit took place when it started, whenever it is marked completed.
        _timeline(locked, "Visit completed: " + _describe(locked), when=locked.starts_at)
        record(request, codes.APPOINTMENT_COMPLETED, user=by, patient=locked.patient,
               obj=locked)
    return locked


def check_no_overlapping_block(clinician: Any, *, weekday: int | None = None,
                               on_date: date | None = None, starts: time, ends: time,
                               exclude_pk: int | None = None) -> None:
    """The rule every availability block obeys, wherever it is added or changed: none of the
    clinician's blocks of the same weekday (or the same date, for a dated block) overlaps it.

    `exclude_pk` is the block being changed. Locks the rows it reads: call it inside the
    transaction that saves the block. Raises ValidationError naming ``starts``.
    """
    blocks = ClinicianAvailability.objects.select_for_update().filter(
        clinician=clinician, weekday=weekday, on_date=on_date, starts__lt=ends, ends__gt=starts)
    if exclude_pk is not None:
        blocks = blocks.exclude(pk=exclude_pk)
    overlapping = blocks.order_by("starts").first()
    if overlapping is not None:
        raise ValidationError({"starts": f"overlaps the block {overlapping.starts:%H:%M}–"
                                         f"{overlapping.ends:%H:%M} of that day"})


def add_availability(clinician: Any, *, weekday: int, starts: time, ends: time, by: Any,
                     request: HttpRequest | None = None) -> ClinicianAvailability:
    """Add a weekly block (local wall times) to a physician's availability, audited.

    Raises ValidationError naming ``clinician``, ``weekday``, ``ends`` or ``starts`` (overlap
    with another block of the same weekday).
    """
    if clinician.role != Role.PHYSICIAN:
        raise ValidationError({"clinician": "availability is for physicians"})
    if weekday not in range(7):
        raise ValidationError({"weekday": "choose a day of the week"})
    if ends <= starts:
        raise ValidationError({"ends": "must be after the start"})
    with transaction.atomic():
        check_no_overlapping_block(clinician, weekday=weekday, starts=starts, ends=ends)
        block = ClinicianAvailability.objects.create(clinician=clinician, weekday=weekday,
                                                     starts=starts, ends=ends)
        record(request, codes.AVAILABILITY_ADDED, user=by, obj=block,
               detail={"clinician": clinician.username, "weekday": weekday,
                       "starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}"})
    return block


def remove_availability(block: ClinicianAvailability, *, by: Any,
                        request: HttpRequest | None = None) -> None:
    """Remove a block; booked visits stay (they were checked when booked), audited."""
    with transaction.atomic():
        detail = {"clinician": block.clinician.username, "weekday": block.weekday,
                  "on_date": str(block.on_date or ""), "starts": f"{block.starts:%H:%M}",
                  "ends": f"{block.ends:%H:%M}"}
        record(request, codes.AVAILABILITY_REMOVED, user=by, obj=block, detail=detail)
        block.delete()
