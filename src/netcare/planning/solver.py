"""The CP-SAT optimiser: a 1-4 week plan of SSTR PET scans and PRRT cycles (docs/planning.md).

Two levels:

1. A master model over the whole horizon decides which request goes on which day and source
   (Ga-68 or Cu-64 unit dose) and which cycle on which day. Ga-68 capacity is exact for the
   injection grid through patterns: per day and elution, one of the maximal fillings of the
   batch (a sorted list of activity classes, heaviest at the earliest slot; it fits when
   sum class_k x 2^((t_k - EOS)/67.71 min) <= activity at EOS) is chosen, and Hall's condition
   for nested classes (patients needing >= c <= positions of class >= c) links patients to it.
   Each patient reserves their class's largest prescription (6 classes by default). The LP of a
   pattern model is the convex hull of each batch's knapsack, so bounds are tight.
2. Each day is then realised: positions become concrete patients (morning/afternoon
   preferences honoured greedily), or, when the day holds locked bookings, a small exact
   per-patient CP-SAT day model places everybody around them.

Objective, lexicographic by solving twice: maximise priority-weighted patients served; then,
with that fixed at its best found value, minimise waiting days plus weekday-preference misses.
"""

from __future__ import annotations

import math
import time as clock
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from netcare.planning.inputs import (
    PetRequest,
    PlanningProblem,
    PrrtCycle,
    TimeOfDay,
    Tracer,
    minutes,
)
from netcare.planning.physics import (
    DayTimeline,
    PhysicsBound,
    day_timeline,
    pet_candidate_days,
    physics_bound,
    prrt_candidate_days,
    required_at_eos_mbq,
    reserved_activity_mbq,
)
from netcare.planning.plan import (
    Assignment,
    PetAssignment,
    Plan,
    PrrtAssignment,
    Source,
    validate_plan,
)

__all__ = ["replan_day", "solve"]

_SCALE = 100  # knapsack coefficients in 0.01 MBq
_NOON = 12 * 60
_PREFERENCE_MISS_DAYS = 3  # a missed preferred weekday costs as much as three days' wait
_CU64_MIN_UPTAKE = 45


def _eos_cost(activity: int, offset_min: int) -> int:
    """Reserved activity needed at EOS, in 0.01 MBq, rounded up (conservative)."""
    return math.ceil(required_at_eos_mbq(activity, offset_min) * _SCALE - 1e-9)


def _capacity(activity_mbq: float) -> int:
    return math.floor(activity_mbq * _SCALE + 1e-9)


def _new_solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def _wait_cost(earliest: date, day: date, preferred: frozenset[int]) -> int:
    miss = bool(preferred) and day.weekday() not in preferred
    return (day - earliest).days + (_PREFERENCE_MISS_DAYS if miss else 0)


@dataclass
class _Master:
    """Variables of the horizon model."""

    model: cp_model.CpModel
    xg: dict[tuple[str, date], Any]
    xc: dict[tuple[str, date], Any]
    u: dict[tuple[date, int, tuple[int, ...]], Any]
    y: dict[tuple[str, date], Any]
    served: list[tuple[Any, int]]
    cost: list[tuple[Any, int]]
    classes: list[int]
    class_of: dict[str, int]


def _activity_classes(reserved: Sequence[int], count: int) -> list[int]:
    """Split reserved activities into `count` classes of similar size; each class reserves its
    largest member's activity (so a class costs at most one class width of capacity)."""
    values = sorted(reserved)
    if not values:
        return []
    cuts = {values[min(len(values) - 1, (len(values) * i) // count - 1)] for i in range(1, count)}
    return sorted(cuts | {values[-1]})


def _patterns(
    classes: Sequence[int], offsets: Sequence[int], capacity: int, single: bool
) -> list[tuple[int, ...]]:
    """Maximal fillings of one batch: class activities, heaviest first at the earliest position.

    A filling fits when Σ activity_k x 2^(offset_k / T½) ≤ capacity (exact for the grid). Only
    maximal fillings are kept (no further patient fits and no patient can move up a class):
    with the ≤ linking constraints every smaller filling is implied.
    """
    limit = min(len(offsets), 1 if single else len(offsets))
    cost = [[_eos_cost(c, off) for off in offsets[:limit]] for c in classes]
    found: list[tuple[int, ...]] = []

    def grow(prefix: list[int], spent: int, top: int) -> None:
        k = len(prefix)
        extended = False
        if k < limit:
            for ci in range(top, -1, -1):
                if spent + cost[ci][k] <= capacity:
                    extended = True
                    grow([*prefix, ci], spent + cost[ci][k], ci)
        if prefix and not extended and not _upgradable(prefix, spent, cost, capacity):
            found.append(tuple(classes[ci] for ci in prefix))

    grow([], 0, len(classes) - 1)
    return found


def _upgradable(prefix: list[int], spent: int, cost: list[list[int]], capacity: int) -> bool:
    """Whether one position can move up one class and stay sorted and within capacity."""
    for k, ci in enumerate(prefix):
        if (
            ci + 1 < len(cost)
            and (k == 0 or prefix[k - 1] > ci)
            and spent - cost[ci][k] + cost[ci + 1][k] <= capacity
        ):
            return True
    return False


def _pet_sources(
    problem: PlanningProblem, tl: DayTimeline, req: PetRequest, activity: int
) -> tuple[bool, bool]:
    ga = req.tracer_ok is not Tracer.CU64 and any(
        _eos_cost(activity, tl.grid[slots[0]] - b.eos_min) <= _capacity(b.activity_mbq)
        for b in tl.batches
        if (slots := tl.slots_of_batch(b.index))
    )
    cu = (
        req.tracer_ok is not Tracer.GA68
        and tl.cu64_doses > 0
        and problem.resources.uptake_minutes >= _CU64_MIN_UPTAKE
        and any(t >= tl.cu64_delivery_min for t in tl.grid)
    )
    return ga, cu


def _build_master(
    problem: PlanningProblem,
    timelines: dict[date, DayTimeline],
    locked: dict[str, Assignment],
    class_count: int,
) -> _Master:
    model = cp_model.CpModel()
    activity = {r.id: reserved_activity_mbq(r.weight_kg) for r in problem.pet_requests}
    classes = _activity_classes(
        [
            a
            for r, a in zip(problem.pet_requests, activity.values(), strict=True)
            if r.tracer_ok is not Tracer.CU64
        ],
        class_count,
    )
    class_of = {rid: next((c for c in classes if c >= a), a) for rid, a in activity.items()}
    m = _Master(model, {}, {}, {}, {}, [], [], classes, class_of)

    # --- PET: request -> (day, source) -------------------------------------------------
    for req in problem.pet_requests:
        lock = locked.get(req.id)
        days = [lock.day] if lock is not None else pet_candidate_days(problem, req)
        choices = []
        for day in days:
            tl = timelines.get(day)
            if tl is None:
                continue
            ga, cu = _pet_sources(problem, tl, req, class_of[req.id])
            if isinstance(lock, PetAssignment):
                ga, cu = lock.source is Source.GA68, lock.source is Source.CU64
            cost = _wait_cost(req.earliest_day, day, req.preferred_weekdays)
            for ok, table, name in ((ga, m.xg, "g"), (cu, m.xc, "c")):
                if ok:
                    var = model.new_bool_var(f"x{name}[{req.id},{day}]")
                    table[req.id, day] = var
                    choices.append(var)
                    m.cost.append((var, cost))
        if choices:
            model.add_at_most_one(choices)
            if lock is not None:
                model.add(sum(choices) == 1)
            m.served.extend((v, req.priority) for v in choices)

    by_day_g: dict[date, list[tuple[str, Any]]] = defaultdict(list)
    by_day_c: dict[date, list[Any]] = defaultdict(list)
    for (rid, day), var in m.xg.items():
        by_day_g[day].append((rid, var))
    for (_, day), var in m.xc.items():
        by_day_c[day].append(var)

    for day, tl in timelines.items():
        ga_vars = by_day_g.get(day, [])
        cu_vars = by_day_c.get(day, [])
        if not ga_vars and not cu_vars:
            continue
        used_after: list[Any] = []  # Ga-68 positions at or after the Cu-64 delivery
        slot_terms: dict[int, list[tuple[Any, int]]] = defaultdict(list)
        for batch in tl.batches if ga_vars else ():
            slots = tl.slots_of_batch(batch.index)
            offsets = [tl.grid[i] - batch.eos_min for i in slots]
            options = []
            for n, pattern in enumerate(
                _patterns(m.classes, offsets, _capacity(batch.activity_mbq), batch.single_dose)
            ):
                var = model.new_bool_var(f"u[{day},{batch.index},{n}]")
                m.u[day, batch.index, pattern] = var
                options.append(var)
                for c in m.classes:
                    count = sum(1 for a in pattern if a >= c)
                    if count:
                        slot_terms[c].append((var, count))
                late = sum(
                    1 for k in range(len(pattern)) if tl.grid[slots[k]] >= tl.cu64_delivery_min
                )
                if late:
                    used_after.append(var * late)
            if options:
                model.add_at_most_one(options)
        # Hall's condition for nested classes: patients needing ≥ c fit in positions ≥ c.
        for c in m.classes:
            heavy = [v for rid, v in ga_vars if m.class_of[rid] >= c]
            if heavy:
                model.add(sum(heavy) <= sum(v * k for v, k in slot_terms.get(c, [])))
        if cu_vars:
            late_slots = sum(1 for t in tl.grid if t >= tl.cu64_delivery_min)
            model.add(sum(cu_vars) <= tl.cu64_doses)
            model.add(sum(cu_vars) + sum(used_after) <= late_slots)
        model.add(sum(v for _, v in ga_vars) + sum(cu_vars) <= tl.staff_patients)

    # --- PRRT: cycle -> day ------------------------------------------------------------
    res = problem.resources
    per_day_cap = min(
        len(res.chairs) * ((minutes(res.closes) - minutes(res.opens)) // res.chair_minutes),
        res.prrt_nurse_minutes_per_day // res.prrt_nurse_minutes_per_cycle,
    )
    by_day_y: dict[date, list[Any]] = defaultdict(list)
    chosen: dict[str, list[tuple[date, Any]]] = {}
    for cyc in problem.prrt_cycles:
        lock = locked.get(cyc.id)
        days = [lock.day] if lock is not None else prrt_candidate_days(problem, cyc)
        days = [d for d in days if d in timelines]
        cycle_options: list[tuple[date, Any]] = []
        for day in days:
            var = model.new_bool_var(f"y[{cyc.id},{day}]")
            m.y[cyc.id, day] = var
            by_day_y[day].append(var)
            cycle_options.append((day, var))
            m.cost.append((var, _wait_cost(cyc.earliest, day, cyc.preferred_weekdays)))
            m.served.append((var, cyc.priority))
        chosen[cyc.id] = cycle_options
        if cycle_options:
            model.add_at_most_one(v for _, v in cycle_options)
            if lock is not None:
                model.add(sum(v for _, v in cycle_options) == 1)
    for ys in by_day_y.values():
        model.add(sum(ys) <= per_day_cap)
    low, high = problem.prrt_interval_days
    number = {(c.patient_id, c.cycle_number): c for c in problem.prrt_cycles}
    for cyc in problem.prrt_cycles:
        prev = number.get((cyc.patient_id, cyc.cycle_number - 1))
        if prev is None:
            continue
        prev_opts = chosen.get(prev.id, [])
        for day, var in chosen.get(cyc.id, []):
            in_interval = [v for d, v in prev_opts if low <= (day - d).days <= high]
            model.add(var <= sum(in_interval))
    return m


def _pref_rank(pref: TimeOfDay) -> int:
    return {TimeOfDay.AM: 0, TimeOfDay.ANY: 1, TimeOfDay.PM: 2}[pref]


def _pet_booking(tl: DayTimeline, rid: str, slot: int, source: Source) -> PetAssignment:
    t = tl.grid[slot]
    return PetAssignment(
        request_id=rid,
        day=tl.day,
        injection_min=t,
        scan_start_min=t + tl.uptake,
        scanner=tl.scanner_of_slot[slot],
        source=source,
        elution=tl.batch_of_slot[slot] if source is Source.GA68 else None,
    )


def _realise_day_greedy(
    tl: DayTimeline,
    ga: list[PetRequest],
    cu: list[PetRequest],
    patterns: dict[int, tuple[int, ...]],
    class_of: dict[str, int],
) -> list[PetAssignment]:
    """Chosen batch fillings -> concrete patients and minutes.

    Pairs the heaviest patients with the heaviest positions (Hall's condition in the master
    makes this succeed), then packs each batch from its first slot, heaviest first unless the
    morning-first order also fits. Cu-64 patients take free slots after delivery.
    """
    positions = sorted(
        (
            (c, tl.grid[tl.slots_of_batch(e)[k]], e)
            for e, pat in patterns.items()
            for k, c in enumerate(pat)
        ),
        key=lambda p: (-p[0], p[1]),
    )
    people = sorted(ga, key=lambda r: (-class_of[r.id], _pref_rank(r.preferred_time), r.id))
    in_batch: dict[int, list[PetRequest]] = defaultdict(list)
    for req, (c, _, e) in zip(people, positions, strict=False):
        if class_of[req.id] <= c:
            in_batch[e].append(req)
    out: list[PetAssignment] = []
    used: set[int] = set()
    for e, members in in_batch.items():
        batch, slots = tl.batches[e], tl.slots_of_batch(e)
        heavy = sorted(members, key=lambda r: (-reserved_activity_mbq(r.weight_kg), r.id))
        liked = sorted(members, key=lambda r: (_pref_rank(r.preferred_time), r.id))
        for order in (liked, heavy):
            need = sum(
                _eos_cost(reserved_activity_mbq(r.weight_kg), tl.grid[i] - batch.eos_min)
                for r, i in zip(order, slots, strict=False)
            )
            if need <= _capacity(batch.activity_mbq):
                break
        for req, slot in zip(order, slots, strict=False):
            out.append(_pet_booking(tl, req.id, slot, Source.GA68))
            used.add(slot)
    free = [i for i, t in enumerate(tl.grid) if i not in used and t >= tl.cu64_delivery_min]
    cu = sorted(cu, key=lambda r: (_pref_rank(r.preferred_time), r.id))
    out.extend(
        _pet_booking(tl, req.id, slot, Source.CU64) for req, slot in zip(cu, free, strict=False)
    )
    return out


def _blocked(problem: PlanningProblem, tl: DayTimeline, fixed: Sequence[PetAssignment]) -> set[int]:
    """Grid slots that would clash with fixed (kept or locked) bookings."""
    res = problem.resources
    out: set[int] = set()
    for i, t in enumerate(tl.grid):
        scan = t + tl.uptake
        for f in fixed:
            if abs(t - f.injection_min) < res.injection_spacing_minutes:
                out.add(i)
            if f.scanner == tl.scanner_of_slot[i] and (
                scan < f.scan_start_min + res.scan_minutes
                and f.scan_start_min < scan + res.scan_minutes
            ):
                out.add(i)
    return out


def _solve_pet_day(
    problem: PlanningProblem,
    tl: DayTimeline,
    fixed: Sequence[PetAssignment],
    candidates: Sequence[PetRequest],
    *,
    seconds: float,
    workers: int,
    seed: int,
) -> list[PetAssignment]:
    """Exact per-patient model of one day around fixed bookings; returns the new bookings."""
    model = cp_model.CpModel()
    blocked = _blocked(problem, tl, fixed)
    by_id = {r.id: r for r in problem.pet_requests}
    z: dict[tuple[str, int, Source], Any] = {}
    for req in candidates:
        a = reserved_activity_mbq(req.weight_kg)
        for i, t in enumerate(tl.grid):
            if i in blocked:
                continue
            b = tl.batch_of_slot[i]
            if req.tracer_ok is not Tracer.CU64 and b is not None:
                batch = tl.batches[b]
                if _eos_cost(a, t - batch.eos_min) <= _capacity(batch.activity_mbq):
                    z[req.id, i, Source.GA68] = model.new_bool_var(f"z[{req.id},{i},g]")
            if (
                req.tracer_ok is not Tracer.GA68
                and tl.cu64_doses > 0
                and t >= tl.cu64_delivery_min
                and tl.uptake >= _CU64_MIN_UPTAKE
            ):
                z[req.id, i, Source.CU64] = model.new_bool_var(f"z[{req.id},{i},c]")
    if not z:
        return []
    per_req: dict[str, list[Any]] = defaultdict(list)
    per_slot: dict[int, list[Any]] = defaultdict(list)
    for (rid, i, _), var in z.items():
        per_req[rid].append(var)
        per_slot[i].append(var)
    for group in (*per_req.values(), *per_slot.values()):
        model.add_at_most_one(group)
    for batch in tl.batches:
        used = [f for f in fixed if f.source is Source.GA68 and f.elution == batch.index]
        spent = sum(
            _eos_cost(
                reserved_activity_mbq(by_id[f.request_id].weight_kg),
                f.injection_min - batch.eos_min,
            )
            for f in used
            if f.request_id in by_id
        )
        terms = [
            (
                var,
                _eos_cost(reserved_activity_mbq(by_id[rid].weight_kg), tl.grid[i] - batch.eos_min),
            )
            for (rid, i, src), var in z.items()
            if src is Source.GA68 and tl.batch_of_slot[i] == batch.index
        ]
        if terms:
            model.add(sum(v * c for v, c in terms) <= _capacity(batch.activity_mbq) - spent)
            if batch.single_dose:
                model.add(sum(v for v, _ in terms) <= max(0, 1 - len(used)))
    cu_used = sum(1 for f in fixed if f.source is Source.CU64)
    model.add(sum(v for (_, _, s), v in z.items() if s is Source.CU64) <= tl.cu64_doses - cu_used)
    model.add(sum(z.values()) <= tl.staff_patients - len(fixed))
    # Uptake rooms: check every moment someone enters uptake.
    moments = sorted({*tl.grid, *(f.injection_min for f in fixed)})
    for at in moments:
        inside = sum(1 for f in fixed if f.injection_min <= at < f.scan_start_min)
        entering = [
            var for (_, i, _), var in z.items() if tl.grid[i] <= at < tl.grid[i] + tl.uptake
        ]
        if entering:
            model.add(sum(entering) <= problem.resources.uptake_rooms - inside)
    # Lexicographic by weights: priority first; then the longer wait; then morning/afternoon.
    objective_terms = []
    max_wait = max((tl.day - r.earliest_day).days for r in candidates)
    big = (2 * max_wait + 2) * len(candidates) + 1
    for (rid, i, _), var in z.items():
        req = by_id[rid]
        t = tl.grid[i]
        miss = (req.preferred_time is TimeOfDay.AM and t >= _NOON) or (
            req.preferred_time is TimeOfDay.PM and t < _NOON
        )
        objective_terms.append(
            var * (big * req.priority + 2 * (tl.day - req.earliest_day).days + (0 if miss else 1))
        )
    model.maximize(sum(objective_terms))
    solver = _new_solver(seconds, workers, seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return [_pet_booking(tl, rid, i, src) for (rid, i, src), var in z.items() if solver.value(var)]


def _prrt_sessions(problem: PlanningProblem) -> list[tuple[str, int]]:
    res = problem.resources
    n = (minutes(res.closes) - minutes(res.opens)) // res.chair_minutes
    starts = [minutes(res.opens) + j * res.chair_minutes for j in range(n)]
    return [(chair, s) for s in starts for chair in res.chairs]


def _place_prrt(
    problem: PlanningProblem,
    day: date,
    fixed: Sequence[PrrtAssignment],
    cycles: Sequence[PrrtCycle],
) -> list[PrrtAssignment]:
    """Put cycles into free (chair, session) pairs, highest priority first."""
    res = problem.resources
    room = res.prrt_nurse_minutes_per_day // res.prrt_nurse_minutes_per_cycle - len(fixed)
    out: list[PrrtAssignment] = []
    taken = list(fixed)
    ordered = sorted(cycles, key=lambda c: (-c.priority, c.id))
    for chair, start in _prrt_sessions(problem):
        if len(out) >= min(room, len(ordered)):
            break
        if any(
            f.chair == chair
            and start < f.start_min + res.chair_minutes
            and f.start_min < start + res.chair_minutes
            for f in taken
        ):
            continue
        booking = PrrtAssignment(ordered[len(out)].id, day, start, chair)
        out.append(booking)
        taken.append(booking)
    return out


def _summarise(
    problem: PlanningProblem,
    assignments: Iterable[Assignment],
    *,
    bound: int,
    physics: PhysicsBound,
    status: str,
    started: float,
    exclude: frozenset[str] = frozenset(),
    details: dict[str, float] | None = None,
) -> Plan:
    booked = tuple(sorted(assignments, key=lambda a: (a.day, _start(a), a.id)))
    ids = {a.id for a in booked}
    priority = {r.id: r.priority for r in problem.pet_requests} | {
        c.id: c.priority for c in problem.prrt_cycles
    }
    earliest = {r.id: r.earliest_day for r in problem.pet_requests} | {
        c.id: c.earliest for c in problem.prrt_cycles
    }
    objective = sum(priority[a.id] for a in booked)
    unmet = tuple(i for i in priority if i not in ids and i not in exclude)
    bound = max(bound, objective)
    return Plan(
        assignments=booked,
        unmet=unmet,
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound if bound else 0.0,
        physics_bound=physics.weighted,
        physics_unmet=physics.pet_unmet + physics.prrt_unmet,
        waiting_days=sum(max(0, (a.day - earliest[a.id]).days) for a in booked),
        status=status,
        solve_seconds=clock.perf_counter() - started,
        details=dict(details or {}),
    )


def _start(a: Assignment) -> int:
    return a.injection_min if isinstance(a, PetAssignment) else a.start_min


def solve(
    problem: PlanningProblem,
    *,
    locked: Sequence[Assignment] = (),
    time_limit_s: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    activity_classes: int = 6,
) -> Plan:
    """Plan the horizon: who is scanned or treated when (module docstring, docs/planning.md).

    Args:
        problem: the demand and resources.
        locked: bookings staff locked; kept unchanged (and marked locked) in the result.
        time_limit_s: wall-clock budget for both solves (the realisation adds milliseconds,
            or one small solve per day that holds locked bookings).
        workers: CP-SAT search workers (2 on the shared machine).
        seed: CP-SAT random seed.
        activity_classes: how many reserved-activity classes the master distinguishes (more:
            less reserved activity wasted, a larger model).

    Returns:
        A plan; `bound`/`gap` come from the master model, `physics_bound` from physics alone.
    """
    started = clock.perf_counter()
    physics = physics_bound(problem)
    timelines = {d: day_timeline(problem, d) for d in problem.open_days()}
    locks = {a.id: replace(a, locked=True) for a in locked}
    m = _build_master(problem, timelines, locks, activity_classes)
    model = m.model

    primary = sum(v * p for v, p in m.served)
    model.maximize(primary)
    solver = _new_solver(time_limit_s * 0.55, workers, seed)
    status1 = solver.solve(model)
    if status1 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _summarise(
            problem,
            locks.values(),
            bound=physics.weighted,
            physics=physics,
            status="infeasible",
            started=started,
        )
    best = round(solver.objective_value)
    bound = math.floor(solver.best_objective_bound + 1e-6)
    first_seconds = clock.perf_counter() - started
    all_vars = [v for v, _ in m.served]
    values = {v.index: solver.value(v) for v in all_vars}
    u_values = {k: solver.value(v) for k, v in m.u.items()}

    # Stage 2: keep the served value, minimise waiting.
    model.add(primary >= best)
    model.minimize(sum(v * c for v, c in m.cost))
    for v in all_vars:
        model.add_hint(v, values[v.index])
    for k, v in m.u.items():
        model.add_hint(v, u_values[k])
    remaining = time_limit_s - (clock.perf_counter() - started) - 0.1 * time_limit_s
    status2 = cp_model.UNKNOWN
    wait_bound = 0.0
    if remaining > 0.05:
        solver2 = _new_solver(remaining, workers, seed)
        status2 = solver2.solve(model)
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {v.index: solver2.value(v) for v in all_vars}
            u_values = {k: solver2.value(v) for k, v in m.u.items()}
            wait_bound = solver2.best_objective_bound

    bookings = _realise(problem, timelines, m, values, u_values, locks, workers, seed)
    optimal = status1 == cp_model.OPTIMAL and status2 == cp_model.OPTIMAL
    return _summarise(
        problem,
        bookings,
        bound=min(bound, physics.weighted),
        physics=physics,
        status="optimal" if optimal else "feasible",
        started=started,
        details={
            "served_stage_seconds": first_seconds,
            "served_stage_optimal": float(status1 == cp_model.OPTIMAL),
            "waiting_stage_optimal": float(status2 == cp_model.OPTIMAL),
            "waiting_bound": float(wait_bound),
            "model_bound": float(bound),
        },
    )


def _realise(
    problem: PlanningProblem,
    timelines: dict[date, DayTimeline],
    m: _Master,
    values: dict[int, int],
    u_values: dict[tuple[date, int, tuple[int, ...]], int],
    locks: dict[str, Assignment],
    workers: int,
    seed: int,
) -> list[Assignment]:
    by_id = {r.id: r for r in problem.pet_requests}
    cyc_by_id = {c.id: c for c in problem.prrt_cycles}
    ga: dict[date, list[PetRequest]] = defaultdict(list)
    cu: dict[date, list[PetRequest]] = defaultdict(list)
    for (rid, day), var in m.xg.items():
        if values[var.index]:
            ga[day].append(by_id[rid])
    for (rid, day), var in m.xc.items():
        if values[var.index]:
            cu[day].append(by_id[rid])
    out: list[Assignment] = []
    for day, tl in timelines.items():
        fixed = [a for a in locks.values() if isinstance(a, PetAssignment) and a.day == day]
        fixed_ids = {a.id for a in fixed}
        if not fixed:
            chosen = {e: pat for (d, e, pat), val in u_values.items() if d == day and val}
            out.extend(_realise_day_greedy(tl, ga[day], cu[day], chosen, m.class_of))
            continue
        out.extend(fixed)
        rest = [r for r in ga[day] + cu[day] if r.id not in fixed_ids]
        if rest:
            out.extend(
                _solve_pet_day(problem, tl, fixed, rest, seconds=0.5, workers=workers, seed=seed)
            )
    prrt_by_day: dict[date, list[PrrtCycle]] = defaultdict(list)
    for (cid, day), var in m.y.items():
        if values[var.index] and cid not in locks:
            prrt_by_day[day].append(cyc_by_id[cid])
    prrt_locked = [a for a in locks.values() if isinstance(a, PrrtAssignment)]
    out.extend(prrt_locked)
    for day, cycles in prrt_by_day.items():
        fixed_prrt = [a for a in prrt_locked if a.day == day]
        out.extend(_place_prrt(problem, day, fixed_prrt, cycles))
    return out


def replan_day(
    problem: PlanningProblem,
    plan: Plan,
    day: date,
    *,
    cancelled: Iterable[str] = (),
    time_limit_s: float = 1.0,
    workers: int = 2,
    seed: int = 0,
) -> Plan:
    """Re-plan one day after cancellations, offering freed capacity to waiting requests.

    Every other day, and every remaining booking on `day`, is kept exactly; unbooked requests
    and cycles that may take `day` are offered its free slots (priority first, then the longest
    wait). Falls back to the plan minus the cancellations if the new bookings would break a
    hard constraint.
    """
    started = clock.perf_counter()
    gone = frozenset(cancelled)
    kept = [a for a in plan.assignments if a.id not in gone]
    booked = {a.id for a in kept}
    physics_stub = PhysicsBound({}, 0, plan.physics_unmet, 0, 0, plan.physics_bound)
    base = _summarise(
        problem,
        kept,
        bound=plan.bound,
        physics=physics_stub,
        status="replanned",
        started=started,
        exclude=gone,
    )
    if not problem.resources.is_open(day) or not problem.start <= day <= problem.end:
        return base
    tl = day_timeline(problem, day)
    fixed = [a for a in kept if isinstance(a, PetAssignment) and a.day == day]
    candidates = [
        r
        for r in problem.pet_requests
        if r.id not in booked and r.id not in gone and day in pet_candidate_days(problem, r)
    ]
    new: list[Assignment] = []
    if candidates:
        new.extend(
            _solve_pet_day(
                problem,
                tl,
                fixed,
                candidates,
                seconds=time_limit_s * 0.8,
                workers=workers,
                seed=seed,
            )
        )
    when = {a.id: a.day for a in kept}
    number = {(c.patient_id, c.cycle_number): c for c in problem.prrt_cycles}
    low, high = problem.prrt_interval_days
    waiting = []
    for cyc in problem.prrt_cycles:
        if cyc.id in booked or cyc.id in gone or day not in prrt_candidate_days(problem, cyc):
            continue
        prev = number.get((cyc.patient_id, cyc.cycle_number - 1))
        if prev is not None and not (prev.id in when and low <= (day - when[prev.id]).days <= high):
            continue
        waiting.append(cyc)
    if waiting:
        fixed_prrt = [a for a in kept if isinstance(a, PrrtAssignment) and a.day == day]
        new.extend(_place_prrt(problem, day, fixed_prrt, waiting))
    if not new:
        return base
    candidate_plan = replace(base, assignments=(*kept, *new))
    new_ids = {a.id for a in new}
    if any(v.subject in new_ids for v in validate_plan(problem, candidate_plan)):
        return base
    return _summarise(
        problem,
        (*kept, *new),
        bound=plan.bound,
        physics=physics_stub,
        status="replanned",
        started=started,
        exclude=gone,
    )
