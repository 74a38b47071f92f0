"""Tests for PRRT eligibility (REFERENCE section 5)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.prrt import (
    AMINO_ACIDS,
    CRITERIA,
    PRRTFacts,
    Status,
    assess_eligibility,
)
from netcare.clinical.vocabulary import Differentiation

FULL = PRRTFacts(
    age_years=64,
    gep_net=True,
    sstr_positive=True,
    differentiation=Differentiation.WELL,
    midgut=True,
    ki67_percent=15.0,
    progression_on_octreotide_lar=True,
    min_target_krenning=3,
    creatinine_clearance_ml_min=70.0,
    hemoglobin_g_dl=12.0,
    wbc_10e9_per_l=5.0,
    platelets_10e9_per_l=180.0,
    bilirubin_x_uln=0.8,
    albumin_g_l=41.0,
    karnofsky=80,
    first_line=True,
)


def test_full_patient_meets_all_programs() -> None:
    """Every criterion met: label, NETTER-1 and NETTER-2 all MET."""
    result = assess_eligibility(FULL)
    assert (Status.MET, Status.MET, Status.MET) == (result.label, result.netter1, result.netter2)
    assert len(CRITERIA) == len(result.criteria)


def test_missing_input_is_unknown_never_a_guess() -> None:
    """An empty record is UNKNOWN everywhere."""
    result = assess_eligibility(PRRTFacts())
    assert {Status.UNKNOWN} == {r.status for r in result.criteria}
    assert Status.UNKNOWN == result.netter1


@pytest.mark.parametrize(
    ("change", "key", "status"),
    [
        ({"ki67_percent": 19.9}, "n1_ki67", Status.MET),
        ({"ki67_percent": 20.0}, "n1_ki67", Status.MET),
        ({"ki67_percent": 20.1}, "n1_ki67", Status.NOT_MET),
        ({"ki67_percent": 9.9}, "n2_ki67", Status.NOT_MET),
        ({"ki67_percent": 10.0}, "n2_ki67", Status.MET),
        ({"ki67_percent": 55.0}, "n2_ki67", Status.MET),
        ({"ki67_percent": 55.1}, "n2_ki67", Status.NOT_MET),
        ({"creatinine_clearance_ml_min": 49.9}, "n1_creatinine_clearance", Status.NOT_MET),
        ({"creatinine_clearance_ml_min": 50.0}, "n1_creatinine_clearance", Status.MET),
        ({"creatinine_clearance_ml_min": 50.1}, "n1_creatinine_clearance", Status.MET),
        ({"karnofsky": 50}, "n1_karnofsky", Status.NOT_MET),
        ({"karnofsky": 60}, "n1_karnofsky", Status.MET),
        ({"karnofsky": 70}, "n1_karnofsky", Status.MET),
        ({"bilirubin_x_uln": 3.1}, "n1_bilirubin", Status.NOT_MET),
        ({"bilirubin_x_uln": 3.0}, "n1_bilirubin", Status.MET),
        ({"albumin_g_l": 29.9}, "n1_albumin", Status.NOT_MET),
        ({"albumin_g_l": 30.0}, "n1_albumin", Status.MET),
        ({"platelets_10e9_per_l": 74.9}, "n1_platelets", Status.NOT_MET),
        ({"platelets_10e9_per_l": 75.0}, "n1_platelets", Status.MET),
        ({"hemoglobin_g_dl": 7.9}, "n1_hemoglobin", Status.NOT_MET),
        ({"hemoglobin_g_dl": 8.0}, "n1_hemoglobin", Status.MET),
        ({"wbc_10e9_per_l": 1.9}, "n1_wbc", Status.NOT_MET),
        ({"wbc_10e9_per_l": 2.0}, "n1_wbc", Status.MET),
        ({"min_target_krenning": 1}, "n1_uptake", Status.NOT_MET),
        ({"min_target_krenning": 2}, "n1_uptake", Status.MET),
        ({"min_target_krenning": 2}, "n2_uptake", Status.NOT_MET),
        ({"age_years": 11.9}, "label_age", Status.NOT_MET),
        ({"age_years": 12}, "label_age", Status.MET),
        ({"age_years": 14}, "n2_age", Status.NOT_MET),
        ({"age_years": 17}, "n1_age", Status.NOT_MET),
        ({"age_years": 18}, "n1_age", Status.MET),
        ({"differentiation": Differentiation.POOR}, "n1_well_differentiated", Status.NOT_MET),
        ({"differentiation": None}, "n2_well_differentiated", Status.UNKNOWN),
        ({"midgut": False}, "n1_midgut", Status.NOT_MET),
        ({"first_line": None}, "n2_first_line", Status.UNKNOWN),
    ],
)
def test_thresholds(change: dict[str, Any], key: str, status: Status) -> None:
    """Each criterion just below / at / just above its threshold."""
    assert status == assess_eligibility(replace(FULL, **change)).by_key(key).status


def test_program_status_combines_criteria() -> None:
    """Any NOT_MET wins over UNKNOWN; UNKNOWN over MET."""
    result = assess_eligibility(replace(FULL, ki67_percent=25.0, midgut=None))
    assert (Status.NOT_MET, Status.MET) == (result.netter1, result.netter2)
    unknown = assess_eligibility(replace(FULL, midgut=None))
    assert Status.UNKNOWN == unknown.netter1


def test_by_key_unknown_key() -> None:
    """Asking for a criterion that does not exist raises KeyError."""
    with pytest.raises(KeyError):
        assess_eligibility(FULL).by_key("nope")


def test_sources_and_uncertainty_are_reported() -> None:
    """Each criterion names its source; the result states what is unverified."""
    result = assess_eligibility(FULL)
    assert all("REFERENCE" in r.criterion.source for r in result.criteria)
    assert any("blood-count" in note for note in result.uncertain)
    assert "L-lysine and L-arginine" in AMINO_ACIDS


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ki67_percent": 100.1}, "ki67_percent"),
        ({"ki67_percent": "5"}, "ki67_percent"),
        ({"karnofsky": -10}, "karnofsky"),
        ({"creatinine_clearance_ml_min": float("nan")}, "creatinine_clearance_ml_min"),
        ({"midgut": "yes"}, "midgut"),
        ({"first_line": 1}, "first_line"),
        ({"differentiation": "well"}, "differentiation"),
    ],
)
def test_invalid_facts_refused(change: dict[str, Any], field: str) -> None:
    """Out-of-range or mistyped facts are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        replace(FULL, **change)
    assert field == error.value.field
