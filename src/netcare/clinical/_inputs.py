"""Shared readers and checkers of rules-core inputs (calculator dicts and value objects).

Each raises :class:`~netcare.clinical.errors.ClinicalInputError` naming the field, the allowed
values and the value received (REFERENCE §0: "a message naming the field").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, overload

from netcare.clinical.errors import ClinicalInputError

__all__ = [
    "check_aware",
    "check_choice",
    "check_number",
    "check_optional_number",
    "read_bool",
    "read_choice",
    "read_datetime",
    "read_number",
]


def check_number(
    field: str, value: object, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    """Return `value` as a float if it is a finite number within [minimum, maximum].

    Booleans are refused (``True`` is not a number here).

    Raises:
        ClinicalInputError: naming `field`, the allowed range and the value received.
    """
    allowed = _range_text(minimum, maximum)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClinicalInputError(field, f"must be a number {allowed}, got {value!r}")
    number = float(value)
    if (
        not math.isfinite(number)
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        raise ClinicalInputError(field, f"must be a number {allowed}, got {value!r}")
    return number


def _range_text(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"from {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f"of at least {minimum:g}"
    if maximum is not None:
        return f"of at most {maximum:g}"
    return "(finite)"


@overload
def read_number(
    inputs: Mapping[str, Any],
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    required: Literal[True] = True,
) -> float: ...


@overload
def read_number(
    inputs: Mapping[str, Any],
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    required: Literal[False],
) -> float | None: ...


def read_number(
    inputs: Mapping[str, Any],
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    required: bool = True,
) -> float | None:
    """Read a number field from calculator inputs; missing or null gives None unless required.

    Raises:
        ClinicalInputError: the field is required and missing, or not a number in range.
    """
    value = inputs.get(field)
    if value is None:
        if required:
            raise ClinicalInputError(
                field, f"is required: a number {_range_text(minimum, maximum)}"
            )
        return None
    return check_number(field, value, minimum=minimum, maximum=maximum)


def check_choice[E: StrEnum](field: str, value: object, choices: type[E]) -> E | None:
    """Return `value` as a member of `choices` (by its string); None stays None (unknown).

    Raises:
        ClinicalInputError: naming `field`, the allowed strings and the value received.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return choices(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in choices)
    raise ClinicalInputError(field, f"must be one of {allowed} or null, got {value!r}")


def check_optional_number(
    field: str, value: object, *, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    """:func:`check_number` for a value that may be unknown: None stays None."""
    if value is None:
        return None
    return check_number(field, value, minimum=minimum, maximum=maximum)


@overload
def read_choice[E: StrEnum](
    inputs: Mapping[str, Any], field: str, choices: type[E], *, required: Literal[True] = True
) -> E: ...


@overload
def read_choice[E: StrEnum](
    inputs: Mapping[str, Any], field: str, choices: type[E], *, required: Literal[False]
) -> E | None: ...


def read_choice[E: StrEnum](
    inputs: Mapping[str, Any], field: str, choices: type[E], *, required: bool = True
) -> E | None:
    """Read an enumerated string field; missing or null gives None unless required.

    Raises:
        ClinicalInputError: missing when required, or not one of the allowed strings.
    """
    value = inputs.get(field)
    allowed = ", ".join(member.value for member in choices)
    if value is None:
        if required:
            raise ClinicalInputError(field, f"is required: one of {allowed}")
        return None
    try:
        return choices(value)
    except ValueError:
        raise ClinicalInputError(field, f"must be one of {allowed}, got {value!r}") from None


def read_bool(inputs: Mapping[str, Any], field: str) -> bool | None:
    """Read an optional true/false field; missing or null gives None (unknown).

    Raises:
        ClinicalInputError: the value is not a boolean.
    """
    value = inputs.get(field)
    if value is None or isinstance(value, bool):
        return value
    raise ClinicalInputError(field, f"must be true, false or null, got {value!r}")


def read_datetime(inputs: Mapping[str, Any], field: str) -> datetime | None:
    """Read an optional ISO 8601 date-time with a UTC offset; missing or null gives None.

    Raises:
        ClinicalInputError: not an ISO 8601 string, or without a timezone offset.
    """
    value = inputs.get(field)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ClinicalInputError(
            field, f"must be an ISO 8601 date-time with offset, got {value!r}"
        ) from None
    return check_aware(field, moment)


def check_aware(field: str, moment: object) -> datetime:
    """Return `moment` if it is a timezone-aware datetime.

    Raises:
        ClinicalInputError: not a datetime, or naive (no UTC offset): a naive time is ambiguous.
    """
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ClinicalInputError(
            field, f"must be a timezone-aware date-time (with UTC offset), got {moment!r}"
        )
    return moment
