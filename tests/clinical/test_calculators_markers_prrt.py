"""Calculator-level tests of the part-B calculators (REFERENCE sections 0, 3-6, 9)."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.calculators import names, run


def test_part_b_calculators_are_registered() -> None:
    """Every part-B calculator is in the registry."""
    expected = {
        "hiaa_units",
        "hiaa_interpretation",
        "cga_confounders",
        "krenning",
        "decay",
        "ga68_dotatate_activity",
        "gbq_to_mci",
        "prrt_eligibility",
        "prrt_dose_modification",
        "ssa_washout",
        "hereditary_screening",
        "surveillance_schedule",
    }
    assert expected <= set(names())


@pytest.mark.parametrize(
    ("inputs", "mg", "umol"),
    [
        ({"value": 10, "unit": "mg/24h"}, 10.0, 52.307),
        ({"value": 52.307, "unit": "umol/24h"}, 10.0, 52.307),
    ],
)
def test_hiaa_units(inputs: dict[str, Any], mg: float, umol: float) -> None:
    """`hiaa_units` returns both units."""
    result = run("hiaa_units", inputs)
    assert mg == pytest.approx(result["mg_per_24h"], abs=1e-3)
    assert umol == pytest.approx(result["umol_per_24h"], abs=1e-3)


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"value": -1, "unit": "mg/24h"}, "value"),
        ({"value": 1, "unit": "mg/day"}, "unit"),
        ({"unit": "mg/24h"}, "value"),
    ],
)
def test_hiaa_units_refuses(inputs: dict[str, Any], field: str) -> None:
    """Negative value or unknown unit is refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("hiaa_units", inputs)
    assert field == error.value.field


def test_hiaa_interpretation_default_and_lab_range() -> None:
    """Default range when no bounds are given; a lab's own range when both are."""
    default = run("hiaa_interpretation", {"value": 10, "unit": "mg/24h"})
    assert ("high", 9.0, False) == (
        default["level"],
        default["upper_mg"],
        default["range_verified"],
    )
    lab = run(
        "hiaa_interpretation",
        {
            "value": 10,
            "unit": "mg/24h",
            "lower_mg": 0,
            "upper_mg": 15,
            "laboratory": "Lab B",
            "verified": True,
        },
    )
    assert ("normal", "Lab B", True) == (lab["level"], lab["laboratory"], lab["range_verified"])
    unnamed = run(
        "hiaa_interpretation", {"value": 1, "unit": "mg/24h", "lower_mg": 2, "upper_mg": 15}
    )
    assert ("low", "laboratory range") == (unnamed["level"], unnamed["laboratory"])


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"lower_mg": 2}, "upper_mg"),
        ({"upper_mg": 9}, "lower_mg"),
        ({"lower_mg": 2, "upper_mg": 9, "laboratory": 5}, "laboratory"),
    ],
)
def test_hiaa_interpretation_refuses_half_ranges(extra: dict[str, Any], field: str) -> None:
    """Only one bound, or a non-string laboratory, is refused."""
    with pytest.raises(ClinicalInputError) as error:
        run("hiaa_interpretation", {"value": 5, "unit": "mg/24h", **extra})
    assert field == error.value.field


def test_cga_confounders_calculator() -> None:
    """Flags come back as names; null means unknown."""
    result = run(
        "cga_confounders",
        {"proton_pump_inhibitor": True, "renal_insufficiency": False, "atrophic_gastritis": False},
    )
    assert {
        "present": ["proton_pump_inhibitor"],
        "unknown": ["heart_failure"],
        "interpretable": False,
    } == result


def test_krenning_calculator() -> None:
    """`krenning` gives the score, its meaning and both trial thresholds."""
    result = run("krenning", {"lesion_suvmax": 30, "liver_suvmax": 8, "spleen_suvmax": 25})
    assert (4, True, True) == (result["score"], result["at_least_liver"], result["above_liver"])
    assert "spleen" in result["meaning"]


def test_prrt_eligibility_calculator() -> None:
    """A full NETTER-1 patient meets NETTER-1; criteria carry their source."""
    result = run(
        "prrt_eligibility",
        {
            "age_years": 64,
            "gep_net": True,
            "sstr_positive": True,
            "differentiation": "well",
            "midgut": True,
            "ki67_percent": 8,
            "progression_on_octreotide_lar": True,
            "min_target_krenning": 3,
            "creatinine_clearance_ml_min": 70,
            "hemoglobin_g_dl": 12,
            "wbc_10e9_per_l": 5,
            "platelets_10e9_per_l": 180,
            "bilirubin_x_uln": 0.8,
            "albumin_g_l": 41,
            "karnofsky": 80,
            "first_line": False,
        },
    )
    assert ("met", "met", "not_met") == (result["label"], result["netter1"], result["netter2"])
    assert all(c["source"] for c in result["criteria"])
    assert "unknown" == run("prrt_eligibility", {})["label"]


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"karnofsky": 65.5}, "karnofsky"),
        ({"min_target_krenning": 5}, "min_target_krenning"),
        ({"differentiation": "moderate"}, "differentiation"),
    ],
)
def test_prrt_eligibility_calculator_refuses(inputs: dict[str, Any], field: str) -> None:
    """Invalid eligibility inputs are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("prrt_eligibility", inputs)
    assert field == error.value.field


BASE_LABS: dict[str, Any] = {
    "thrombocytopenia_grade": 0,
    "anemia_grade": 0,
    "neutropenia_grade": 0,
    "creatinine_clearance_ml_min": 80,
    "bilirubin_x_uln": 1,
    "albumin_g_l": 40,
}


def test_prrt_dose_modification_calculator() -> None:
    """Normal labs give 7.4 GBq; a recovered withheld dose gives 3.7 GBq."""
    assert ("give_full", 7.4) == tuple(
        run("prrt_dose_modification", BASE_LABS)[k] for k in ("action", "activity_gbq")
    )
    reduced = run(
        "prrt_dose_modification",
        {**BASE_LABS, "withheld_for": ["thrombocytopenia"], "delay_weeks": 3},
    )
    assert ("give_reduced", 3.7, ["thrombocytopenia"]) == (
        reduced["action"],
        reduced["activity_gbq"],
        reduced["toxicities"],
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"withheld_for": "renal"}, "withheld_for"),
        ({"reduced_for": ["kidney"]}, "reduced_for"),
        ({"anemia_grade": 5}, "anemia_grade"),
    ],
)
def test_prrt_dose_modification_calculator_refuses(extra: dict[str, Any], field: str) -> None:
    """Malformed toxicity lists and grades are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("prrt_dose_modification", {**BASE_LABS, **extra})
    assert field == error.value.field


def test_ssa_washout_calculator() -> None:
    """The later of LAR + 4 weeks and short-acting + 24 h binds."""
    result = run(
        "ssa_washout",
        {
            "last_long_acting": "2026-11-01T09:00:00+00:00",
            "last_short_acting": "2026-11-29T12:00:00+00:00",
        },
    )
    assert {
        "earliest_prrt": "2026-11-30T12:00:00+00:00",
        "earliest_pet": "2026-11-30T12:00:00+00:00",
        "binding": "short_acting",
    } == result
    assert {"earliest_prrt": None, "earliest_pet": None, "binding": None} == run("ssa_washout", {})


def test_hereditary_screening_calculator() -> None:
    """Gastrinoma suggests MEN1 and counselling."""
    result = run(
        "hereditary_screening",
        {
            "gastrinoma": True,
            "age_at_onset_years": 35,
            "family_syndromes": ["VHL"],
            "relatives_with_si_net": 0,
        },
    )
    assert ["MEN1", "VHL"] == [s["syndrome"] for s in result["suspicions"]]
    assert result["counselling_recommended"]


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"family_syndromes": "MEN1"}, "family_syndromes"),
        ({"family_syndromes": ["MEN2"]}, "family_syndromes"),
        ({"relatives_with_si_net": 1.5}, "relatives_with_si_net"),
    ],
)
def test_hereditary_screening_calculator_refuses(inputs: dict[str, Any], field: str) -> None:
    """Unknown syndromes and fractional counts are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("hereditary_screening", inputs)
    assert field == error.value.field


def test_surveillance_schedule_calculator() -> None:
    """Resected G1 ileal NET: 3 months first, ISO dates, sorted items."""
    result = run(
        "surveillance_schedule",
        {
            "site": "jejunum_ileum",
            "category": "NET",
            "grade": "G1",
            "start_date": "2026-01-31",
            "resected": True,
            "horizon_months": 12,
        },
    )
    assert "2026-04-30" == result["visits"][0]["due"]
    assert ["clinical_review", "ct_or_mri", "markers"] == result["visits"][0]["items"]
    assert result["routine_follow_up"]


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"site": "pancreas", "category": "NET", "start_date": "31/01/2026"}, "start_date"),
        ({"site": "pancreas", "category": "NET"}, "start_date"),
        (
            {
                "site": "pancreas",
                "category": "NET",
                "start_date": "2026-01-01",
                "horizon_months": 2.5,
            },
            "horizon_months",
        ),
        ({"site": "liver", "category": "NET", "start_date": "2026-01-01"}, "site"),
    ],
)
def test_surveillance_schedule_calculator_refuses(inputs: dict[str, Any], field: str) -> None:
    """Bad dates, fractional horizons and unknown sites are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        run("surveillance_schedule", inputs)
    assert field == error.value.field
