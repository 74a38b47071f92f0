"""Checks of typed values that several forms and the JSON API share, so a page and the API
refuse the same input with the same words.

Messages name the field (forms show them by the field and in the error summary; the API answers
422 with them), and never a database constraint's name.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from netcare.workup.dates import program_today, program_zone


def future_date_problem(value: date | None, label: str) -> str | None:
    """The refusal of a date after the program's today ("Performed on cannot be in the
    future."), or None.

    Judged on the program's calendar (not the server's, which runs in UTC): at 7 pm in Los
    Angeles the server's date is already tomorrow, and a result done today must be accepted."""
    if value is not None and value > program_today():
        return f"{label} cannot be in the future."
    return None


def future_moment_problem(value: datetime | None, label: str) -> str | None:
    """The refusal of a moment after now ("Administration time cannot be in the future (now
    2026-11-26 07:49)."), or None.

    Aware instants compare on the one clock whatever their zone; the message gives now on the
    program's wall clock, as the forms read typed times, so a clock set wrong is seen."""
    now = timezone.now()
    if value is not None and value > now:
        return (f"{label} cannot be in the future (now "
                f"{now.astimezone(program_zone()):%Y-%m-%d %H:%M}).")
    return None


def before_birth_problem(value: date | None, label: str, born: date | None) -> str | None:
    """Nothing can have happened to a patient before they were born (a mistyped year)."""
    if value is not None and born is not None and value < born:
        return f"{label} cannot be before the patient's date of birth ({born:%Y-%m-%d})."
    return None


def date_of_birth_problem(dob: date) -> str | None:
    """Why `dob` cannot be the patient's date of birth, or None; the form and the API share it.

    "Future" is judged on the program's calendar (`future_date_problem`), not the server's
    UTC date: a baby born this evening in Los Angeles is accepted, one "born" tomorrow is not."""
    problem = future_date_problem(dob, "Date of birth")
    if problem is None and dob.year < 1900:
        problem = "Date of birth is before 1900; enter a real date of birth."
    return problem


# --- phone numbers -----------------------------------------------------------------------------

#: What people type for a phone number: an optional leading +, then digits with spaces, dots,
#: dashes, slashes or parentheses between them, then an optional extension ("ext. 12", "x12",
#: "#12"). Letters elsewhere (a name typed in the wrong box, "abc") are refused.
_PHONE = re.compile(
    r"^\+?[\s(]*\d[\d\s().\-/]*(?:\s*(?:ext\.?|extension|x|#)\s*\d{1,6})?$",
    re.IGNORECASE,
)
#: A local number without area code has 7 digits; fewer cannot reach anyone. International
#: numbers have at most 15 (E.164), extensions come on top.
MIN_PHONE_DIGITS = 6
MAX_PHONE_DIGITS = 15

PHONE_HELP = "e.g. +1 (202) 555-0142, or 555-0142 ext. 12"


def phone_problem(value: str) -> str | None:
    """Why `value` is not a phone number (a message without the field's name), or None."""
    text = value.strip()
    if not text:
        return None
    if not _PHONE.match(text):
        return ("use digits, spaces, +, - and parentheses only, with an optional extension "
                f"({PHONE_HELP}).")
    number = re.split(r"(?i)ext\.?|extension|x|#", text)[0]
    digits = sum(c.isdigit() for c in number)
    if digits < MIN_PHONE_DIGITS:
        return f"a phone number has at least {MIN_PHONE_DIGITS} digits ({PHONE_HELP})."
    if digits > MAX_PHONE_DIGITS:
        return f"a phone number has at most {MAX_PHONE_DIGITS} digits ({PHONE_HELP})."
    return None


def validate_phone(value: Any) -> None:
    """A form field validator (`validators=[validate_phone]`); the page prefixes the label."""
    problem = phone_problem(str(value or ""))
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:], code="invalid_phone")


class PhoneField(forms.CharField):
    """A phone number as people type it (see `phone_problem`), kept as typed but trimmed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel",
                                                           "autocomplete": "tel"}))
        super().__init__(**kwargs)
        self.validators.append(validate_phone)
