"""Generator physics, the day's time grid and the independent physics bound (LOGISTICS 4.1-4.2).

Model (stated in docs/planning.md):

* Ge-68 decays from calibration (T½ 270.95 d, taken at local midnight of the calibration date).
* Ga-68 present at an elution = Ge-68 activity x (1 - 2^(-t/67.71 min)), t = time since the
  previous elution (the day's first elution regrows from the previous day's last one).
* Eluate = Ga-68 present x elution efficiency; product at end of synthesis (EOS) = eluate x
  synthesis yield, available `synthesis_minutes` after the elution and for `shelf_life_minutes`.
* A patient injected Δt after EOS needs prescribed activity x 2^(Δt/67.71 min) at EOS; a batch
  serves a set of patients when the sum of those needs ≤ activity at EOS. Kit route: one
  patient per elution.
* Ga-68 DOTATATE: 2 MBq/kg, at most 200 MBq (NETSPOT label). Cu-64 DOTATATE: fixed 148 MBq unit
  dose supplied for the day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from netcare.clinical.radionuclides import HALF_LIFE_HOURS, Nuclide
from netcare.planning.inputs import (
    Generator,
    PetRequest,
    PlanningProblem,
    PrrtCycle,
    Resources,
    Route,
    Tracer,
    minutes,
)

__all__ = [
    "CU64_UNIT_DOSE_MBQ",
    "GA68_HALF_LIFE_MINUTES",
    "GE68_HALF_LIFE_DAYS",
    "Batch",
    "DayTimeline",
    "PhysicsBound",
    "batch_capacity",
    "day_timeline",
    "elution_batches",
    "ga68_patients_per_day",
    "germanium_fraction",
    "pet_candidate_days",
    "physics_bound",
    "prescribed_activity_mbq",
    "prrt_candidate_days",
    "regrowth_fraction",
    "required_at_eos_mbq",
    "reserved_activity_mbq",
]

GE68_HALF_LIFE_DAYS = 270.95
"""Ge-68 half-life (GalliaPharm SmPC, LOGISTICS 4.1)."""

GA68_HALF_LIFE_MINUTES = HALF_LIFE_HOURS[Nuclide.GA_68] * 60.0
"""Ga-68 half-life, 67.71 min (from netcare.clinical.radionuclides)."""

CU64_UNIT_DOSE_MBQ = 148.0
"""Cu-64 DOTATATE unit dose (Detectnet label, LOGISTICS 4.1)."""

MBQ_PER_KG = 2.0
MAX_GA68_MBQ = 200.0
RESERVATION_STEP_MBQ = 5
"""The planner reserves the prescription rounded up to 5 MBq (< 3 %, inside the label's ±10 %)."""


def prescribed_activity_mbq(weight_kg: float) -> float:
    """Ga-68 DOTATATE activity at injection: 2 MBq/kg, at most 200 MBq (REFERENCE §4)."""
    return min(MBQ_PER_KG * weight_kg, MAX_GA68_MBQ)


def reserved_activity_mbq(weight_kg: float) -> int:
    """The prescription rounded up to whole 5 MBq: what the optimiser reserves per patient."""
    exact = prescribed_activity_mbq(weight_kg)
    return math.ceil(round(exact, 6) / RESERVATION_STEP_MBQ) * RESERVATION_STEP_MBQ


def germanium_fraction(calibration_date: date, day: date) -> float:
    """Fraction of the calibrated Ge-68 activity left on `day` (2^(-days/270.95))."""
    return float(2.0 ** (-(day - calibration_date).days / GE68_HALF_LIFE_DAYS))


def regrowth_fraction(minutes_since_elution: float) -> float:
    """Ga-68 regrown `minutes_since_elution` after an elution: 1 - 2^(-t/67.71 min)."""
    return float(1.0 - 2.0 ** (-max(minutes_since_elution, 0.0) / GA68_HALF_LIFE_MINUTES))


def required_at_eos_mbq(activity_mbq: float, minutes_after_eos: float) -> float:
    """Activity needed at end of synthesis to inject `activity_mbq` that many minutes later."""
    return float(activity_mbq * 2.0 ** (minutes_after_eos / GA68_HALF_LIFE_MINUTES))


@dataclass(frozen=True, slots=True)
class Batch:
    """One elution and its labelled product.

    Attributes:
        index: 0-based elution number of the day.
        elution_min / eos_min / expires_min: minutes after local midnight.
        activity_mbq: Ga-68 DOTATATE activity at end of synthesis.
        single_dose: kit route (one patient).
    """

    index: int
    elution_min: int
    eos_min: int
    expires_min: int
    activity_mbq: float
    single_dose: bool


def elution_batches(generator: Generator, day: date) -> tuple[Batch, ...]:
    """The day's elutions with product activity at EOS (model in the module docstring)."""
    ge_mbq = (
        generator.calibration_gbq * 1000.0 * germanium_fraction(generator.calibration_date, day)
    )
    times = [minutes(t) for t in generator.elution_times]
    batches = []
    for index, at in enumerate(times):
        # The first elution regrows since yesterday's last one (a daily routine).
        since = at - times[index - 1] if index else at + 24 * 60 - times[-1]
        eluate = ge_mbq * regrowth_fraction(since) * generator.efficiency
        eos = at + generator.synthesis_minutes
        batches.append(
            Batch(
                index=index,
                elution_min=at,
                eos_min=eos,
                expires_min=eos + generator.shelf_life_minutes,
                activity_mbq=eluate * generator.synthesis_yield,
                single_dose=generator.route is Route.KIT,
            )
        )
    return tuple(batches)


def batch_capacity(
    activity_mbq: float,
    offsets_min: Sequence[float],
    needs_mbq: Iterable[float],
    *,
    single_dose: bool = False,
) -> int:
    """Most patients one batch can serve when injected at `offsets_min` after EOS.

    Takes the smallest needs and gives the largest of them the earliest position (the cheapest
    order, by the rearrangement inequality), so the answer is exact for the given offsets.
    """
    positions = sorted(offsets_min)[: 1 if single_dose else None]
    smallest = sorted(needs_mbq)[: len(positions)]
    best = 0
    for n in range(1, len(smallest) + 1):
        chosen = sorted(smallest[:n], reverse=True)
        total = sum(required_at_eos_mbq(a, off) for a, off in zip(chosen, positions, strict=False))
        if total > activity_mbq + 1e-9:
            break
        best = n
    return best


def _last_injection_min(resources: Resources, uptake: int) -> int:
    return minutes(resources.closes) - uptake - resources.scan_minutes


def ga68_patients_per_day(
    generator: Generator,
    resources: Resources,
    day: date,
    activity_mbq: float = 150.0,
    needs_mbq: Sequence[float] | None = None,
) -> int:
    """Ga-68 patients a generator can serve on `day` (LOGISTICS 4.2), ignoring the scanners.

    Each batch injects at EOS, EOS + spacing, … while the product is in date and a scan can
    still end before closing. `needs_mbq` (default: `activity_mbq` for everybody) lets the bound
    use the lightest real patients.
    """
    last = _last_injection_min(resources, resources.uptake_min_minutes)
    spacing = resources.injection_spacing_minutes
    total = 0
    for batch in elution_batches(generator, day):
        end = min(batch.expires_min, last)
        offsets = [float(k * spacing) for k in range(max(0, (end - batch.eos_min) // spacing + 1))]
        needs = needs_mbq if needs_mbq is not None else [activity_mbq] * len(offsets)
        total += batch_capacity(batch.activity_mbq, offsets, needs, single_dose=batch.single_dose)
    return total


@dataclass(frozen=True, slots=True)
class DayTimeline:
    """The optimiser's grid of injection slots for one open day.

    Slot i: injection at `grid[i]`, scan at `grid[i] + uptake` on `scanner_of_slot[i]`, Ga-68
    from batch `batch_of_slot[i]` (None: only a unit dose fits). The spacing makes scanners and
    uptake rooms conflict-free by construction: spacing ≥ injection spacing, ≥ scan / scanners,
    ≥ uptake / rooms.
    """

    day: date
    spacing: int
    uptake: int
    grid: tuple[int, ...]
    scanner_of_slot: tuple[str, ...]
    batch_of_slot: tuple[int | None, ...]
    batches: tuple[Batch, ...]
    cu64_doses: int
    cu64_delivery_min: int
    staff_patients: int

    def slots_of_batch(self, index: int) -> list[int]:
        """Grid slots served by batch `index`, in time order."""
        return [i for i, b in enumerate(self.batch_of_slot) if b == index]


def _ceil5(value: float) -> int:
    return math.ceil(value / 5.0) * 5


def day_timeline(problem: PlanningProblem, day: date) -> DayTimeline:
    """Build the slot grid of `day` (an open day of the problem)."""
    res = problem.resources
    n_scan = len(res.scanners)
    spacing = max(
        res.injection_spacing_minutes,
        _ceil5(res.scan_minutes / n_scan),
        _ceil5(res.uptake_minutes / res.uptake_rooms),
    )
    first, last = minutes(res.opens), _last_injection_min(res, res.uptake_minutes)
    grid = tuple(range(first, last + 1, spacing)) if last >= first else ()
    batches = elution_batches(problem.generator, day) if problem.generator else ()
    owner: list[int | None] = []
    for t in grid:
        found = None
        for b in batches:
            nxt = next((c.eos_min for c in batches if c.index == b.index + 1), None)
            if b.eos_min <= t <= b.expires_min and (nxt is None or t < nxt):
                found = b.index
        owner.append(found)
    supply = problem.supply
    return DayTimeline(
        day=day,
        spacing=spacing,
        uptake=res.uptake_minutes,
        grid=grid,
        scanner_of_slot=tuple(res.scanners[i % n_scan] for i in range(len(grid))),
        batch_of_slot=tuple(owner),
        batches=batches,
        cu64_doses=supply.doses_per_day if supply else 0,
        cu64_delivery_min=minutes(supply.delivery_time) if supply else 24 * 60,
        staff_patients=res.pet_staff_minutes_per_day // res.pet_staff_minutes_per_patient,
    )


def pet_candidate_days(problem: PlanningProblem, request: PetRequest) -> list[date]:
    """Open days in the request's window, at least `pet_washout_days` after the last LAR dose."""
    last = request.latest_day or problem.end
    days = [d for d in problem.open_days() if request.earliest_day <= d <= last]
    if request.last_long_acting_ssa is not None:
        days = [
            d for d in days if (d - request.last_long_acting_ssa).days >= problem.pet_washout_days
        ]
    return days


def prrt_candidate_days(problem: PlanningProblem, cycle: PrrtCycle) -> list[date]:
    """Open days in the cycle's window, respecting SSA washout and the interval to a given date."""
    low, high = problem.prrt_interval_days
    days = [d for d in problem.open_days() if cycle.earliest <= d <= cycle.latest]
    if cycle.last_long_acting_ssa is not None:
        days = [
            d for d in days if (d - cycle.last_long_acting_ssa).days >= problem.prrt_washout_days
        ]
    if cycle.previous_cycle_date is not None:
        prev = cycle.previous_cycle_date
        days = [d for d in days if low <= (d - prev).days <= high]
    return days


@dataclass(frozen=True, slots=True)
class PhysicsBound:
    """Upper bound on what any plan can serve, from physics and resources alone.

    Attributes:
        pet_per_day: per open day, min(scanner slots, staff, Ga-68 batches + unit doses).
        pet_served / pet_unmet: bound on PET patients served; demand above it (≥ unmet).
        prrt_served / prrt_unmet: the same for PRRT cycles (chairs and nurses).
        weighted: bound on the priority-weighted objective.
    """

    pet_per_day: dict[date, int]
    pet_served: int
    pet_unmet: int
    prrt_served: int
    prrt_unmet: int
    weighted: int


def _top(priorities: list[int], count: int) -> int:
    return sum(sorted(priorities, reverse=True)[:count])


def physics_bound(problem: PlanningProblem) -> PhysicsBound:
    """Independent upper bound (no optimiser): per-day generator, unit doses, scanners, staff.

    Ga-68 capacity per batch uses the lightest Ga-68-eligible patients' exact prescriptions at
    the tightest injection spacing, so it is never below what a plan can reach.
    """
    res = problem.resources
    feasible = [r for r in problem.pet_requests if pet_candidate_days(problem, r)]
    ga_ok = [r for r in feasible if r.tracer_ok is not Tracer.CU64]
    cu_ok = [r for r in feasible if r.tracer_ok is not Tracer.GA68]
    needs = [prescribed_activity_mbq(r.weight_kg) for r in ga_ok]
    open_min = minutes(res.closes) - minutes(res.opens)
    scans = len(res.scanners) * max(0, (open_min - res.uptake_min_minutes) // res.scan_minutes)
    injections = max(
        0,
        (open_min - res.uptake_min_minutes - res.scan_minutes) // res.injection_spacing_minutes + 1,
    )
    staff = res.pet_staff_minutes_per_day // res.pet_staff_minutes_per_patient
    cu_day = problem.supply.doses_per_day if problem.supply else 0
    per_day: dict[date, int] = {}
    ga_total = cu_total = 0
    for day in problem.open_days():
        ga = (
            ga68_patients_per_day(problem.generator, res, day, needs_mbq=needs)
            if problem.generator and needs
            else 0
        )
        ga_total += ga
        cu_total += cu_day
        per_day[day] = min(scans, injections, staff, ga + cu_day)
    pet = min(
        len(feasible),
        sum(per_day.values()),
        len(ga_ok) + cu_total,
        ga_total + len(cu_ok),
    )
    sessions = len(res.chairs) * (open_min // res.chair_minutes)
    nurses = res.prrt_nurse_minutes_per_day // res.prrt_nurse_minutes_per_cycle
    prrt_feasible = [c for c in problem.prrt_cycles if prrt_candidate_days(problem, c)]
    prrt = min(len(prrt_feasible), len(problem.open_days()) * min(sessions, nurses))
    weighted = _top([r.priority for r in feasible], pet) + _top(
        [c.priority for c in prrt_feasible], prrt
    )
    return PhysicsBound(
        pet_per_day=per_day,
        pet_served=pet,
        pet_unmet=len(problem.pet_requests) - pet,
        prrt_served=prrt,
        prrt_unmet=len(problem.prrt_cycles) - prrt,
        weighted=weighted,
    )
