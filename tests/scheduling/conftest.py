from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

LA = ZoneInfo("America/Los_Angeles")
# Monday 2 March 2026, 08:00 in the program's zone (PST, UTC-8). DST starts Sunday 8 March.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=LA)


def local(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """An instant given as wall time in the program's zone, March 2026 by default."""
    return datetime(2026, month, day, hour, minute, tzinfo=LA)


@pytest.fixture(autouse=True)
def _program_clock(settings: Any) -> Any:
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    settings.PROGRAM_OPENING_HOURS = {d: (time(9), time(17)) for d in range(5)}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sam_weekdays(sam: Any) -> Any:
    """The surgeon sees patients Monday to Friday, 09:00–17:00."""
    from netcare.scheduling.models import ClinicianAvailability

    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=sam, weekday=d, starts=time(9), ends=time(17))
        for d in range(5)
    ])
    return sam


@pytest.fixture
def sid_weekdays(db: Any) -> Any:
    """Sid, a second surgeon (the cast has one per role), who also sees patients Monday to
    Friday, 09:00–17:00: a visit with Sam can move to him."""
    from netcare.scheduling.models import ClinicianAvailability
    from tests.conftest import _make_user

    sid = _make_user("sid", "physician", "surgery")
    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=sid, weekday=d, starts=time(9), ends=time(17))
        for d in range(5)
    ])
    return sid


@pytest.fixture
def book(sam_weekdays: Any, pat_record: Any, nora: Any) -> Any:
    from netcare.scheduling.actions import request_appointment

    def make(start: datetime, kind: str = "follow_up", patient: Any = None,
             by: Any = None) -> Any:
        return request_appointment(patient or pat_record, clinician=sam_weekdays, kind=kind,
                                   starts_at=start, by=by or nora)

    return make
