"""The carcinoid-syndrome symptom rule and the generic laboratory flag (REFERENCE §3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical import ClinicalInputError, flag_lab, suggests_carcinoid_syndrome
from netcare.clinical.biomarkers import (
    CARCINOID_SYNDROME_SYMPTOMS,
    LabFlag,
    LabLevel,
    carcinoid_symptoms,
)
from netcare.clinical.snapshot import Symptom


def test_flushing_and_diarrhea_suggest_carcinoid_syndrome_in_rule_order() -> None:
    """Codes or enum members; the matches come back in the rule's order, others ignored."""
    assert (Symptom.FLUSHING, Symptom.DIARRHEA) == carcinoid_symptoms(
        ["diarrhea", Symptom.JAUNDICE, "flushing", "not_a_symptom"])
    assert suggests_carcinoid_syndrome(["wheezing"])


def test_symptoms_outside_the_rule_do_not_suggest_carcinoid_syndrome() -> None:
    """Jaundice, constipation or nothing at all: no suggestion."""
    assert not suggests_carcinoid_syndrome([Symptom.JAUNDICE, Symptom.CONSTIPATION])
    assert not suggests_carcinoid_syndrome([])


@given(st.sets(st.sampled_from(list(Symptom))))
def test_the_suggestion_is_exactly_an_overlap_with_the_rule(symptoms: set[Symptom]) -> None:
    """For any set of symptoms, the rule fires iff one of its four symptoms is present."""
    expected = bool(symptoms & set(CARCINOID_SYNDROME_SYMPTOMS))
    assert expected == suggests_carcinoid_syndrome(symptoms)


@pytest.mark.parametrize(
    ("value", "low", "high", "level"),
    [
        (100.0, 150.0, 400.0, LabLevel.LOW),
        (150.0, 150.0, 400.0, LabLevel.NORMAL),
        (400.0, 150.0, 400.0, LabLevel.NORMAL),
        (401.0, 150.0, 400.0, LabLevel.HIGH),
        (90.0, None, 100.0, LabLevel.NORMAL),
        (120.0, None, 100.0, LabLevel.HIGH),
        (3.0, 3.5, None, LabLevel.LOW),
        (5.0, None, None, LabLevel.NO_RANGE),
    ],
)
def test_a_value_is_low_normal_or_high_against_the_range_it_keeps(
    value: float, low: float | None, high: float | None, level: LabLevel
) -> None:
    """Bounds are inclusive; the flag carries the range used so it can be shown with it."""
    assert LabFlag(value, level, low, high) == flag_lab(value, low, high)


@pytest.mark.parametrize(
    ("value", "low", "high", "field"),
    [
        (-1.0, 0.0, 1.0, "value"),
        (1.0, -1.0, 1.0, "reference_low"),
        (1.0, 0.0, float("nan"), "reference_high"),
        (1.0, 5.0, 5.0, "reference_high"),
    ],
)
def test_bad_values_and_ranges_are_refused_naming_the_field(
    value: float, low: float, high: float, field: str
) -> None:
    """Negative or non-finite numbers and an empty range name the offending field."""
    with pytest.raises(ClinicalInputError) as caught:
        flag_lab(value, low, high)
    assert field == caught.value.field
