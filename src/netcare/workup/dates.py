"""Calendar dates of the program and the UTC instants stored for them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@cache
def program_zone() -> ZoneInfo:
    return ZoneInfo(settings.PROGRAM_TIME_ZONE)


def local_noon(day: date) -> datetime:
    """Noon of `day` in the program's zone, as an aware UTC datetime (for timeline ordering of
    events known only by their date; noon keeps the date the same in every zone offset)."""
    return datetime.combine(day, time(12), tzinfo=program_zone()).astimezone(UTC)


def program_today() -> date:
    """Today's date in the program's time zone (due/overdue are judged on local dates)."""
    return timezone.now().astimezone(program_zone()).date()
