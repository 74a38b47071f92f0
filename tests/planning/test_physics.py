"""Generator physics and the physics bound against LOGISTICS 4.2."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netcare.planning import (
    Generator,
    PetRequest,
    PlanningInputError,
    PlanningProblem,
    Resources,
    Route,
    Tracer,
    UnitDoseSupply,
    ga68_patients_per_day,
    physics_bound,
    prescribed_activity_mbq,
)
from netcare.planning.physics import germanium_fraction, regrowth_fraction, reserved_activity_mbq

DAY = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("age_days", "low", "high"),
    [(0, 10, 11), (182, 6, 8), (365, 4, 6)],
)
def test_it_matches_logistics_patients_per_day(age_days: int, low: int, high: int) -> None:
    """A 1.85 GBq generator, 3 elutions, module route: ≈ 10-11 new, ≈ 7 at 6 mo, ≈ 5 at 12 mo."""
    gen = Generator(1.85, DAY - timedelta(days=age_days))
    assert low <= ga68_patients_per_day(gen, Resources(), DAY) <= high


def test_it_gives_one_patient_per_elution_by_kit() -> None:
    """The single-dose kit route serves one patient per elution: 3 a day with 3 elutions."""
    gen = Generator(1.85, DAY, route=Route.KIT, synthesis_yield=0.9, synthesis_minutes=15)
    assert 3 == ga68_patients_per_day(gen, Resources(), DAY)


def test_it_decays_and_regrows_like_the_table() -> None:
    """Ge-68 loses ≈ 60 % in 12 months; Ga-68 regrows 84 % in 3 h and 91 % in 4 h."""
    assert 0.39 == pytest.approx(germanium_fraction(DAY, DAY + timedelta(days=365)), abs=0.01)
    assert 0.84 == pytest.approx(regrowth_fraction(180), abs=0.01)
    assert 0.91 == pytest.approx(regrowth_fraction(240), abs=0.01)


@pytest.mark.parametrize(("weight", "mbq"), [(50, 100), (75, 150), (100, 200), (130, 200)])
def test_it_prescribes_two_mbq_per_kg_up_to_200(weight: float, mbq: float) -> None:
    """Ga-68 DOTATATE: 2 MBq/kg, at most 200 MBq (REFERENCE §4)."""
    assert mbq == prescribed_activity_mbq(weight)


def test_it_reserves_the_prescription_rounded_up_to_5_mbq() -> None:
    """The optimiser reserves whole 5 MBq, never less than prescribed."""
    assert 145 == reserved_activity_mbq(71.2)
    assert 150 == reserved_activity_mbq(75.0)


def test_it_shows_demand_above_physics_as_unmet_in_the_bound() -> None:
    """400 Ga-68-only requests in 4 weeks exceed a 12-month generator: the bound says so."""
    gen = Generator(1.85, DAY - timedelta(days=365))
    requests = tuple(
        PetRequest(id=f"R{i}", weight_kg=75, earliest_day=DAY, tracer_ok=Tracer.GA68)
        for i in range(400)
    )
    problem = PlanningProblem(start=DAY, days=28, generator=gen, pet_requests=requests)
    bound = physics_bound(problem)
    assert 20 * 4 <= bound.pet_served <= 20 * 6
    assert 400 - bound.pet_served == bound.pet_unmet


def test_it_counts_unit_doses_in_the_bound() -> None:
    """Cu-64 unit doses add to the Ga-68 capacity in the bound."""
    gen = Generator(1.85, DAY - timedelta(days=365))
    requests = tuple(PetRequest(id=f"R{i}", weight_kg=75, earliest_day=DAY) for i in range(400))
    without = physics_bound(PlanningProblem(DAY, 7, gen, pet_requests=requests))
    with_cu = physics_bound(
        PlanningProblem(DAY, 7, gen, supply=UnitDoseSupply(3), pet_requests=requests)
    )
    assert without.pet_served + 5 * 3 == with_cu.pet_served


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"calibration_gbq": -1.0}, "calibration_gbq"),
        ({"calibration_gbq": 1.85, "efficiency": 1.5}, "efficiency"),
    ],
)
def test_it_names_the_bad_generator_field(kwargs: dict[str, float], field: str) -> None:
    """Invalid generator input raises PlanningInputError naming the field."""
    with pytest.raises(PlanningInputError) as caught:
        Generator(calibration_date=DAY, **kwargs)
    assert field == caught.value.field
