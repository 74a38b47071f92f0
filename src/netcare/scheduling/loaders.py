"""Bulk loader of synthetic appointments (called by `netcare seed`).

The first consultation becomes a new-patient visit (60 min) and every follow-up event a
follow-up visit (30 min): completed in the past, confirmed when planned for today or later. A
planned visit dated before today was missed (the cohort's overdue follow-ups): it gets no
appointment, so it stays a follow-up to schedule on the navigator's worklist. They respect
the app's rules: `prepare()` creates `POOL` synthetic medical oncologists (usernames
``seed-clinician-NN``, unusable passwords) with weekly availability equal to the opening hours;
visits start on the quarter hour within opening hours, on an open day (a weekend date moves to
the next open day, as does a visit when every clinician's day is full). Clinician days fill in
order, appended after what the database already holds (so `--start-index` runs never overlap);
parallel seed processes use disjoint clinicians (`netcare.patients.loaders.SHARD`). Only future
(confirmed) visits claim their AppointmentSlot rows: the double-booking guard only matters for
times that can still be booked, and 1.7 M past slot rows would double the cost. No history
(AppointmentChange) or reminder rows. Consultation events claim their timeline entry; follow-up
events only when the surveillance loader did not (see `netcare.patients.loaders`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Max
from django.db.models.functions import TruncDate

from netcare.accounts.models import Discipline, Role, User
from netcare.db import insert_rows, reserve_ids
from netcare.patients import loaders as seeding
from netcare.patients.loaders import Collector, Link, publish
from netcare.program import settings_store
from netcare.scheduling.models import (
    SLOT_MINUTES,
    Appointment,
    AppointmentSlot,
    ClinicianAvailability,
)
from netcare.scheduling.rules import program_zone

POOL = 24
FIELDS = ["id", "patient", "clinician", "discipline", "kind", "starts_at", "ends_at", "status",
          "reason", "created_at"]
_UNITS = {"new_patient": 60 // SLOT_MINUTES, "follow_up": 30 // SLOT_MINUTES}
_VISITS = {"consultation": "new_patient", "follow_up": "follow_up"}  # event kind → visit kind
_STATE: dict[str, Any] = {}
#: The seeded clinic's oncologists: fictional names, so a booking list reads like a clinic's
#: (one per POOL place).
_CLINICIAN_NAMES = (
    ("Amara", "Osei"), ("Ben", "Hartley"), ("Chiara", "Rossi"), ("Daniel", "Kowalski"),
    ("Elena", "Marin"), ("Farid", "Haddad"), ("Grace", "Lindholm"), ("Hiro", "Tanaka"),
    ("Ines", "Duarte"), ("Jonas", "Berg"), ("Keisha", "Grant"), ("Luis", "Ortega"),
    ("Maren", "Vogel"), ("Nikhil", "Rao"), ("Olivia", "Brennan"), ("Pavel", "Novak"),
    ("Quinn", "Adler"), ("Rosa", "Iglesias"), ("Sanjay", "Mehta"), ("Tove", "Nilsen"),
    ("Uma", "Kapoor"), ("Victor", "Leclerc"), ("Wen", "Zhao"), ("Yara", "Nassar"),
)


def prepare() -> None:
    """Create the synthetic clinicians and their availability (once); read how full each
    clinician's days already are."""
    clinicians = []
    for number in range(1, POOL + 1):
        first, last = _CLINICIAN_NAMES[number - 1]
        user, created = User.objects.get_or_create(
            username=f"seed-clinician-{number:02d}",
            defaults={"first_name": first, "last_name": last,
                      "role": Role.PHYSICIAN, "discipline": Discipline.MEDICAL_ONCOLOGY},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            ClinicianAvailability.objects.bulk_create(
                ClinicianAvailability(clinician=user, weekday=weekday, starts=opens, ends=closes)
                for weekday, (opens, closes) in settings_store.current().opening_hours.items())
        clinicians.append(user.pk)
    hours = settings_store.current().opening_hours
    zone = program_zone()
    used: dict[tuple[date, int], int] = {}
    rows = (Appointment.objects.filter(clinician_id__in=clinicians)
            .annotate(day=TruncDate("starts_at", tzinfo=zone))
            .values("day", "clinician_id").annotate(last=Max("ends_at")))
    for row in rows:
        opens = hours.get(row["day"].weekday(), (None, None))[0]
        if opens is None:
            continue
        local = row["last"].astimezone(zone)
        minutes = (local.hour * 60 + local.minute) - (opens.hour * 60 + opens.minute)
        used[(row["day"], row["clinician_id"])] = -(-minutes // SLOT_MINUTES)
    # Opening hours as (opens, slots a day) per weekday, and the zone: read once per load
    # (`_place` runs once per visit, 700,000 times in a 100,000-patient seed).
    days = {weekday: (opens, ((closes.hour * 60 + closes.minute)
                              - (opens.hour * 60 + opens.minute)) // SLOT_MINUTES)
            for weekday, (opens, closes) in hours.items()}
    _STATE.update(clinicians=clinicians, used=used, pointer={}, moments={}, days=days,
                  zone=zone)


def _moment(day: date, unit: int, opens: Any) -> datetime:
    moments = _STATE["moments"]
    key = (day, unit)
    moment = moments.get(key)
    if moment is None:
        local = datetime.combine(day, opens, tzinfo=_STATE["zone"])
        moment = moments[key] = (local + timedelta(minutes=SLOT_MINUTES * unit)).astimezone(UTC)
    return moment


_DAY = timedelta(days=1)


def _place(day: date, units: int, mine: Sequence[int]) -> tuple[int, datetime, datetime]:
    """(clinician id, start, end) of the first free place on `day` or the next open days, with
    one of the clinicians `mine` (this process's share)."""
    days = _STATE["days"]
    used, pointer = _STATE["used"], _STATE["pointer"]
    while True:
        hours = days.get(day.weekday())
        if hours is not None:
            opens, capacity = hours
            index = pointer.get(day, 0)
            while index < len(mine):
                taken = used.get((day, mine[index]), 0)
                if taken + units <= capacity:
                    used[(day, mine[index])] = taken + units
                    pointer[day] = index
                    return (mine[index], _moment(day, taken, opens),
                            _moment(day, taken + units, opens))
                index += 1
            pointer[day] = index
        day += _DAY


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """Appointments (and the slot rows of future ones) for the consultation and follow-up
    events of `histories`. Two COPYs."""
    if not _STATE or (into is None and seeding.SHARD == (0, 1)):
        prepare()
    today = datetime.now(UTC).astimezone(_STATE["zone"]).date()
    worker, workers = seeding.SHARD
    mine = _STATE["clinicians"][worker::workers]
    visits: list[tuple[int, int, int, str, date, str]] = []
    for position, history in enumerate(histories):
        pid = patient_ids[history.demographics.mrn]
        for number, event in enumerate(history.events):
            kind = _VISITS.get(event.kind)
            if kind is not None and not (event.status == "planned" and event.day < today):
                visits.append((position, number, pid, kind, event.day, event.status))
    next_id = reserve_ids(Appointment, len(visits))
    rows: list[tuple[Any, ...]] = []
    slots: list[tuple[Any, ...]] = []
    links: dict[tuple[int, int], Link] = {}
    step = timedelta(minutes=SLOT_MINUTES)
    for position, number, pid, kind, day, status in visits:
        clinician, starts, ends = _place(day, _UNITS[kind], mine)
        active = status == "planned"
        rows.append((next_id, pid, clinician, "medical_oncology", kind, starts, ends,
                     "confirmed" if active else "completed",
                     "First consultation" if kind == "new_patient" else "Follow-up visit", starts))
        if active:
            moment = starts
            while moment < ends:
                slots.append((next_id, clinician, pid, moment))
                moment += step
        links[(position, number)] = ("appointment", str(next_id), "visit")
        next_id += 1
    insert_rows(Appointment, FIELDS, rows)
    insert_rows(AppointmentSlot, ["appointment", "clinician", "patient", "starts_at"], slots,
                first_id=reserve_ids(AppointmentSlot, len(slots)))
    publish(histories, patient_ids, links, [], into)
