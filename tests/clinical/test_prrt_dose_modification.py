"""Tests for the Lutathera dose-modification table and SSA timing (REFERENCE section 5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.prrt import (
    DoseAction,
    Toxicity,
    ToxicityFacts,
    dose_modification,
    octreotide_lar_window,
    ssa_washout,
)

OK = ToxicityFacts(
    thrombocytopenia_grade=0,
    anemia_grade=0,
    neutropenia_grade=0,
    creatinine_clearance_ml_min=80.0,
    baseline_creatinine_clearance_ml_min=80.0,
    creatinine=1.0,
    baseline_creatinine=1.0,
    bilirubin_x_uln=1.0,
    albumin_g_l=40.0,
    prothrombin_ratio_percent=100.0,
)
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def action(**change: Any) -> DoseAction:
    return dose_modification(replace(OK, **change)).action


def test_no_toxicity_gives_full_dose() -> None:
    """Normal values: 7.4 GBq citing the standard regimen."""
    decision = dose_modification(OK)
    assert (DoseAction.GIVE_FULL, 7.4) == (decision.action, decision.activity_gbq)
    assert "7.4 GBq every 8 weeks" in decision.rules[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"thrombocytopenia_grade": 1}, DoseAction.GIVE_FULL),
        ({"thrombocytopenia_grade": 2}, DoseAction.WITHHOLD),
        ({"thrombocytopenia_grade": 4}, DoseAction.WITHHOLD),
        ({"anemia_grade": 2}, DoseAction.GIVE_FULL),
        ({"anemia_grade": 3}, DoseAction.WITHHOLD),
        ({"neutropenia_grade": 2}, DoseAction.GIVE_FULL),
        ({"neutropenia_grade": 4}, DoseAction.WITHHOLD),
        ({"other_grade": 2}, DoseAction.GIVE_FULL),
        ({"other_grade": 3}, DoseAction.WITHHOLD),
        (
            {"creatinine_clearance_ml_min": 39.9, "baseline_creatinine_clearance_ml_min": 45.0},
            DoseAction.WITHHOLD,
        ),
        (
            {"creatinine_clearance_ml_min": 40.0, "baseline_creatinine_clearance_ml_min": 45.0},
            DoseAction.GIVE_FULL,
        ),
        (
            {"creatinine_clearance_ml_min": 40.1, "baseline_creatinine_clearance_ml_min": 45.0},
            DoseAction.GIVE_FULL,
        ),
        ({"creatinine": 1.39}, DoseAction.GIVE_FULL),
        ({"creatinine": 1.4}, DoseAction.WITHHOLD),
        ({"creatinine_clearance_ml_min": 48.1}, DoseAction.GIVE_FULL),
        ({"creatinine_clearance_ml_min": 48.0}, DoseAction.WITHHOLD),
        ({"bilirubin_x_uln": 3.0}, DoseAction.GIVE_FULL),
        ({"bilirubin_x_uln": 3.01}, DoseAction.WITHHOLD),
        ({"albumin_g_l": 29.9, "prothrombin_ratio_percent": 69.9}, DoseAction.WITHHOLD),
        ({"albumin_g_l": 30.0, "prothrombin_ratio_percent": 69.9}, DoseAction.GIVE_FULL),
        ({"albumin_g_l": 29.9, "prothrombin_ratio_percent": 70.0}, DoseAction.GIVE_FULL),
    ],
)
def test_thresholds(change: dict[str, Any], expected: DoseAction) -> None:
    """Each trigger below / at / above its threshold.

    CrCl 40 mL/min, creatinine +40 %, CrCl -40 %, bilirubin 3x ULN, albumin 30 with PT 70 %.
    """
    assert expected == action(**change)


def test_withhold_cites_rule_and_reason() -> None:
    """A withheld dose names the toxicity, its value and the label rule."""
    decision = dose_modification(replace(OK, thrombocytopenia_grade=3, bilirubin_x_uln=4.0))
    assert (Toxicity.THROMBOCYTOPENIA, Toxicity.HEPATIC) == decision.toxicities
    assert "thrombocytopenia grade 3" == decision.reasons[0]
    assert decision.rules[1].startswith("label 2.4: hepatotoxicity")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"withheld_for": frozenset({Toxicity.THROMBOCYTOPENIA}), "thrombocytopenia_grade": 2},
            DoseAction.WITHHOLD,
        ),
        (
            {"withheld_for": frozenset({Toxicity.THROMBOCYTOPENIA}), "thrombocytopenia_grade": 1},
            DoseAction.GIVE_REDUCED,
        ),
        ({"withheld_for": frozenset({Toxicity.ANEMIA}), "anemia_grade": 2}, DoseAction.WITHHOLD),
        (
            {"withheld_for": frozenset({Toxicity.ANEMIA}), "anemia_grade": 1},
            DoseAction.GIVE_REDUCED,
        ),
        ({"withheld_for": frozenset({Toxicity.OTHER}), "other_grade": 2}, DoseAction.GIVE_REDUCED),
        ({"withheld_for": frozenset({Toxicity.RENAL})}, DoseAction.GIVE_REDUCED),
        ({"last_dose_reduced": True}, DoseAction.GIVE_FULL),
        (
            {"reduced_for": frozenset({Toxicity.THROMBOCYTOPENIA}), "thrombocytopenia_grade": 2},
            DoseAction.DISCONTINUE,
        ),
        (
            {"reduced_for": frozenset({Toxicity.RENAL}), "creatinine_clearance_ml_min": 30.0},
            DoseAction.DISCONTINUE,
        ),
        (
            {"reduced_for": frozenset({Toxicity.RENAL}), "thrombocytopenia_grade": 2},
            DoseAction.WITHHOLD,
        ),
        ({"delay_weeks": 15.9, "thrombocytopenia_grade": 2}, DoseAction.WITHHOLD),
        ({"delay_weeks": 16.0, "thrombocytopenia_grade": 2}, DoseAction.DISCONTINUE),
        ({"delay_weeks": 16.1}, DoseAction.DISCONTINUE),
    ],
)
def test_course_history(change: dict[str, Any], expected: DoseAction) -> None:
    """Resume at 3.7 after recovery; 7.4 without recurrence; recurrence or 16 weeks stops."""
    assert expected == action(**change)


def test_back_to_full_and_reduced_doses_carry_activity() -> None:
    """GIVE_REDUCED is 3.7 GBq; after a reduced dose without recurrence 7.4 GBq."""
    reduced = dose_modification(replace(OK, withheld_for=frozenset({Toxicity.HEPATIC})))
    assert (3.7, (Toxicity.HEPATIC,)) == (reduced.activity_gbq, reduced.toxicities)
    back = dose_modification(replace(OK, last_dose_reduced=True))
    assert (7.4, "no recurrence after the reduced dose") == (back.activity_gbq, back.reasons[0])
    stop = dose_modification(replace(OK, delay_weeks=20.0))
    assert (None, "dose delayed 20 weeks (>= 16)") == (stop.activity_gbq, stop.reasons[0])


def test_missing_values_withhold_and_say_what_is_missing() -> None:
    """No dose without the monitoring values; baseline gaps are reported as uncertain."""
    decision = dose_modification(ToxicityFacts())
    assert DoseAction.WITHHOLD == decision.action
    assert "thrombocytopenia_grade" in decision.reasons[0]
    assert "albumin_g_l" in decision.reasons[0]
    assert any("rise from baseline" in note for note in decision.uncertain)
    low_albumin = dose_modification(replace(OK, albumin_g_l=25.0, prothrombin_ratio_percent=None))
    assert ("missing: prothrombin_ratio_percent",) == low_albumin.reasons


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"thrombocytopenia_grade": 5}, "thrombocytopenia_grade"),
        ({"other_grade": True}, "other_grade"),
        ({"albumin_g_l": -1.0}, "albumin_g_l"),
        ({"baseline_creatinine": 0.0}, "baseline_creatinine"),
        ({"delay_weeks": -1.0}, "delay_weeks"),
        ({"withheld_for": {"renal"}}, "withheld_for"),
        ({"reduced_for": frozenset({"renal"})}, "reduced_for"),
        ({"last_dose_reduced": None}, "last_dose_reduced"),
    ],
)
def test_invalid_facts_refused(change: dict[str, Any], field: str) -> None:
    """Invalid toxicity facts are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        replace(OK, **change)
    assert field == error.value.field


@pytest.mark.parametrize(
    ("long_acting", "short_acting", "earliest", "binding"),
    [
        (T0, None, T0 + timedelta(weeks=4), "long_acting"),
        (None, T0, T0 + timedelta(hours=24), "short_acting"),
        (T0, T0 + timedelta(weeks=4), T0 + timedelta(weeks=4, hours=24), "short_acting"),
        (T0, T0, T0 + timedelta(weeks=4), "long_acting"),
        (None, None, None, None),
    ],
)
def test_ssa_washout(
    long_acting: datetime | None,
    short_acting: datetime | None,
    earliest: datetime | None,
    binding: str | None,
) -> None:
    """LAR >= 4 weeks and short-acting >= 24 h before; the later binds."""
    result = ssa_washout(long_acting, short_acting)
    assert (earliest, binding) == (result.earliest, result.binding)


def test_ssa_washout_refuses_naive_times() -> None:
    """Naive datetimes are refused naming the field."""
    with pytest.raises(ClinicalInputError, match="last_long_acting"):
        ssa_washout(datetime(2026, 1, 1), None)  # noqa: DTZ001


def test_octreotide_lar_window() -> None:
    """Octreotide LAR 30 mg 4-24 h after the dose."""
    assert (T0 + timedelta(hours=4), T0 + timedelta(hours=24)) == octreotide_lar_window(T0)
