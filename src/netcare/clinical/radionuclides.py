"""Radionuclide decay, activities and Ga-68 DOTATATE dosing (REFERENCE sections 4 and 5;
LOGISTICS 4.1).

Half-lives: Ga-68 67.71 min (GalliaPharm SmPC), Lu-177 6.647 d (Lutathera label and EU SmPC).
1 mCi = 37 MBq exactly (definition of the curie: 3.7e10 Bq).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from netcare.clinical._inputs import (
    check_aware,
    check_number,
    read_choice,
    read_number,
)
from netcare.clinical.errors import ClinicalInputError

__all__ = [
    "GA68_DOTATATE_MAX_MBQ",
    "GA68_DOTATATE_MBQ_PER_KG",
    "GA68_UPTAKE_WINDOW",
    "HALF_LIFE_HOURS",
    "MBQ_PER_MCI",
    "Activity",
    "Nuclide",
    "decay_to",
    "ga68_dotatate_activity_mbq",
    "ga68_imaging_window",
    "gbq_to_mci",
    "mci_to_gbq",
    "remaining_fraction",
]


class Nuclide(StrEnum):
    """Radionuclides netcare knows by their half-life."""

    GA_68 = "Ga-68"
    LU_177 = "Lu-177"


HALF_LIFE_HOURS: dict[Nuclide, float] = {
    Nuclide.GA_68: 67.71 / 60.0,
    Nuclide.LU_177: 6.647 * 24.0,
}

MBQ_PER_MCI = 37.0
"""1 mCi = 37 MBq exactly (1 Ci = 3.7e10 Bq by definition)."""

GA68_DOTATATE_MBQ_PER_KG = 2.0
"""NETSPOT label: 2 MBq/kg (0.054 mCi/kg) body weight (REFERENCE section 4)."""

GA68_DOTATATE_MAX_MBQ = 200.0
"""NETSPOT label: up to 200 MBq (5.4 mCi) (REFERENCE section 4)."""

GA68_UPTAKE_WINDOW = (timedelta(minutes=40), timedelta(minutes=90))
"""NETSPOT label: start PET acquisition 40-90 min after injection (REFERENCE section 4)."""


# --- physics ----------------------------------------------------------------------------------


def remaining_fraction(nuclide: Nuclide, elapsed_hours: float) -> float:
    """Fraction of activity left after `elapsed_hours` (negative: before the reference time).

    REFERENCE section 4 (Ga-68) and section 5 (Lu-177): A(t) = A0 * 2 ** (-t / T½).
    """
    if not math.isfinite(elapsed_hours):
        raise ClinicalInputError("elapsed_hours", f"must be a finite number, got {elapsed_hours!r}")
    fraction: float = 2.0 ** (-elapsed_hours / HALF_LIFE_HOURS[nuclide])
    return fraction


def gbq_to_mci(gbq: float) -> float:
    """Convert GBq to mCi (1 mCi = 37 MBq exactly; REFERENCE section 5: 7.4 GBq = 200 mCi)."""
    return check_number("gbq", gbq, minimum=0.0) * 1000.0 / MBQ_PER_MCI


def mci_to_gbq(mci: float) -> float:
    """Convert mCi to GBq (1 mCi = 37 MBq exactly; REFERENCE section 5)."""
    return check_number("mci", mci, minimum=0.0) * MBQ_PER_MCI / 1000.0


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity of one nuclide at a timezone-aware reference time (REFERENCE sections 4-5).

    Attributes:
        nuclide: the radionuclide.
        gbq: activity in GBq at `reference_time` (finite, >= 0).
        reference_time: when the activity is `gbq`; must carry a UTC offset.

    Raises:
        ClinicalInputError: unknown nuclide, negative or non-finite activity, naive datetime.
    """

    nuclide: Nuclide
    gbq: float
    reference_time: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.nuclide, Nuclide):
            allowed = ", ".join(n.value for n in Nuclide)
            raise ClinicalInputError("nuclide", f"must be one of {allowed}, got {self.nuclide!r}")
        object.__setattr__(self, "gbq", check_number("activity_gbq", self.gbq, minimum=0.0))
        check_aware("reference_time", self.reference_time)

    @property
    def mci(self) -> float:
        """The activity in mCi."""
        return gbq_to_mci(self.gbq)


def decay_to(activity: Activity, when: datetime) -> Activity:
    """The same source's activity at `when` (earlier or later; REFERENCE sections 4 and 5).

    Elapsed time is computed on absolute instants, so DST changes and differing offsets of
    `activity.reference_time` and `when` do not matter.

    Raises:
        ClinicalInputError: `when` is naive.
    """
    check_aware("when", when)
    elapsed_hours = (when - activity.reference_time) / timedelta(hours=1)
    fraction = remaining_fraction(activity.nuclide, elapsed_hours)
    return Activity(activity.nuclide, activity.gbq * fraction, when)


def ga68_dotatate_activity_mbq(weight_kg: float) -> float:
    """Adult Ga-68 DOTATATE (NETSPOT) activity: 2 MBq/kg, at most 200 MBq (REFERENCE section 4).

    Raises:
        ClinicalInputError: weight outside 1-500 kg.
    """
    weight = check_number("weight_kg", weight_kg, minimum=1.0, maximum=500.0)
    return min(GA68_DOTATATE_MBQ_PER_KG * weight, GA68_DOTATATE_MAX_MBQ)


def ga68_imaging_window(injection_time: datetime) -> tuple[datetime, datetime]:
    """Earliest and latest PET start after a Ga-68 DOTATATE injection: 40-90 min (REFERENCE
    section 4, NETSPOT label).

    Raises:
        ClinicalInputError: `injection_time` is naive.
    """
    check_aware("injection_time", injection_time)
    return injection_time + GA68_UPTAKE_WINDOW[0], injection_time + GA68_UPTAKE_WINDOW[1]


# --- calculators ------------------------------------------------------------------------------


def _decay_calculator(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`decay`: nuclide, activity_gbq (>= 0), elapsed_hours (may be negative) -> activity_gbq."""
    nuclide = read_choice(inputs, "nuclide", Nuclide)
    activity = read_number(inputs, "activity_gbq", minimum=0.0)
    elapsed = read_number(inputs, "elapsed_hours")
    return {"activity_gbq": activity * remaining_fraction(nuclide, elapsed)}


def _ga68_activity_calculator(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`ga68_dotatate_activity`: weight_kg (1-500) -> mbq, mci, capped (200 MBq reached)."""
    weight = read_number(inputs, "weight_kg", minimum=1.0, maximum=500.0)
    mbq = ga68_dotatate_activity_mbq(weight)
    return {
        "mbq": mbq,
        "mci": mbq / MBQ_PER_MCI,
        "capped": mbq >= GA68_DOTATATE_MAX_MBQ,
    }


def _gbq_to_mci_calculator(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`gbq_to_mci`: gbq (>= 0) -> mci."""
    gbq = read_number(inputs, "gbq", minimum=0.0)
    return {"mci": gbq_to_mci(gbq)}


# The registry is imported last: calculators.py imports every rule module, and the other part-B
# modules import the readers above, which must exist before that chain starts.
from netcare.clinical.calculators import register  # noqa: E402

register("decay")(_decay_calculator)
register("ga68_dotatate_activity")(_ga68_activity_calculator)
register("gbq_to_mci")(_gbq_to_mci_calculator)
