"""The program's settings as one immutable value: `current()`.

Administrators change the program's name, phones, opening hours and zone in the admin (a
`ProgramSettings` row); with no row the environment's values apply (settings.PROGRAM_*).

Caching across processes (several gunicorn workers) — no query per request in the steady state:
each process keeps the parsed row in memory. A change (the action, or any save/delete of the row:
`invalidate()` runs on post_save/post_delete) drops the saving process's copy at once and, when
the transaction commits, replaces a small stamp file in NETCARE_DATA_DIR (one per database).
`ProgramTimeZoneMiddleware` calls `for_request()` at the start of every request: one `stat()` of
that file; only if it changed since this process loaded the row does it re-read the row (one
primary-key query). So a change saved in one worker shows in every worker on its next request,
and pages keep their query budgets. On several hosts, NETCARE_DATA_DIR must be shared (it
already holds the uploads); if the stamp cannot be written, other workers see the change after a
restart (a warning is logged). We chose this over a per-request version query (it raised every
page's query count), a time-to-live (workers would disagree for its length) and a shared cache
server (netcare needs none). An in-memory SQLite database (tests) has no stamp: no other process
can see it.

Outside a request (management commands, the seed, tests calling actions) `current()` loads the
row on first use and keeps it until this process invalidates it; short-lived commands see the
value of their start. With no row, the defaults are read from settings on every call, so tests
that override `settings.PROGRAM_*` see them at once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time as clock
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import receiver

from netcare.config.env import parse_opening_hours


@dataclass(frozen=True, slots=True)
class Program:
    """The program's facts at one moment. Opening hours: {weekday (0 = Monday): (opens, closes)}
    in wall-clock time of `time_zone`."""

    name: str
    phone: str
    appointments_phone: str
    opening_hours: Mapping[int, tuple[time, time]]
    opening_hours_text: str
    time_zone: str
    about: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)  # zoneinfo caches instances by key

    def as_template_dict(self) -> dict[str, object]:
        """What templates read as `program.*`; opening hours in words (`hours_in_words`), never
        the setting's syntax ("mon-fri 09:00-17:00")."""
        return {
            "name": self.name,
            "phone": self.phone,
            "appointments_phone": self.appointments_phone,
            "opening_hours": hours_in_words(self.opening_hours),
            "time_zone": self.time_zone,
            "about": self.about,
        }


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _days_in_words(days: list[int]) -> str:
    """Weekdays (0 = Monday, ascending) as runs: "Monday to Friday", "Saturday and Sunday",
    "Monday, Wednesday and Friday", "Monday to Wednesday and Friday"."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        first, last = _DAY_NAMES[run[0]], _DAY_NAMES[run[-1]]
        if len(run) == 1:
            parts.append(first)
        elif len(run) == 2:
            parts.extend((first, last))
        else:
            parts.append(f"{first} to {last}")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def hours_in_words(hours: Mapping[int, tuple[time, time]]) -> str:
    """Opening hours as the pages say them: days with the same hours together, in week order
    of their first day, then the closed days. {0-4: 09:00-17:00} -> "Monday to Friday,
    09:00–17:00; closed Saturday and Sunday"; the same hours all week -> "every day, …".
    Times as the booking pages write them (24-hour, "09:00")."""
    by_hours: dict[tuple[time, time], list[int]] = {}
    for day in sorted(hours):
        by_hours.setdefault(hours[day], []).append(day)
    parts = []
    for (opens, closes), days in by_hours.items():
        when = "every day" if len(days) == 7 else _days_in_words(days)
        parts.append(f"{when}, {opens:%H:%M}–{closes:%H:%M}")
    closed = [day for day in range(7) if day not in hours]
    if closed:
        parts.append(f"closed {_days_in_words(closed)}")
    return "; ".join(parts)


_FIELDS = ("version", "name", "phone", "appointments_phone", "opening_hours", "time_zone", "about")
_lock = threading.Lock()
# (stamp seen before loading, Program of the row or None for "no row"); None = not loaded yet
# (or invalidated).
_cached: tuple[object, Program | None] | None = None
_log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _defaults() -> Program:
    """The environment's values, built once (every page without a settings row asks for them
    several times); a changed setting (tests) is read again (`_forget_defaults`)."""
    return Program(
        name=str(settings.PROGRAM_NAME),
        phone=str(settings.PROGRAM_PHONE),
        appointments_phone=str(settings.PROGRAM_APPOINTMENTS_PHONE),
        opening_hours=MappingProxyType(dict(settings.PROGRAM_OPENING_HOURS)),
        opening_hours_text=str(settings.PROGRAM_OPENING_HOURS_TEXT),
        time_zone=str(settings.PROGRAM_TIME_ZONE),
    )


@receiver(setting_changed)
def _forget_defaults(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("PROGRAM_"):
        _defaults.cache_clear()


def _from_row(row: Mapping[str, Any]) -> Program:
    return Program(
        name=row["name"],
        phone=row["phone"],
        appointments_phone=row["appointments_phone"],
        opening_hours=MappingProxyType(parse_opening_hours("opening hours", row["opening_hours"])),
        opening_hours_text=row["opening_hours"],
        time_zone=row["time_zone"],
        about=row["about"],
    )


def stamp_path() -> Path | None:
    """The file whose change tells other processes to re-read the row: one per database, in
    NETCARE_DATA_DIR. None for an in-memory SQLite database (no other process can see it)."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    return _stamp_path_for(str(db["ENGINE"]), str(db.get("HOST")), str(db.get("PORT")),
                           str(db["NAME"]), str(settings.DATA_DIR))


@lru_cache(maxsize=8)
def _stamp_path_for(engine: str, host: str, port: str, name: str, data_dir: str) -> Path | None:
    """`stamp_path` for these settings, worked out once (it is asked on every request)."""
    if engine.endswith("sqlite3") and (name == ":memory:" or "mode=memory" in name):
        return None
    key = hashlib.sha256(f"{engine}|{host}|{port}|{name}".encode())
    return Path(data_dir) / f"program-settings-{key.hexdigest()[:16]}.stamp"


def _stamp() -> object:
    """The stamp file's identity (a new inode on every change); one stat, no query."""
    path = stamp_path()
    if path is None:
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


def _touch_stamp() -> None:
    """Replace the stamp file (after the change committed) so other processes re-read."""
    path = stamp_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(f"{clock.time_ns()}\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:  # the change is saved; other processes see it on restart
        _log.warning("cannot write %s (%s): other processes keep the old program settings",
                     path, error)


def refresh() -> Program:
    """Read the row (one query) and keep it; the defaults when there is none."""
    global _cached
    from netcare.program.models import ProgramSettings

    seen = _stamp()  # before the query: a change racing with it is read again next time
    row = ProgramSettings.objects.filter(pk=ProgramSettings.SINGLETON_ID).values(*_FIELDS).first()
    program = _from_row(row) if row is not None else None
    with _lock:
        _cached = (seen, program)
    return program if program is not None else _defaults()


def for_request() -> Program:
    """Called once per request (by the middleware): the cached value unless another process
    changed the row since (the stamp file changed) — then one query."""
    cached = _cached
    if cached is None or cached[0] != _stamp():
        return refresh()
    return cached[1] if cached[1] is not None else _defaults()


def current() -> Program:
    """The program's settings: the row (cached, see the module docstring) or the defaults."""
    cached = _cached
    if cached is None:
        return refresh()
    return cached[1] if cached[1] is not None else _defaults()


def forget() -> None:
    """Forget this process's copy; the next `current()` reads the row again."""
    global _cached
    with _lock:
        _cached = None


def invalidate(**_: Any) -> None:
    """After a change: forget this process's copy at once; tell the other processes (the stamp
    file) once the change commits."""
    forget()
    transaction.on_commit(_touch_stamp)
