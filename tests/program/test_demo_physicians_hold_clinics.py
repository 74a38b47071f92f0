"""The demo's physicians who see patients can be booked, and have visits on their schedules."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from netcare.accounts.models import User
from netcare.scheduling.models import Appointment, AppointmentStatus, ClinicianAvailability
from netcare.workup.dates import program_today


def _demo() -> None:
    call_command("demo", "--no-serve", "--patients", "30", stdout=StringIO(), stderr=StringIO())


def test_demo_clinic_physicians_are_available_in_opening_hours(db: Any) -> None:
    _demo()
    for username in ("surgeon", "oncologist", "gastro", "nucmed"):
        weekdays = set(ClinicianAvailability.objects.filter(clinician__username=username)
                       .values_list("weekday", flat=True))
        assert {0, 1, 2, 3, 4} == weekdays, username
    # Pathologists and radiologists report; they hold no clinic.
    assert not ClinicianAvailability.objects.filter(
        clinician__username__in=["pathologist", "radiologist"]).exists()


def test_demo_surgeon_and_oncologist_have_confirmed_visits_ahead(db: Any) -> None:
    _demo()
    today = program_today()
    for username, visits in (("surgeon", 6), ("oncologist", 9), ("gastro", 3)):
        booked = Appointment.objects.filter(clinician__username=username,
                                            status=AppointmentStatus.CONFIRMED)
        assert visits == booked.count(), username
        assert all(visit.starts_at.date() > today for visit in booked), username


def test_a_second_demo_run_books_nothing_more(db: Any) -> None:
    _demo()
    counts = (ClinicianAvailability.objects.count(), Appointment.objects.count(),
              User.objects.count())
    _demo()
    assert counts == (ClinicianAvailability.objects.count(), Appointment.objects.count(),
                      User.objects.count())
