"""The plan editor refuses edits that break a hard constraint, and names it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netcare.planning import (
    Generator,
    Lock,
    MovePet,
    MovePrrt,
    PetRequest,
    PlanEditError,
    PlanningProblem,
    PrrtCycle,
    Remove,
    Unlock,
    apply_edit,
    solve,
)

DAY = date(2025, 3, 3)


def _problem() -> PlanningProblem:
    requests = tuple(
        PetRequest(id=f"R{i}", weight_kg=70, earliest_day=DAY, latest_day=DAY) for i in range(4)
    )
    cycle = PrrtCycle(
        id="C2",
        patient_id="T1",
        cycle_number=2,
        earliest=DAY,
        latest=DAY + timedelta(days=6),
        previous_cycle_date=DAY - timedelta(days=56),
    )
    return PlanningProblem(
        start=DAY,
        days=7,
        generator=Generator(1.85, DAY),
        pet_requests=requests,
        prrt_cycles=(cycle,),
    )


def test_it_refuses_a_double_booked_scanner_and_names_it() -> None:
    """Moving a scan onto another's scanner time names the scanner, times and request."""
    problem = _problem()
    plan = solve(problem, time_limit_s=1.0)
    first, second = plan.pet[0], plan.pet[1]
    edit = MovePet(
        second.request_id,
        first.day,
        first.injection_min + 20,
        first.scanner,
        scan_start_min=first.scan_start_min + 10,
    )
    with pytest.raises(PlanEditError) as caught:
        apply_edit(problem, plan, edit)
    constraints = {v.constraint for v in caught.value.violations}
    assert "scanner-overlap" in constraints
    assert f"scanner {first.scanner} already busy" in str(caught.value)
    assert first.request_id in str(caught.value)


def test_it_refuses_a_prrt_move_outside_the_interval() -> None:
    """Moving cycle 2 to 70 days after cycle 1 breaks 8 weeks ± 1 week."""
    problem = PlanningProblem(
        start=DAY,
        days=28,
        generator=None,
        prrt_cycles=(
            PrrtCycle(
                id="C2",
                patient_id="T1",
                cycle_number=2,
                earliest=DAY,
                latest=DAY + timedelta(days=27),
                previous_cycle_date=DAY - timedelta(days=50),
            ),
        ),
    )
    plan = solve(problem, time_limit_s=1.0)
    with pytest.raises(PlanEditError) as caught:
        apply_edit(problem, plan, MovePrrt("C2", DAY + timedelta(days=17), 8 * 60, "CHAIR-1"))
    assert "prrt-interval" in {v.constraint for v in caught.value.violations}


def test_it_refuses_a_pet_move_inside_the_washout() -> None:
    """A scan 25 days after a long-acting SSA dose is refused as pet-ssa-washout."""
    request = PetRequest(
        id="R1",
        weight_kg=70,
        earliest_day=DAY,
        last_long_acting_ssa=DAY - timedelta(days=25),
    )
    problem = PlanningProblem(
        start=DAY, days=7, generator=Generator(1.85, DAY), pet_requests=(request,)
    )
    plan = solve(problem, time_limit_s=1.0)
    with pytest.raises(PlanEditError) as caught:
        apply_edit(problem, plan, MovePet("R1", DAY, 8 * 60, "PET-1", elution=0))
    assert ["pet-ssa-washout"] == [v.constraint for v in caught.value.violations]


def test_it_applies_a_valid_move_remove_and_lock() -> None:
    """A free slot can be taken; removing makes the request unmet; locked bookings resist."""
    problem = _problem()
    plan = solve(problem, time_limit_s=1.0)
    target = plan.pet[0]
    removed = apply_edit(problem, plan, Remove(target.request_id))
    assert target.request_id in removed.unmet
    locked = apply_edit(problem, plan, Lock(target.request_id))
    with pytest.raises(PlanEditError) as caught:
        apply_edit(problem, locked, Remove(target.request_id))
    assert "locked" == caught.value.violations[0].constraint
    unlocked = apply_edit(problem, locked, Unlock(target.request_id))
    assert "edited" == unlocked.status
    assert plan.objective == unlocked.objective
