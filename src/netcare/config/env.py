"""Typed, fail-loud readers of environment variables.

Each reader raises `ImproperlyConfigured` naming the variable, the value it got and what it
accepts, so a misconfigured deployment refuses to start instead of running half-right.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def env_str(name: str, default: str) -> str:
    """The variable's value, or `default` when unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    """`1/true/yes/on` or `0/false/no/off`; anything else is refused."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use one of 1/true/yes/on or 0/false/no/off")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number ≥ `minimum`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: must be at least {minimum}")
    return value


def env_secret(name: str) -> str | None:
    """The secret from `NAME`, or from the file named by `NAME_FILE` (for container secrets)."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    path = os.environ.get(f"{name}_FILE", "").strip()
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: cannot read it ({error})") from None
    return None


def env_timezone(name: str, default: str) -> str:
    """An IANA time zone name such as `America/Los_Angeles`."""
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r}: not an IANA time zone (e.g. Europe/Paris)"
        ) from None
    return value


_HOURS = re.compile(
    r"^(?P<first>mon|tue|wed|thu|fri|sat|sun)(?:-(?P<last>mon|tue|wed|thu|fri|sat|sun))?"
    r"\s+(?P<open>\d{1,2}:\d{2})-(?P<close>\d{1,2}:\d{2})$"
)


def parse_opening_hours(name: str, raw: str) -> dict[int, tuple[time, time]]:
    """Parse `mon-fri 09:00-17:00; sat 09:00-12:00` into {weekday: (opens, closes)}.

    Weekday 0 is Monday (as `date.weekday()`).
    """
    hours: dict[int, tuple[time, time]] = {}
    for part in filter(None, (chunk.strip().lower() for chunk in raw.split(";"))):
        match = _HOURS.match(part)
        if match is None:
            raise ImproperlyConfigured(
                f"{name}: cannot read {part!r}; write e.g. 'mon-fri 09:00-17:00; sat 09:00-12:00'"
            )
        try:
            opens = time.fromisoformat(match["open"].zfill(5))
            closes = time.fromisoformat(match["close"].zfill(5))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {part!r} has an impossible time") from None
        if closes <= opens:
            raise ImproperlyConfigured(f"{name}: {part!r} closes before it opens")
        first = _WEEKDAYS.index(match["first"])
        last = _WEEKDAYS.index(match["last"] or match["first"])
        if last < first:
            raise ImproperlyConfigured(f"{name}: {part!r} runs backwards through the week")
        for day in range(first, last + 1):
            hours[day] = (opens, closes)
    if not hours:
        raise ImproperlyConfigured(f"{name}: no opening hours given")
    return hours
