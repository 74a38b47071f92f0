"""Calendar dates of the program and the UTC instants stored for them.

The zone is the program's (`settings_store.current()`, which administrators edit in the admin;
cached per process, so no query per call in the steady state)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from netcare.program import settings_store


def program_zone() -> ZoneInfo:
    return settings_store.current().zone


def local_noon(day: date) -> datetime:
    """Noon of `day` in the program's zone, as an aware UTC datetime (for timeline ordering of
    events known only by their date; noon keeps the date the same in every zone offset)."""
    return datetime.combine(day, time(12), tzinfo=program_zone()).astimezone(UTC)


def program_today() -> date:
    """Today's date in the program's time zone (due/overdue are judged on local dates)."""
    return timezone.now().astimezone(program_zone()).date()


def end_of_program_today() -> datetime:
    """Midnight at the end of the program's today, as an aware UTC datetime: a timeline entry
    at or after it is planned (a booked scan, the next injection), not something that
    happened."""
    tomorrow = program_today() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=program_zone()).astimezone(UTC)
