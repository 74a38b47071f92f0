"""The next free appointment times of a discipline or a clinician (the booking picker).

Three queries whatever the window: the clinicians, their availability blocks, and the slots
already claimed in the window (index ``slot_clinician_start_unique``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from netcare.accounts.models import Role, User
from netcare.scheduling.models import (
    DURATION_MINUTES,
    AppointmentKind,
    AppointmentSlot,
    ClinicianAvailability,
)
from netcare.scheduling.rules import FreeSlot, free_slots, program_zone

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


def next_free_slots(kind: str, *, discipline: str = "", clinician: Any = None,
                    disciplines: Collection[str] = (), now: datetime | None = None,
                    from_date: date | None = None, days: int = DAYS_AHEAD,
                    limit: int = LIMIT) -> list[FreeSlot]:
    """The next `limit` free start times for a visit of `kind`, with physicians of
    `disciplines` only when given, from local `from_date` when given (three queries)."""
    now = now or timezone.now()
    clinicians = bookable_clinicians(discipline=discipline, clinician=clinician,
                                     disciplines=disciplines)
    if not clinicians:
        return []
    ids = [c.pk for c in clinicians]
    availability = list(ClinicianAvailability.objects.filter(clinician_id__in=ids))
    first = max(now, local_midnight(from_date)) if from_date else now
    end = first + timedelta(days=days + 1)
    taken = set(AppointmentSlot.objects.filter(clinician_id__in=ids, starts_at__gte=first,
                                               starts_at__lt=end)
                .values_list("clinician_id", "starts_at"))
    duration = timedelta(minutes=DURATION_MINUTES[AppointmentKind(kind)])
    return free_slots(clinicians, duration, availability, taken, now=now, days=days,
                      limit=limit, start_day=from_date)


def local_midnight(day: date) -> datetime:
    """00:00 of `day` in the program's zone (DST-safe: the zone gives the offset)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=program_zone())
