"""Validated, immutable inputs of the PET and PRRT planner (LOGISTICS 4.1-4.3, REFERENCE §4-§5).

Times of day are `datetime.time` in the department's local wall-clock time; the planner works on
whole local dates and minutes after local midnight, so no DST arithmetic happens here (a plan
never spans a night).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

from netcare.planning.errors import PlanningInputError

__all__ = [
    "Generator",
    "PetRequest",
    "PlanningProblem",
    "PrrtCycle",
    "Resources",
    "Route",
    "TimeOfDay",
    "Tracer",
    "UnitDoseSupply",
    "minutes",
]


class Route(StrEnum):
    """How Ga-68 eluate becomes Ga-68 DOTATATE: automated module, or single-dose kit."""

    MODULE = "module"
    KIT = "kit"


class Tracer(StrEnum):
    """Which SSTR PET tracer a request accepts."""

    GA68 = "ga68"
    CU64 = "cu64"
    EITHER = "either"


class TimeOfDay(StrEnum):
    """A patient's preferred part of the day (soft)."""

    ANY = "any"
    AM = "am"
    PM = "pm"


def minutes(at: time) -> int:
    """Minutes after local midnight of a wall-clock time (seconds are ignored)."""
    return at.hour * 60 + at.minute


def _require(ok: bool, name: str, message: str) -> None:
    if not ok:
        raise PlanningInputError(name, message)


def _positive(value: float, name: str) -> None:
    _require(math.isfinite(value) and value > 0, name, f"must be a positive number, got {value!r}")


def _fraction(value: float, name: str) -> None:
    _require(math.isfinite(value) and 0 < value <= 1, name, f"must be in (0, 1], got {value!r}")


def _weekdays(values: frozenset[int], name: str) -> None:
    _require(
        all(0 <= d <= 6 for d in values), name, f"weekdays are 0 (Mon)-6 (Sun), got {values!r}"
    )


@dataclass(frozen=True, slots=True)
class Generator:
    """A Ge-68/Ga-68 generator and the department's elution routine (LOGISTICS 4.1).

    Args:
        calibration_gbq: Ge-68 activity at calibration, 0.74-1.85 GBq for licensed generators
            (accepted 0.1-5 GBq).
        calibration_date: date of the Ge-68 calibration (taken at local midnight).
        efficiency: fraction of the Ga-68 present that an elution recovers (SmPC: > 60 %).
        synthesis_yield: fraction of the eluate in the product at end of synthesis/labelling
            (module ≈ 0.70).
        route: module synthesis (several patients per elution) or single-dose kit (one).
        elution_times: local times of the day's elutions, strictly increasing.
        synthesis_minutes: elution to end of synthesis (first possible injection).
        shelf_life_minutes: product usable this long after end of synthesis (NETSPOT: 4 h).
    """

    calibration_gbq: float
    calibration_date: date
    efficiency: float = 0.75
    synthesis_yield: float = 0.70
    route: Route = Route.MODULE
    elution_times: tuple[time, ...] = (time(7, 35), time(11, 15), time(14, 15))
    synthesis_minutes: int = 25
    shelf_life_minutes: int = 240

    def __post_init__(self) -> None:
        _positive(self.calibration_gbq, "calibration_gbq")
        _require(
            0.1 <= self.calibration_gbq <= 5.0,
            "calibration_gbq",
            f"must be 0.1-5 GBq (licensed 0.74-1.85), got {self.calibration_gbq!r}",
        )
        _fraction(self.efficiency, "efficiency")
        _fraction(self.synthesis_yield, "synthesis_yield")
        _require(isinstance(self.route, Route), "route", f"must be a Route, got {self.route!r}")
        _require(len(self.elution_times) >= 1, "elution_times", "at least one elution a day")
        mins = [minutes(t) for t in self.elution_times]
        _require(
            all(a < b for a, b in itertools.pairwise(mins)),
            "elution_times",
            f"must be strictly increasing, got {self.elution_times!r}",
        )
        _require(
            0 <= self.synthesis_minutes <= 120,
            "synthesis_minutes",
            f"must be 0-120, got {self.synthesis_minutes!r}",
        )
        _require(
            30 <= self.shelf_life_minutes <= 600,
            "shelf_life_minutes",
            f"must be 30-600, got {self.shelf_life_minutes!r}",
        )


@dataclass(frozen=True, slots=True)
class UnitDoseSupply:
    """Centrally supplied unit doses (Cu-64 DOTATATE, 148 MBq each, LOGISTICS 4.1).

    Args:
        doses_per_day: unit doses delivered on each open day.
        delivery_time: local time the doses arrive (no injection before).
    """

    doses_per_day: int
    delivery_time: time = time(9, 0)

    def __post_init__(self) -> None:
        _require(
            0 <= self.doses_per_day <= 50,
            "doses_per_day",
            f"must be 0-50, got {self.doses_per_day!r}",
        )


@dataclass(frozen=True, slots=True)
class Resources:
    """Rooms, devices, opening hours and staff time.

    Args:
        scanners: PET/CT scanner names.
        uptake_rooms: rooms where injected patients rest until the scan.
        chairs: PRRT infusion chair names.
        open_weekdays: weekdays (0 = Monday) the department works.
        closed_dates: holidays.
        opens, closes: local opening hours for scans and infusions.
        pet_staff_minutes_per_day / pet_staff_minutes_per_patient: technologist time.
        prrt_nurse_minutes_per_day / prrt_nurse_minutes_per_cycle: nurse time.
        scan_minutes: PET/CT acquisition (≈ 40 min).
        uptake_minutes: planned uptake; uptake_min_minutes-uptake_max_minutes is allowed
            (NETSPOT 40-90 min; Cu-64 45-90 min).
        injection_spacing_minutes: minimum time between two injections (one hot lab).
        chair_minutes: chair occupancy of one PRRT cycle (4 h amino acids + observation ≈ 4.5 h).
    """

    scanners: tuple[str, ...] = ("PET-1", "PET-2")
    uptake_rooms: int = 3
    chairs: tuple[str, ...] = ("CHAIR-1", "CHAIR-2", "CHAIR-3", "CHAIR-4")
    open_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    closed_dates: frozenset[date] = frozenset()
    opens: time = time(8, 0)
    closes: time = time(17, 0)
    pet_staff_minutes_per_day: int = 2 * 8 * 60
    pet_staff_minutes_per_patient: int = 45
    prrt_nurse_minutes_per_day: int = 2 * 8 * 60
    prrt_nurse_minutes_per_cycle: int = 90
    scan_minutes: int = 40
    uptake_minutes: int = 60
    uptake_min_minutes: int = 40
    uptake_max_minutes: int = 90
    injection_spacing_minutes: int = 20
    chair_minutes: int = 270

    def __post_init__(self) -> None:
        _require(len(self.scanners) >= 1, "scanners", "at least one scanner")
        _require(len(set(self.scanners)) == len(self.scanners), "scanners", "names must differ")
        _require(len(set(self.chairs)) == len(self.chairs), "chairs", "names must differ")
        _require(
            1 <= self.uptake_rooms <= 50, "uptake_rooms", f"must be 1-50, got {self.uptake_rooms}"
        )
        _weekdays(self.open_weekdays, "open_weekdays")
        _require(
            minutes(self.opens) < minutes(self.closes),
            "closes",
            f"must be after opens ({self.opens}), got {self.closes}",
        )
        for name in (
            "pet_staff_minutes_per_day",
            "prrt_nurse_minutes_per_day",
        ):
            value = getattr(self, name)
            _require(0 <= value <= 24 * 60 * 20, name, f"must be 0-28800, got {value!r}")
        for name in (
            "pet_staff_minutes_per_patient",
            "prrt_nurse_minutes_per_cycle",
            "scan_minutes",
            "chair_minutes",
        ):
            value = getattr(self, name)
            _require(5 <= value <= 12 * 60, name, f"must be 5-720 minutes, got {value!r}")
        _require(
            self.uptake_min_minutes <= self.uptake_minutes <= self.uptake_max_minutes,
            "uptake_minutes",
            f"must lie in {self.uptake_min_minutes}-{self.uptake_max_minutes}, "
            f"got {self.uptake_minutes}",
        )
        _require(
            self.uptake_min_minutes >= 0,
            "uptake_min_minutes",
            f"must be ≥ 0, got {self.uptake_min_minutes}",
        )
        _require(
            5 <= self.injection_spacing_minutes <= 120,
            "injection_spacing_minutes",
            f"must be 5-120, got {self.injection_spacing_minutes}",
        )
        for name in (
            "scan_minutes",
            "uptake_minutes",
            "injection_spacing_minutes",
            "chair_minutes",
        ):
            _require(getattr(self, name) % 5 == 0, name, "must be a multiple of 5 minutes")

    def is_open(self, day: date) -> bool:
        """Whether the department works on `day` (weekday open and not a holiday)."""
        return day.weekday() in self.open_weekdays and day not in self.closed_dates


@dataclass(frozen=True, slots=True)
class PetRequest:
    """A request for an SSTR PET (Ga-68 DOTATATE or Cu-64 DOTATATE).

    Args:
        id: request identifier.
        weight_kg: body weight; Ga-68 DOTATATE activity is 2 MBq/kg, at most 200 MBq.
        earliest_day / latest_day: scan window (latest None: open to the horizon's end).
        last_long_acting_ssa: date of the last long-acting SSA injection (washout, REFERENCE §4).
        preferred_weekdays: soft preference (empty: none).
        preferred_time: soft preference for the morning or afternoon.
        priority: 1 (routine) - 5 (urgent); weights "patients served".
        tracer_ok: which tracer the request accepts.
    """

    id: str
    weight_kg: float
    earliest_day: date
    latest_day: date | None = None
    last_long_acting_ssa: date | None = None
    preferred_weekdays: frozenset[int] = frozenset()
    preferred_time: TimeOfDay = TimeOfDay.ANY
    priority: int = 1
    tracer_ok: Tracer = Tracer.EITHER

    def __post_init__(self) -> None:
        _require(bool(self.id), "id", "must not be empty")
        _require(
            math.isfinite(self.weight_kg) and 2 <= self.weight_kg <= 350,
            "weight_kg",
            f"must be 2-350 kg, got {self.weight_kg!r}",
        )
        _require(
            self.latest_day is None or self.latest_day >= self.earliest_day,
            "latest_day",
            f"must not be before earliest_day {self.earliest_day}, got {self.latest_day}",
        )
        _weekdays(self.preferred_weekdays, "preferred_weekdays")
        _require(1 <= self.priority <= 5, "priority", f"must be 1-5, got {self.priority!r}")
        _require(
            isinstance(self.tracer_ok, Tracer),
            "tracer_ok",
            f"must be a Tracer, got {self.tracer_ok!r}",
        )
        _require(
            isinstance(self.preferred_time, TimeOfDay),
            "preferred_time",
            f"must be a TimeOfDay, got {self.preferred_time!r}",
        )


@dataclass(frozen=True, slots=True)
class PrrtCycle:
    """One Lu-177 DOTATATE cycle to place on an infusion chair (REFERENCE §5, LOGISTICS 4.3).

    Args:
        id: cycle identifier.
        patient_id: the patient; cycles of one patient are chained by cycle_number.
        cycle_number: 1-4.
        earliest / latest: the window the team wants.
        previous_cycle_date: date of the previous cycle when already given (8 weeks ± 1 week
            before this one); None for cycle 1 or when the previous cycle is in the same problem.
        last_long_acting_ssa: last long-acting SSA dose (≥ 4 weeks before each cycle).
        priority: 1-5.
        preferred_weekdays: soft preference.
    """

    id: str
    patient_id: str
    cycle_number: int
    earliest: date
    latest: date
    previous_cycle_date: date | None = None
    last_long_acting_ssa: date | None = None
    priority: int = 1
    preferred_weekdays: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        _require(bool(self.id), "id", "must not be empty")
        _require(bool(self.patient_id), "patient_id", "must not be empty")
        _require(
            1 <= self.cycle_number <= 4,
            "cycle_number",
            f"must be 1-4, got {self.cycle_number!r}",
        )
        _require(
            self.latest >= self.earliest,
            "latest",
            f"must not be before earliest {self.earliest}, got {self.latest}",
        )
        _require(
            self.cycle_number > 1 or self.previous_cycle_date is None,
            "previous_cycle_date",
            "cycle 1 has no previous cycle",
        )
        _require(1 <= self.priority <= 5, "priority", f"must be 1-5, got {self.priority!r}")
        _weekdays(self.preferred_weekdays, "preferred_weekdays")


@dataclass(frozen=True, slots=True)
class PlanningProblem:
    """Everything the planner needs for one horizon.

    Args:
        start: first day of the horizon.
        days: horizon length in calendar days (7 = one week, 28 = four).
        generator: the Ga-68 generator, or None (Cu-64 only).
        resources: rooms, devices, staff.
        supply: centrally supplied Cu-64 unit doses, or None.
        pet_requests / prrt_cycles: the demand.
        pet_washout_days: days off long-acting SSA before SSTR PET (REFERENCE §4: ≈ 4 weeks).
        prrt_washout_days: days off long-acting SSA before a cycle (REFERENCE §5: ≥ 4 weeks).
        prrt_interval_days: (min, max) days between cycles (8 weeks ± 1 week = 49-63).
    """

    start: date
    days: int
    generator: Generator | None
    resources: Resources = field(default_factory=Resources)
    supply: UnitDoseSupply | None = None
    pet_requests: tuple[PetRequest, ...] = ()
    prrt_cycles: tuple[PrrtCycle, ...] = ()
    pet_washout_days: int = 28
    prrt_washout_days: int = 28
    prrt_interval_days: tuple[int, int] = (49, 63)

    def __post_init__(self) -> None:
        _require(1 <= self.days <= 366, "days", f"must be 1-366, got {self.days!r}")
        ids = [r.id for r in self.pet_requests] + [c.id for c in self.prrt_cycles]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        _require(not dupes, "id", f"request and cycle ids must be unique, repeated: {dupes}")
        _require(
            0 <= self.pet_washout_days <= 120,
            "pet_washout_days",
            f"must be 0-120, got {self.pet_washout_days}",
        )
        _require(
            0 <= self.prrt_washout_days <= 120,
            "prrt_washout_days",
            f"must be 0-120, got {self.prrt_washout_days}",
        )
        low, high = self.prrt_interval_days
        _require(
            1 <= low <= high, "prrt_interval_days", f"must be 1 ≤ min ≤ max, got {(low, high)}"
        )
        numbers = {(c.patient_id, c.cycle_number) for c in self.prrt_cycles}
        _require(
            len(numbers) == len(self.prrt_cycles),
            "cycle_number",
            "a patient's cycle numbers must differ",
        )
        for cycle in self.prrt_cycles:
            _require(
                cycle.cycle_number == 1
                or cycle.previous_cycle_date is not None
                or (cycle.patient_id, cycle.cycle_number - 1) in numbers,
                "previous_cycle_date",
                f"cycle {cycle.id} (number {cycle.cycle_number}) needs the previous cycle's "
                "date or the previous cycle in the same problem",
            )

    @property
    def end(self) -> date:
        """Last day of the horizon (inclusive)."""
        return self.start + timedelta(days=self.days - 1)

    def open_days(self) -> list[date]:
        """The horizon's open days, in order."""
        every = (self.start + timedelta(days=i) for i in range(self.days))
        return [d for d in every if self.resources.is_open(d)]
