"""Benchmark the PET/PRRT planner on a busy 4-week programme (issue: "Performance").

250 SSTR PET requests, 100 PRRT cycles, 2 scanners, 1 Ga-68 generator (module synthesis) plus
Cu-64 unit doses, 4 infusion chairs, 5-minute granularity. Deterministic (fixed seeds).

    PYTHONPATH=src .venv/bin/python bench/bench_planning.py [--age-days 90] [--seconds 10]

Prints the solve time, patients served, model bound and gap, the physics bound, and the time to
re-plan one day after a cancellation.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from netcare.planning import (
    Generator,
    PetRequest,
    PlanningProblem,
    PrrtCycle,
    Resources,
    TimeOfDay,
    Tracer,
    UnitDoseSupply,
    replan_day,
    solve,
    validate_plan,
)

START = date(2025, 3, 3)  # a Monday


def build_busy_problem(
    seed: int = 0, generator_age_days: int = 90, pet: int = 250, prrt: int = 100
) -> PlanningProblem:
    """The busy 4-week programme of the issue, generated deterministically from `seed`."""
    rng = random.Random(seed)
    requests = []
    for i in range(pet):
        earliest = START + timedelta(days=rng.randrange(0, 21))
        latest = earliest + timedelta(days=rng.choice([7, 14, 21])) if rng.random() < 0.7 else None
        lar = START - timedelta(days=rng.randrange(0, 40)) if rng.random() < 0.3 else None
        requests.append(
            PetRequest(
                id=f"P{i:03d}",
                weight_kg=round(min(140.0, max(45.0, rng.gauss(78, 15))), 1),
                earliest_day=earliest,
                latest_day=latest,
                last_long_acting_ssa=lar,
                preferred_weekdays=(
                    frozenset(rng.sample(range(5), 2)) if rng.random() < 0.3 else frozenset()
                ),
                preferred_time=rng.choices(
                    [TimeOfDay.ANY, TimeOfDay.AM, TimeOfDay.PM], weights=[5, 3, 2]
                )[0],
                priority=rng.choices([1, 2, 3], weights=[16, 3, 1])[0],
                tracer_ok=rng.choices(
                    [Tracer.EITHER, Tracer.GA68, Tracer.CU64], weights=[14, 5, 1]
                )[0],
            )
        )
    cycles = []
    for i in range(prrt):
        number = 1 if i < 40 else rng.choice([2, 3, 4])
        if number == 1:
            earliest = START + timedelta(days=rng.randrange(0, 21))
            latest, previous = earliest + timedelta(days=14), None
        else:
            previous = START - timedelta(days=rng.randrange(30, 60))
            earliest, latest = previous + timedelta(days=49), previous + timedelta(days=63)
        cycles.append(
            PrrtCycle(
                id=f"C{i:03d}",
                patient_id=f"T{i:03d}",
                cycle_number=number,
                earliest=earliest,
                latest=latest,
                previous_cycle_date=previous,
                last_long_acting_ssa=earliest - timedelta(days=rng.randrange(20, 40)),
                priority=rng.choices([1, 2], weights=[4, 1])[0],
                preferred_weekdays=frozenset({1}) if rng.random() < 0.2 else frozenset(),
            )
        )
    return PlanningProblem(
        start=START,
        days=28,
        generator=Generator(
            calibration_gbq=1.85, calibration_date=START - timedelta(days=generator_age_days)
        ),
        resources=Resources(),
        supply=UnitDoseSupply(doses_per_day=3),
        pet_requests=tuple(requests),
        prrt_cycles=tuple(cycles),
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--age-days", type=int, default=90)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    problem = build_busy_problem(args.seed, args.age_days)
    began = time.perf_counter()
    plan = solve(problem, time_limit_s=args.seconds, workers=2)
    wall = time.perf_counter() - began
    pet = len(plan.pet)
    prrt = len(plan.prrt)
    print(f"generator age           {args.age_days} d")
    print(f"solve wall time         {wall:.2f} s (status {plan.status})")
    print(f"served-stage time       {plan.details['served_stage_seconds']:.2f} s")
    print(f"served                  PET {pet}/250, PRRT {prrt}/100")
    print(f"objective (weighted)    {plan.objective}")
    print(f"model bound, gap        {plan.bound}, {100 * plan.gap:.2f} %")
    print(
        f"physics bound (weighted) {plan.physics_bound}; demand above physics {plan.physics_unmet}"
    )
    print(
        f"waiting days            {plan.waiting_days} "
        f"(stage-2 bound {plan.details['waiting_bound']:.0f} incl. weekday misses)"
    )
    violations = validate_plan(problem, plan)
    print(f"hard-constraint checks  {len(violations)} violations")
    day = START + timedelta(days=9)
    victims = [a.id for a in plan.pet if a.day == day][:1] + [
        a.id for a in plan.prrt if a.day == day
    ][:1]
    began = time.perf_counter()
    again = replan_day(problem, plan, day, cancelled=victims, time_limit_s=1.0, workers=2)
    replan = time.perf_counter() - began
    refilled = {a.id for a in again.assignments} - {a.id for a in plan.assignments}
    print(f"re-plan {day} after cancelling {victims}: {replan:.3f} s, refilled {sorted(refilled)}")
    print(f"re-plan checks          {len(validate_plan(problem, again))} violations")


if __name__ == "__main__":
    main()
