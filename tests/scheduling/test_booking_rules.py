"""Visits only within opening hours and the clinician's availability, on quarter hours."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from netcare.scheduling.actions import request_appointment
from netcare.scheduling.models import ClinicianAvailability
from netcare.scheduling.rules import local_to_utc
from tests.scheduling.conftest import local


def _refused(book: Any, start: Any, kind: str = "follow_up") -> str:
    with pytest.raises(ValidationError) as error:
        book(start, kind)
    return "; ".join(error.value.message_dict["starts_at"])


def test_a_follow_up_inside_hours_is_requested_for_30_minutes(book: Any) -> None:
    """Wednesday 10:00 local: requested, ends 10:30, two 15-minute slots claimed."""
    appointment = book(local(4, 10))
    assert ("requested", timedelta(minutes=30), 2) == (
        appointment.status, appointment.ends_at - appointment.starts_at,
        appointment.slots.count())


def test_outside_opening_hours_is_refused(book: Any) -> None:
    """08:45 starts too early; a new-patient visit at 16:30 would end after 17:00."""
    assert "outside opening hours" in _refused(book, local(4, 8, 45))
    assert "outside opening hours" in _refused(book, local(4, 16, 30), "new_patient")


def test_weekends_and_the_past_are_refused(book: Any) -> None:
    """Saturday is closed; an hour ago is in the past."""
    assert "closed on Saturdays" in _refused(book, local(7, 10))
    assert "future" in _refused(book, local(2, 7))


def test_times_off_the_quarter_hour_are_refused(book: Any) -> None:
    """10:10 is not a slot start."""
    assert "quarter hour" in _refused(book, local(4, 10, 10))


def test_outside_the_clinicians_availability_is_refused(book: Any, sam: Any) -> None:
    """With only Wednesday mornings available, Wednesday 14:00 is refused; a dated block opens
    Thursday afternoon."""
    ClinicianAvailability.objects.all().delete()
    ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(9),
                                         ends=time(12))
    assert "not available" in _refused(book, local(4, 14))
    assert "not available" in _refused(book, local(5, 14))
    ClinicianAvailability.objects.create(clinician=sam, on_date=local(5, 0).date(),
                                         starts=time(13), ends=time(17))
    assert "requested" == book(local(5, 14)).status


def test_the_discipline_must_be_the_clinicians(sam_weekdays: Any, pat_record: Any,
                                               nora: Any) -> None:
    """A surgeon cannot be booked for a gastroenterology visit."""
    with pytest.raises(ValidationError) as error:
        request_appointment(pat_record, clinician=sam_weekdays, kind="follow_up",
                            starts_at=local(4, 10), by=nora, discipline="gastroenterology")
    assert "clinician" in error.value.message_dict


def test_opening_hours_follow_daylight_saving_time(book: Any) -> None:
    """09:00 local is 17:00 UTC before the clock change (PST) and 16:00 UTC after (PDT)."""
    utc = ZoneInfo("UTC")
    assert 17 == book(local(6, 9)).starts_at.astimezone(utc).hour
    assert 16 == book(local(10, 9)).starts_at.astimezone(utc).hour


def test_a_wall_time_that_does_not_exist_is_refused(db: Any) -> None:
    """02:30 on 8 March 2026 is skipped by the spring-forward change in Los Angeles (the zone is
    the program's settings: read from the database)."""
    with pytest.raises(ValidationError):
        local_to_utc(local(8, 0).date(), time(2, 30))
    assert 17 == local_to_utc(local(6, 0).date(), time(9)).hour
