"""The optimiser: every plan it returns satisfies every hard constraint."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare.planning import (
    Generator,
    PetAssignment,
    PetRequest,
    PlanningProblem,
    PrrtCycle,
    Resources,
    Route,
    Source,
    TimeOfDay,
    Tracer,
    UnitDoseSupply,
    replan_day,
    solve,
    validate_plan,
)

DAY = date(2025, 3, 3)  # a Monday


@st.composite
def problems(draw: st.DrawFn) -> PlanningProblem:
    """Small random problems: one week, up to 25 PET requests and 8 PRRT cycles."""
    n_pet = draw(st.integers(0, 25))
    pet = []
    for i in range(n_pet):
        earliest = DAY + timedelta(days=draw(st.integers(0, 6)))
        pet.append(
            PetRequest(
                id=f"R{i}",
                weight_kg=draw(st.floats(40, 140)),
                earliest_day=earliest,
                latest_day=draw(st.none() | st.just(earliest + timedelta(days=2))),
                last_long_acting_ssa=draw(
                    st.none() | st.just(DAY - timedelta(days=draw(st.integers(0, 40))))
                ),
                preferred_time=draw(st.sampled_from(TimeOfDay)),
                priority=draw(st.integers(1, 3)),
                tracer_ok=draw(st.sampled_from(Tracer)),
            )
        )
    prrt = []
    for i in range(draw(st.integers(0, 8))):
        previous = draw(st.none() | st.just(DAY - timedelta(days=draw(st.integers(44, 60)))))
        prrt.append(
            PrrtCycle(
                id=f"C{i}",
                patient_id=f"T{i}",
                cycle_number=1 if previous is None else 2,
                earliest=DAY,
                latest=DAY + timedelta(days=6),
                previous_cycle_date=previous,
                last_long_acting_ssa=draw(
                    st.none() | st.just(DAY - timedelta(days=draw(st.integers(0, 40))))
                ),
            )
        )
    route = draw(st.sampled_from(Route))
    return PlanningProblem(
        start=DAY,
        days=7,
        generator=draw(
            st.none()
            | st.just(
                Generator(
                    draw(st.floats(0.74, 1.85)),
                    DAY - timedelta(days=draw(st.integers(0, 365))),
                    route=route,
                )
            )
        ),
        resources=Resources(
            scanners=("PET-1", "PET-2")[: draw(st.integers(1, 2))],
            uptake_rooms=draw(st.integers(1, 3)),
            chairs=("CH-1", "CH-2")[: draw(st.integers(1, 2))],
            pet_staff_minutes_per_day=draw(st.sampled_from([180, 960])),
        ),
        supply=draw(st.none() | st.builds(UnitDoseSupply, st.integers(0, 3))),
        pet_requests=tuple(pet),
        prrt_cycles=tuple(prrt),
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems())
def test_it_returns_only_plans_that_keep_every_hard_constraint(problem: PlanningProblem) -> None:
    """Property: every plan passes validate_plan and never beats either upper bound."""
    plan = solve(problem, time_limit_s=1.0, workers=2)
    assert [] == validate_plan(problem, plan)
    assert plan.objective <= plan.bound
    assert plan.objective <= plan.physics_bound
    assert len(problem.pet_requests) + len(problem.prrt_cycles) == plan.served + len(plan.unmet)


def _one_day_problem(n: int, **kwargs: object) -> PlanningProblem:
    requests = tuple(
        PetRequest(id=f"R{i}", weight_kg=75, earliest_day=DAY, latest_day=DAY) for i in range(n)
    )
    return PlanningProblem(
        start=DAY,
        days=1,
        generator=Generator(1.85, DAY),
        pet_requests=requests,
        **kwargs,  # type: ignore[arg-type]
    )


def test_it_shows_demand_above_capacity_as_unmet() -> None:
    """30 requests on one day with a new generator: ≈ 11 are served, the rest are unmet."""
    problem = _one_day_problem(30)
    plan = solve(problem, time_limit_s=2.0)
    assert [] == validate_plan(problem, plan)
    assert 10 <= plan.served <= 11
    assert 30 - plan.served == len(plan.unmet)
    assert plan.physics_unmet >= 30 - 11


def test_it_refuses_pet_before_the_ssa_washout() -> None:
    """A long-acting SSA 10 days ago keeps the request unplanned (washout ≥ 28 days)."""
    request = PetRequest(
        id="R1", weight_kg=70, earliest_day=DAY, last_long_acting_ssa=DAY - timedelta(days=10)
    )
    problem = PlanningProblem(
        start=DAY, days=7, generator=Generator(1.85, DAY), pet_requests=(request,)
    )
    plan = solve(problem, time_limit_s=1.0)
    assert ("R1",) == plan.unmet


def test_it_keeps_the_prrt_interval() -> None:
    """A cycle 8 weeks ± 1 week after the previous one lands only inside 49-63 days."""
    previous = DAY - timedelta(days=60)
    cycle = PrrtCycle(
        id="C2",
        patient_id="T1",
        cycle_number=2,
        earliest=DAY,
        latest=DAY + timedelta(days=27),
        previous_cycle_date=previous,
    )
    problem = PlanningProblem(start=DAY, days=28, generator=None, prrt_cycles=(cycle,))
    plan = solve(problem, time_limit_s=1.0)
    (booked,) = plan.prrt
    assert 49 <= (booked.day - previous).days <= 63


def test_it_keeps_locked_bookings_in_a_replan() -> None:
    """A locked booking survives a full re-solve unchanged."""
    problem = _one_day_problem(5)
    locked = PetAssignment(
        "R3", DAY, 9 * 60, 10 * 60, "PET-2", source=Source.GA68, elution=0, locked=True
    )
    plan = solve(problem, locked=[locked], time_limit_s=1.0)
    assert locked in plan.assignments
    assert [] == validate_plan(problem, plan)


def test_it_offers_a_cancelled_slot_to_a_waiting_request() -> None:
    """Cancelling one booking on a full day lets a waiting request take the freed capacity."""
    problem = _one_day_problem(20)
    plan = solve(problem, time_limit_s=2.0)
    victim = plan.pet[0].request_id
    again = replan_day(problem, plan, DAY, cancelled=[victim], time_limit_s=1.0)
    assert [] == validate_plan(problem, again)
    assert victim not in {a.id for a in again.assignments}
    assert victim not in again.unmet
    assert plan.served == again.served
