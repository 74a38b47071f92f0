"""The next free appointment times of a discipline or a clinician (the booking picker).

Four queries whatever the window: the clinicians, their availability blocks, the slots already
claimed in the window (index ``slot_clinician_start_unique``) and, for a patient, their other
visits in the window (index ``appointment_patient_idx``), so that a page never offers a time
the patient is already booked at. The database's ``slot_patient_start_unique`` still refuses
one (a page shown before the other visit was booked).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from netcare.accounts.models import Role, User
from netcare.scheduling.models import (
    DURATION_MINUTES,
    Appointment,
    AppointmentKind,
    AppointmentSlot,
    AppointmentStatus,
    ClinicianAvailability,
)
from netcare.scheduling.rules import Offer, free_slots, program_zone

#: How far ahead the picker looks, and how many times it offers.
DAYS_AHEAD = 28
LIMIT = 12


def bookable_clinicians(*, discipline: str = "", clinician: Any = None,
                        disciplines: Collection[str] = ()) -> list[Any]:
    """Active physicians, optionally of one discipline (or one of `disciplines`) or one
    clinician. One query."""
    clinicians = User.objects.filter(role=Role.PHYSICIAN, is_active=True)
    if discipline:
        clinicians = clinicians.filter(discipline=discipline)
    if disciplines:
        clinicians = clinicians.filter(discipline__in=disciplines)
    if clinician is not None:
        clinicians = clinicians.filter(pk=clinician.pk)
    return list(clinicians.order_by("last_name", "id"))


def next_free_slots(kind: str, *, patient: Any = None, moving: Any = None,
                    discipline: str = "", clinician: Any = None,
                    disciplines: Collection[str] = (), now: datetime | None = None,
                    from_date: date | None = None, days: int = DAYS_AHEAD,
                    limit: int = LIMIT) -> Offer:
    """The next `limit` free start times for a visit of `kind`, with physicians of
    `disciplines` only when given, from local `from_date` when given; for `patient`, none
    that overlaps one of their other visits (not cancelled), `moving` (the visit being moved)
    aside. Three queries, four with a patient."""
    now = now or timezone.now()
    clinicians = bookable_clinicians(discipline=discipline, clinician=clinician,
                                     disciplines=disciplines)
    if not clinicians:
        return Offer([])
    ids = [c.pk for c in clinicians]
    availability = list(ClinicianAvailability.objects.filter(clinician_id__in=ids))
    first = max(now, local_midnight(from_date)) if from_date else now
    end = first + timedelta(days=days + 1)
    taken = set(AppointmentSlot.objects.filter(clinician_id__in=ids, starts_at__gte=first,
                                               starts_at__lt=end)
                .values_list("clinician_id", "starts_at"))
    duration = timedelta(minutes=DURATION_MINUTES[AppointmentKind(kind)])
    visits = patient_visits(patient, first, end, moving=moving) if patient is not None else []
    return free_slots(clinicians, duration, availability, taken, now=now, days=days,
                      limit=limit, start_day=from_date, visits=visits)


def patient_visits(patient: Any, first: datetime, end: datetime, *,
                   moving: Any = None) -> list[Appointment]:
    """The patient's visits that are not cancelled (the ones holding slot rows: requested,
    confirmed, completed) overlapping [first, end), `moving` aside, earliest first, with
    their clinician and patient loaded. One query."""
    visits = (Appointment.objects.select_related("clinician")
              .filter(patient=patient, starts_at__lt=end, ends_at__gt=first,
                      # No visit outlasts its day (check_when): keeps to the index's range.
                      starts_at__gt=first - timedelta(days=1))
              .exclude(status=AppointmentStatus.CANCELLED)
              .order_by("starts_at", "id"))
    if moving is not None:
        visits = visits.exclude(pk=moving.pk)
    out = list(visits)
    for visit in out:
        visit.patient = patient  # for naming them (who: "you" or the patient), no query
    return out


def local_midnight(day: date) -> datetime:
    """00:00 of `day` in the program's zone (DST-safe: the zone gives the offset)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=program_zone())
