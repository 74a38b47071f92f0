"""Errors raised by the planner (pure: no Django, no I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcare.clinical.errors import ClinicalInputError

if TYPE_CHECKING:
    from netcare.planning.plan import Violation

__all__ = ["PlanEditError", "PlanningInputError"]


class PlanningInputError(ClinicalInputError):
    """A planning input is out of range; the message names the field, the range and the value."""


class PlanEditError(ValueError):
    """An edit to a plan would break a hard constraint.

    Args:
        violations: the hard constraints the edited plan would break (never empty). The message
            names each one, e.g. ``scanner-overlap: scanner PET-1 already busy 09:40-10:20 with
            request R17``.
    """

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("; ".join(f"{v.constraint}: {v.message}" for v in violations))
