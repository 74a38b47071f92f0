"""Errors raised by the pure clinical rules core."""

from __future__ import annotations

__all__ = ["ClinicalInputError"]


class ClinicalInputError(ValueError):
    """Raised when a rule receives input it cannot judge.

    The message names the offending field, what was received and what is allowed, so that it
    can be shown to a clinician unchanged (the API answers 422 with it).

    Args:
        field: name of the input field, as in REFERENCE section 0 ("vocabulary").
        message: what is wrong and what is allowed.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.detail = message
        super().__init__(f"{field}: {message}")
