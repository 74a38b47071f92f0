"""When an appointment may take place: opening hours, the clinician's availability, slots.

Time zones and DST: opening hours and availability are wall-clock times in the program's zone
(both from `netcare.program.settings_store.current()`, which administrators edit in the admin).
Each UTC instant is converted to that zone with zoneinfo, start and end separately, so 09:00
opening is 16:00 UTC under PDT and 17:00 UTC under PST without any fixed offset in the code. A
wall time typed in a form is made aware with the zone and checked by a round trip: a time that
does not exist (the spring-forward gap) comes back different and is refused; an ambiguous one
(the fall-back hour) takes the first occurrence (fold=0). Both happen around 02:00 local,
outside any opening hours, so they are refused anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from netcare.program import settings_store
from netcare.scheduling.models import SLOT_MINUTES


def program_zone() -> ZoneInfo:
    return settings_store.current().zone


def local_to_utc(day: date, at: time, zone: ZoneInfo | None = None) -> datetime:
    """The instant of wall time `day at` in the program's zone (or `zone`); ValidationError if
    it never occurs there (DST gap)."""
    zone = zone or program_zone()
    aware = datetime.combine(day, at, tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if (back.date(), back.time()) != (day, at):
        raise ValidationError({"starts_at": f"{day} {at:%H:%M} does not exist in {zone.key} "
                                            "(clock change)"})
    return aware.astimezone(ZoneInfo("UTC"))


def slot_starts(starts_at: datetime, ends_at: datetime) -> list[datetime]:
    """The 15-minute slot starts covered by [starts_at, ends_at)."""
    step = timedelta(minutes=SLOT_MINUTES)
    out = []
    current = starts_at
    while current < ends_at:
        out.append(current)
        current += step
    return out


def check_when(starts_at: datetime, ends_at: datetime, availability: Iterable[Any],
               *, now: datetime) -> None:
    """Raise ValidationError (field ``starts_at``) unless the visit fits: in the future, on
    15-minute boundaries, within opening hours and within one of the clinician's blocks.

    `availability` holds the clinician's ClinicianAvailability rows (any; filtered here).
    """
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    if starts_at <= now:
        raise ValidationError({"starts_at": "choose a time in the future"})
    program = settings_store.current()
    zone = program.zone
    local_start = starts_at.astimezone(zone)
    local_end = ends_at.astimezone(zone)
    if local_start.second or local_start.microsecond or local_start.minute % SLOT_MINUTES:
        raise ValidationError(
            {"starts_at": f"appointments start on the quarter hour ({SLOT_MINUTES} minutes)"})
    if local_end.date() != local_start.date():
        raise ValidationError({"starts_at": "the visit must end on the day it starts"})
    hours = program.opening_hours.get(local_start.weekday())
    if hours is None:
        raise ValidationError({"starts_at": f"the program is closed on "
                                            f"{local_start:%A}s"})
    opens, closes = hours
    if not (opens <= local_start.time() and local_end.time() <= closes):
        raise ValidationError({"starts_at": f"outside opening hours ({opens:%H:%M}–"
                                            f"{closes:%H:%M} {zone.key})"})
    day = local_start.date()
    for block in availability:
        applies = block.on_date == day if block.on_date else block.weekday == day.weekday()
        if applies and block.starts <= local_start.time() and local_end.time() <= block.ends:
            return
    raise ValidationError({"starts_at": "the clinician is not available at that time"})


@dataclass(frozen=True, slots=True)
class FreeSlot:
    clinician: Any
    starts_at: datetime  # UTC

    @property
    def value(self) -> str:
        """The form value: clinician id and UTC start."""
        return f"{self.clinician.pk}@{self.starts_at.astimezone(ZoneInfo('UTC')):%Y-%m-%dT%H:%M}"


@dataclass(frozen=True, slots=True)
class Offer:
    """What a booking picker offers: the free times (`slots`), and of the patient's other
    visits (`visits`, live and completed, in the window looked at) those that kept out a time
    the clinician had free (`busy`), so the page can say why; `duration` is the visit's length.
    """

    slots: list[FreeSlot]
    busy: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)
    duration: timedelta = timedelta(0)

    def visit_at(self, value: str) -> Any:
        """The patient's visit that a posted time (`FreeSlot.value`) would overlap, or None
        (also for a value that is not a time)."""
        try:
            start = datetime.strptime(value.partition("@")[2], "%Y-%m-%dT%H:%M").replace(
                tzinfo=ZoneInfo("UTC"))
        except ValueError:
            return None
        return _overlapping(self.visits, start, start + self.duration)


def _overlapping(visits: Iterable[Any], starts_at: datetime, ends_at: datetime) -> Any:
    """The first of `visits` (with starts_at and ends_at) that overlaps [starts_at, ends_at)."""
    return next((v for v in visits if v.starts_at < ends_at and starts_at < v.ends_at), None)


def free_slots(clinicians: Sequence[Any], duration: timedelta, availability: Iterable[Any],
               taken: set[tuple[int, datetime]], *, now: datetime, days: int,
               limit: int, per_day: int = 4, start_day: date | None = None,
               visits: Sequence[Any] = ()) -> Offer:
    """The first `limit` start times (at most `per_day` a day, so the choice spans several
    days), from `now` (or local `start_day` if later) over `days` days, at which one of
    `clinicians` is free for `duration`: inside opening hours and one of the clinician's
    availability blocks, on quarter hours, with none of its 15-minute slots in `taken`
    ((clinician id, UTC start) pairs), and overlapping none of `visits` (the patient's other
    visits: anything with UTC ``starts_at`` and ``ends_at``). Earliest first; no queries (the
    caller passes rows).

    The offer's ``busy`` lists, in the order given, the `visits` that kept out a time that
    would otherwise have been among a day's offered times.

    Wall times are local (program zone); each candidate goes through `local_to_utc`, so DST
    days are handled and times in the spring-forward gap are skipped.
    """
    program = settings_store.current()
    zone = program.zone
    blocks: dict[int, list[Any]] = {}
    for block in availability:
        blocks.setdefault(block.clinician_id, []).append(block)
    step = timedelta(minutes=SLOT_MINUTES)
    today = max(now.astimezone(zone).date(), start_day or date.min)
    out: list[FreeSlot] = []
    busy: list[Any] = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        hours = program.opening_hours.get(day.weekday())
        if hours is None:
            continue
        found: dict[tuple[datetime, int], FreeSlot] = {}
        kept_out: list[tuple[datetime, Any]] = []
        for clinician in clinicians:
            for block in blocks.get(clinician.pk, ()):
                applies = (block.on_date == day if block.on_date
                           else block.weekday == day.weekday())
                if not applies:
                    continue
                begin = datetime.combine(day, max(hours[0], block.starts))
                end = datetime.combine(day, min(hours[1], block.ends))
                # Align to the quarter hour (blocks may start at e.g. 09:10).
                begin += timedelta(minutes=-begin.minute % SLOT_MINUTES)
                begin = begin.replace(second=0, microsecond=0)
                while begin + duration <= end:
                    try:
                        start = local_to_utc(day, begin.time(), zone)
                    except ValidationError:  # does not exist today (DST gap)
                        begin += step
                        continue
                    if start > now and not any(
                        (clinician.pk, claim) in taken
                        for claim in slot_starts(start, start + duration)
                    ):
                        other = _overlapping(visits, start, start + duration)
                        if other is None:
                            found[(start, clinician.pk)] = FreeSlot(clinician, start)
                            begin += duration  # offer back-to-back visits, not every quarter
                            continue
                        kept_out.append((start, other))
                    begin += step
        room = min(per_day, limit - len(out))
        offered = sorted(found)[:room]
        out.extend(found[key] for key in offered)
        # A time kept out after the day's last offered one would not have been shown anyway.
        last = offered[-1][0] if len(offered) == room else None
        for start, other in kept_out:
            if (last is None or start < last) and other not in busy:
                busy.append(other)
        if len(out) >= limit:
            break
    busy.sort(key=list(visits).index)
    return Offer(out, busy, list(visits), duration)
