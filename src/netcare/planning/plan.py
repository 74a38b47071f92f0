"""Plans, and `validate_plan`: every hard constraint, checked without the solver.

`validate_plan` is the single source of truth for "can this plan be carried out": the property
tests run it on every plan the optimiser returns and the plan editor runs it on every edit.
It checks exact prescriptions (not the optimiser's 5 MBq reservation) and real minutes (not the
optimiser's grid), so plans edited by hand are judged by the same rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from netcare.planning.inputs import PetRequest, PlanningProblem, PrrtCycle, Tracer, minutes
from netcare.planning.physics import (
    elution_batches,
    prescribed_activity_mbq,
    required_at_eos_mbq,
)

__all__ = [
    "Assignment",
    "PetAssignment",
    "Plan",
    "PrrtAssignment",
    "Source",
    "Violation",
    "hhmm",
    "validate_plan",
]


class Source(StrEnum):
    """Where a PET patient's activity comes from."""

    GA68 = "ga68"
    CU64 = "cu64"


def hhmm(minute: int) -> str:
    """Minutes after local midnight as ``HH:MM``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True, slots=True)
class PetAssignment:
    """One booked SSTR PET.

    Attributes:
        request_id: the PetRequest.
        day: local date.
        injection_min / scan_start_min: minutes after local midnight.
        scanner: scanner name.
        source: Ga-68 from an elution or a Cu-64 unit dose.
        elution: 0-based elution of the day (Ga-68 only).
        locked: staff locked it; re-plans keep it unchanged.
    """

    request_id: str
    day: date
    injection_min: int
    scan_start_min: int
    scanner: str
    source: Source
    elution: int | None = None
    locked: bool = False

    @property
    def id(self) -> str:
        """The request id."""
        return self.request_id


@dataclass(frozen=True, slots=True)
class PrrtAssignment:
    """One booked PRRT cycle on an infusion chair (start = amino-acid infusion start)."""

    cycle_id: str
    day: date
    start_min: int
    chair: str
    locked: bool = False

    @property
    def id(self) -> str:
        """The cycle id."""
        return self.cycle_id


Assignment = PetAssignment | PrrtAssignment


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken hard constraint: its code, the request/cycle it concerns, and a sentence."""

    constraint: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A proposed plan and how good it provably is.

    Attributes:
        assignments: booked PET scans and PRRT cycles.
        unmet: ids of requests and cycles the plan does not serve.
        objective: priority-weighted patients served.
        bound: the optimiser's proven upper bound on `objective` for its model.
        gap: (bound - objective) / bound, 0 when bound is 0.
        physics_bound: independent upper bound (physics and resources, any plan).
        physics_unmet: demand that exceeds physical capacity (PET + PRRT), at least this many
            requests stay unmet in every plan.
        waiting_days: total days from each served request's earliest day to its booking.
        status: "optimal", "feasible", "edited", "replanned".
        solve_seconds: wall time of the solve.
    """

    assignments: tuple[Assignment, ...]
    unmet: tuple[str, ...]
    objective: int
    bound: int
    gap: float
    physics_bound: int
    physics_unmet: int
    waiting_days: int
    status: str
    solve_seconds: float
    details: dict[str, float] = field(default_factory=dict)

    @property
    def pet(self) -> list[PetAssignment]:
        """The PET bookings."""
        return [a for a in self.assignments if isinstance(a, PetAssignment)]

    @property
    def prrt(self) -> list[PrrtAssignment]:
        """The PRRT bookings."""
        return [a for a in self.assignments if isinstance(a, PrrtAssignment)]

    @property
    def served(self) -> int:
        """Number of requests and cycles booked."""
        return len(self.assignments)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _check_pet_one(
    problem: PlanningProblem, req: PetRequest, a: PetAssignment, out: list[Violation]
) -> None:
    res = problem.resources

    def bad(code: str, message: str) -> None:
        out.append(Violation(code, a.request_id, message))

    if not res.is_open(a.day):
        bad("day-closed", f"{a.day} is not an open day")
    if not problem.start <= a.day <= problem.end:
        bad("horizon", f"{a.day} is outside the plan {problem.start}-{problem.end}")
    latest = req.latest_day or problem.end
    if not req.earliest_day <= a.day <= latest:
        bad("window", f"request {req.id} must be scanned {req.earliest_day}-{latest}, not {a.day}")
    ssa = req.last_long_acting_ssa
    if ssa is not None and (a.day - ssa).days < problem.pet_washout_days:
        bad(
            "pet-ssa-washout",
            f"request {req.id}: last long-acting SSA {ssa} is {(a.day - ssa).days} days before "
            f"{a.day}; SSTR PET needs ≥ {problem.pet_washout_days} days (REFERENCE §4)",
        )
    wanted = Tracer.GA68 if a.source is Source.GA68 else Tracer.CU64
    if req.tracer_ok not in (wanted, Tracer.EITHER):
        bad("tracer", f"request {req.id} accepts {req.tracer_ok}, not {a.source}")
    if a.scanner not in res.scanners:
        bad("scanner", f"unknown scanner {a.scanner}")
    uptake = a.scan_start_min - a.injection_min
    low = max(res.uptake_min_minutes, 45 if a.source is Source.CU64 else 0)
    if not low <= uptake <= res.uptake_max_minutes:
        bad(
            "uptake-window",
            f"request {req.id}: uptake {uptake} min, allowed {low}-{res.uptake_max_minutes} min",
        )
    scan_end = a.scan_start_min + res.scan_minutes
    if a.injection_min < minutes(res.opens) or scan_end > minutes(res.closes):
        bad(
            "opening-hours",
            f"request {req.id}: {hhmm(a.injection_min)}-{hhmm(scan_end)} is outside "
            f"{res.opens:%H:%M}-{res.closes:%H:%M}",
        )
    if a.source is Source.GA68:
        if problem.generator is None:
            bad("elution", "no generator")
        elif a.elution is None or not 0 <= a.elution < len(problem.generator.elution_times):
            bad("elution", f"request {req.id}: no elution {a.elution} on {a.day}")
    elif problem.supply is None:
        bad("cu64-supply", "no unit-dose supply")
    elif a.injection_min < minutes(problem.supply.delivery_time):
        bad(
            "cu64-delivery",
            f"request {req.id}: injected {hhmm(a.injection_min)} before the Cu-64 delivery "
            f"{problem.supply.delivery_time:%H:%M}",
        )


def _check_pet_day(
    problem: PlanningProblem, day: date, booked: list[PetAssignment], out: list[Violation]
) -> None:
    res = problem.resources
    by_id = {r.id: r for r in problem.pet_requests}
    ordered = sorted(booked, key=lambda a: (a.scan_start_min, a.request_id))
    for i, a in enumerate(ordered):  # scanners
        out.extend(
            Violation(
                "scanner-overlap",
                a.request_id,
                f"scanner {a.scanner} already busy {hhmm(b.scan_start_min)}-"
                f"{hhmm(b.scan_start_min + res.scan_minutes)} with request {b.request_id}",
            )
            for b in ordered[:i]
            if b.scanner == a.scanner
            and _overlap(
                a.scan_start_min,
                a.scan_start_min + res.scan_minutes,
                b.scan_start_min,
                b.scan_start_min + res.scan_minutes,
            )
        )
    by_inj = sorted(booked, key=lambda a: (a.injection_min, a.request_id))
    for i, a in enumerate(by_inj):  # one hot lab: injections spaced
        out.extend(
            Violation(
                "injection-spacing",
                a.request_id,
                f"injection {hhmm(a.injection_min)} is within "
                f"{res.injection_spacing_minutes} min of request {b.request_id}'s "
                f"{hhmm(b.injection_min)}",
            )
            for b in by_inj[:i]
            if a.injection_min - b.injection_min < res.injection_spacing_minutes
        )
    events = sorted(
        [(a.injection_min, 1, a.request_id) for a in booked]
        + [(a.scan_start_min, -1, a.request_id) for a in booked]
    )
    occupied = 0
    for at, step, rid in events:  # uptake rooms (a leaving patient frees the room first)
        occupied += step
        if occupied > res.uptake_rooms:
            out.append(
                Violation(
                    "uptake-rooms",
                    rid,
                    f"{occupied} patients in uptake at {hhmm(at)}, only {res.uptake_rooms} rooms",
                )
            )
    staff = len(booked) * res.pet_staff_minutes_per_patient
    if staff > res.pet_staff_minutes_per_day:
        out.append(
            Violation(
                "pet-staff",
                booked[-1].request_id,
                f"{day}: {staff} technologist minutes needed, {res.pet_staff_minutes_per_day} "
                "available",
            )
        )
    cu = [a for a in booked if a.source is Source.CU64]
    if problem.supply is not None and len(cu) > problem.supply.doses_per_day:
        out.append(
            Violation(
                "cu64-supply",
                cu[-1].request_id,
                f"{day}: {len(cu)} Cu-64 doses booked, {problem.supply.doses_per_day} supplied",
            )
        )
    if problem.generator is None:
        return
    batches = elution_batches(problem.generator, day)
    for batch in batches:
        users = [a for a in booked if a.source is Source.GA68 and a.elution == batch.index]
        if not users:
            continue
        out.extend(
            Violation(
                "shelf-life",
                a.request_id,
                f"elution {batch.index + 1} product is usable {hhmm(batch.eos_min)}-"
                f"{hhmm(batch.expires_min)}, injection at {hhmm(a.injection_min)}",
            )
            for a in users
            if not batch.eos_min <= a.injection_min <= batch.expires_min
        )
        if batch.single_dose and len(users) > 1:
            out.append(
                Violation(
                    "kit-single-dose",
                    users[-1].request_id,
                    f"elution {batch.index + 1} on {day}: a kit serves one patient, "
                    f"{len(users)} booked",
                )
            )
        need = sum(
            required_at_eos_mbq(
                prescribed_activity_mbq(by_id[a.request_id].weight_kg),
                a.injection_min - batch.eos_min,
            )
            for a in users
        )
        if need > batch.activity_mbq + 1e-6:
            out.append(
                Violation(
                    "elution-activity",
                    users[-1].request_id,
                    f"elution {batch.index + 1} on {day}: {need:.0f} MBq needed at end of "
                    f"synthesis, {batch.activity_mbq:.0f} MBq available",
                )
            )


def _check_prrt(
    problem: PlanningProblem, booked: list[PrrtAssignment], out: list[Violation]
) -> None:
    res = problem.resources
    by_id = {c.id: c for c in problem.prrt_cycles}
    when = {a.cycle_id: a.day for a in booked}
    number = {(c.patient_id, c.cycle_number): c for c in problem.prrt_cycles}
    low, high = problem.prrt_interval_days
    per_day: dict[date, list[PrrtAssignment]] = defaultdict(list)
    for a in booked:
        cyc: PrrtCycle = by_id[a.cycle_id]
        per_day[a.day].append(a)

        def bad(code: str, message: str, subject: str = a.cycle_id) -> None:
            out.append(Violation(code, subject, message))

        if not res.is_open(a.day):
            bad("day-closed", f"{a.day} is not an open day")
        if not problem.start <= a.day <= problem.end:
            bad("horizon", f"{a.day} is outside the plan {problem.start}-{problem.end}")
        if not cyc.earliest <= a.day <= cyc.latest:
            bad("prrt-window", f"cycle {cyc.id} must be given {cyc.earliest}-{cyc.latest}")
        if a.chair not in res.chairs:
            bad("chair", f"unknown chair {a.chair}")
        end = a.start_min + res.chair_minutes
        if a.start_min < minutes(res.opens) or end > minutes(res.closes):
            bad(
                "chair-hours",
                f"cycle {cyc.id}: {hhmm(a.start_min)}-{hhmm(end)} is outside "
                f"{res.opens:%H:%M}-{res.closes:%H:%M}",
            )
        ssa = cyc.last_long_acting_ssa
        if ssa is not None and (a.day - ssa).days < problem.prrt_washout_days:
            bad(
                "prrt-ssa-washout",
                f"cycle {cyc.id}: last long-acting SSA {ssa} is {(a.day - ssa).days} days "
                f"before; PRRT needs ≥ {problem.prrt_washout_days} days (REFERENCE §5)",
            )
        prev_date = cyc.previous_cycle_date
        prev = number.get((cyc.patient_id, cyc.cycle_number - 1))
        if prev is not None:
            prev_date = when.get(prev.id)
            if prev_date is None:
                bad(
                    "prrt-sequence",
                    f"cycle {cyc.id} is booked but the previous cycle {prev.id} is not",
                )
        if prev_date is not None and not low <= (a.day - prev_date).days <= high:
            bad(
                "prrt-interval",
                f"cycle {cyc.id} on {a.day} is {(a.day - prev_date).days} days after the "
                f"previous cycle ({prev_date}); allowed {low}-{high} days (8 weeks ± 1 week)",
            )
    for day, items in per_day.items():
        items.sort(key=lambda a: (a.start_min, a.cycle_id))
        for i, a in enumerate(items):
            out.extend(
                Violation(
                    "chair-overlap",
                    a.cycle_id,
                    f"chair {a.chair} already busy {hhmm(b.start_min)}-"
                    f"{hhmm(b.start_min + res.chair_minutes)} with cycle {b.cycle_id}",
                )
                for b in items[:i]
                if b.chair == a.chair
                and _overlap(
                    a.start_min,
                    a.start_min + res.chair_minutes,
                    b.start_min,
                    b.start_min + res.chair_minutes,
                )
            )
        nurse = len(items) * res.prrt_nurse_minutes_per_cycle
        if nurse > res.prrt_nurse_minutes_per_day:
            out.append(
                Violation(
                    "prrt-nurse",
                    items[-1].cycle_id,
                    f"{day}: {nurse} nurse minutes needed, {res.prrt_nurse_minutes_per_day} "
                    "available",
                )
            )


def validate_plan(problem: PlanningProblem, plan: Plan) -> list[Violation]:
    """Every hard constraint the plan breaks (empty: the plan can be carried out).

    Checks, per PET booking: open day, horizon, window, SSA washout (REFERENCE §4), tracer,
    scanner, uptake 40-90 min (Cu-64 ≥ 45), opening hours, elution exists / Cu-64 delivered;
    per PET day: scanner overlap, injection spacing, uptake rooms, technologist minutes, Cu-64
    doses, elution product in date, kit one-per-elution and elution activity with exact
    prescriptions decayed from end of synthesis (LOGISTICS 4.2). Per PRRT booking: open day,
    window, chair hours, SSA washout, cycle sequence and 8 weeks ± 1 week interval (REFERENCE
    §5); per day: chair overlap and nurse minutes. Also: unknown ids and double bookings.
    """
    out: list[Violation] = []
    pet_by_id = {r.id: r for r in problem.pet_requests}
    prrt_ids = {c.id for c in problem.prrt_cycles}
    seen: set[str] = set()
    pet_days: dict[date, list[PetAssignment]] = defaultdict(list)
    prrt: list[PrrtAssignment] = []
    for a in plan.assignments:
        if a.id in seen:
            out.append(Violation("duplicate", a.id, f"{a.id} is booked twice"))
            continue
        seen.add(a.id)
        if isinstance(a, PetAssignment):
            req = pet_by_id.get(a.request_id)
            if req is None:
                out.append(Violation("unknown-id", a.id, f"no PET request {a.id}"))
                continue
            _check_pet_one(problem, req, a, out)
            pet_days[a.day].append(a)
        else:
            if a.cycle_id not in prrt_ids:
                out.append(Violation("unknown-id", a.id, f"no PRRT cycle {a.id}"))
                continue
            prrt.append(a)
    for day, booked in sorted(pet_days.items()):
        _check_pet_day(problem, day, booked, out)
    _check_prrt(problem, prrt, out)
    return out
