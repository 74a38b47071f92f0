"""Appointments, clinicians' availability, slot claims and reminders (issue: the patient
journey, item 3).

No double booking, enforced by the database — the choice and why
-----------------------------------------------------------------
Each appointment claims one :class:`AppointmentSlot` row per 15-minute slot it covers, and the
named unique constraint ``slot_clinician_start_unique`` on (clinician, starts_at) makes a second
claim of the same slot fail with IntegrityError, whatever the isolation level, on SQLite and
PostgreSQL alike. The same row claims the slot for the patient too:
``slot_patient_start_unique`` on (patient, starts_at) refuses a second visit of one patient in
the same quarter hour, with another clinician or the same. Cancelling or moving an appointment
deletes its slot rows in the same transaction, so the constraints only ever see live claims (no
partial condition needed).
A PostgreSQL exclusion constraint over tstzrange would avoid the slot rows but needs the
btree_gist extension (superuser to install) and has no SQLite equivalent; fixed slots keep one
behaviour on both databases at the cost of aligning appointments to 15 minutes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from netcare.accounts.models import Discipline

SLOT_MINUTES = 15

#: The disciplines whose physicians see patients in clinic, the ones a patient may ask to see.
#: Pathologists and radiologists report on samples and images; patients do not book them.
CLINIC_DISCIPLINES = (Discipline.SURGERY, Discipline.MEDICAL_ONCOLOGY,
                      Discipline.GASTROENTEROLOGY, Discipline.NUCLEAR_MEDICINE)


class AppointmentKind(models.TextChoices):
    NEW_PATIENT = "new_patient", "New-patient visit"
    FOLLOW_UP = "follow_up", "Follow-up visit"


DURATION_MINUTES = {AppointmentKind.NEW_PATIENT: 60, AppointmentKind.FOLLOW_UP: 30}


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"


ACTIVE_STATUSES = (AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED)


class ClinicianAvailability(models.Model):
    """When a clinician sees patients: a weekly block (weekday) or a dated block (on_date).

    Times are wall-clock times in the program's zone (`settings_store.current()`).
    """

    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="availability")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True,
                                               help_text="0 = Monday … 6 = Sunday")
    on_date = models.DateField(null=True, blank=True)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        verbose_name_plural = "clinician availability"
        constraints = [
            models.CheckConstraint(
                name="availability_weekday_xor_date",
                condition=(Q(weekday__isnull=False, on_date__isnull=True)
                           | Q(weekday__isnull=True, on_date__isnull=False)),
                violation_error_message="Give either a weekday or a date.",
            ),
            models.CheckConstraint(name="availability_weekday_range",
                                   condition=Q(weekday__isnull=True) | Q(weekday__lte=6)),
            models.CheckConstraint(name="availability_ends_after_starts",
                                   condition=Q(ends__gt=F("starts"))),
        ]
        indexes = [
            # Booking check: a clinician's blocks for one weekday or one date.
            models.Index(fields=["clinician", "weekday"], name="availability_weekday_idx"),
            models.Index(fields=["clinician", "on_date"], name="availability_date_idx"),
        ]

    def __str__(self) -> str:
        when = self.on_date.isoformat() if self.on_date else f"weekday {self.weekday}"
        return f"{self.clinician} {when} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Appointment(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE,
                                related_name="appointments")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="clinic_appointments")
    discipline = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.REQUESTED)
    reason = models.CharField("reason for the visit", max_length=300, blank=True)
    change_reason = models.CharField("reason for the last cancellation or move",
                                     max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(name="appointment_ends_after_starts",
                                   condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(
                name="appointment_status_valid",
                condition=Q(status__in=[c.value for c in AppointmentStatus])),
            models.CheckConstraint(
                name="appointment_kind_valid",
                condition=Q(kind__in=[c.value for c in AppointmentKind])),
        ]
        indexes = [
            # Staff schedule: appointments in a time window (optionally one clinician).
            models.Index(fields=["starts_at", "clinician"], name="appointment_window_idx"),
            models.Index(fields=["clinician", "starts_at"], name="appointment_clinician_idx"),
            # Portal: one patient's upcoming appointments.
            models.Index(fields=["patient", "starts_at"], name="appointment_patient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"


class AppointmentSlot(models.Model):
    """A live claim of one 15-minute slot of a clinician and of a patient; see the module
    docstring."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="slots")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    # The appointment's patient, copied so that one unique constraint can see it. Empty only
    # on the slots of a visit that already double-booked its patient when the constraint came
    # (migration 0004): the visit booked first keeps the patient's claim.
    # No index of its own: slot_patient_start_unique starts with it.
    patient = models.ForeignKey("patients.Patient", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+", db_index=False)
    starts_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinician", "starts_at"],
                                    name="slot_clinician_start_unique"),
            models.UniqueConstraint(fields=["patient", "starts_at"],
                                    name="slot_patient_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician_id} {self.starts_at:%Y-%m-%d %H:%M}"


class ChangeKind(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Rescheduled"
    COMPLETED = "completed", "Completed"


class AppointmentChange(models.Model):
    """History of an appointment: who requested, confirmed, cancelled or moved it, and why.

    A move (kind ``rescheduled``) keeps where the visit was before: ``old_starts_at`` and
    ``old_clinician`` (the same clinician when only the time changed; empty on moves recorded
    before the clinician was kept). Other kinds leave both empty (constraint
    ``appointment_change_old_values_only_on_move``). The old clinician is protected like the
    appointment's own clinician: the history must not lose who the visit was with.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    old_clinician = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                name="appointment_change_old_values_only_on_move",
                condition=(Q(kind=ChangeKind.RESCHEDULED)
                           | Q(old_starts_at__isnull=True, old_clinician__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class Reminder(models.Model):
    """A reminder for a confirmed appointment; the background task marks it sent."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="reminders")
    status = models.CharField(max_length=20, choices=ReminderStatus.choices,
                              default=ReminderStatus.QUEUED)
    send_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["send_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="reminder_status_valid",
                condition=Q(status__in=[c.value for c in ReminderStatus])),
        ]

    def __str__(self) -> str:
        return f"reminder {self.status} {self.send_at:%Y-%m-%d %H:%M}"
