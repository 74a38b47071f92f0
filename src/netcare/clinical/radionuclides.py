"""Radionuclide decay (REFERENCE sections 4 and 5; LOGISTICS 4.1).

Half-lives: Ga-68 67.71 min (GalliaPharm SmPC), Lu-177 6.647 d (Lutathera label).
"""

from __future__ import annotations

import math
from enum import StrEnum

from netcare.clinical.errors import ClinicalInputError

__all__ = ["HALF_LIFE_HOURS", "Nuclide", "remaining_fraction"]


class Nuclide(StrEnum):
    """Radionuclides netcare knows by their half-life."""

    GA_68 = "Ga-68"
    LU_177 = "Lu-177"


HALF_LIFE_HOURS: dict[Nuclide, float] = {
    Nuclide.GA_68: 67.71 / 60.0,
    Nuclide.LU_177: 6.647 * 24.0,
}


def remaining_fraction(nuclide: Nuclide, elapsed_hours: float) -> float:
    """Fraction of activity left after `elapsed_hours` (negative: before the reference time).

    REFERENCE section 4 (Ga-68) and section 5 (Lu-177): A(t) = A0 * 2 ** (-t / T½).
    """
    if not math.isfinite(elapsed_hours):
        raise ClinicalInputError("elapsed_hours", f"must be a finite number, got {elapsed_hours!r}")
    return 2.0 ** (-elapsed_hours / HALF_LIFE_HOURS[nuclide])
