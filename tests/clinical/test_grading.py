"""WHO classification and grade, MiNEN, lung/thymus carcinoids (REFERENCE §1)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.grading import (
    DecidedBy,
    GradingInput,
    LungCarcinoidClassification,
    LungCategory,
    Necrosis,
    WHOClassification,
    classify,
    classify_lung_carcinoid,
    grade_from_ki67,
    grade_from_mitoses,
    is_minen,
)
from netcare.clinical.vocabulary import Category, Differentiation, Grade

ki67_values = st.floats(min_value=0, max_value=100, allow_nan=False)
mitoses_values = st.floats(min_value=0, max_value=1e6, allow_nan=False)
_RANK = {None: 0, Grade.G1: 1, Grade.G2: 2, Grade.G3: 3}


@pytest.mark.parametrize(
    ("ki67", "expected"),
    [
        (0, Grade.G1),
        (2.9, Grade.G1),
        (2.99, Grade.G1),
        (3, Grade.G2),
        (3.1, Grade.G2),
        (19.9, Grade.G2),
        (20, Grade.G2),
        (20.1, Grade.G3),
        (100, Grade.G3),
    ],
)
def test_it_grades_ki67_at_each_cut_off(ki67: float, expected: Grade) -> None:
    """Ki-67 < 3 % is G1, 3-20 % inclusive G2, > 20 % G3 (REFERENCE §1 boundaries)."""
    assert expected == grade_from_ki67(ki67)


@pytest.mark.parametrize(
    ("mitoses", "expected"),
    [
        (0, Grade.G1),
        (1, Grade.G1),
        (1.9, Grade.G1),
        (2, Grade.G2),
        (2.1, Grade.G2),
        (20, Grade.G2),
        (20.1, Grade.G3),
        (21, Grade.G3),
    ],
)
def test_it_grades_mitoses_at_each_cut_off(mitoses: float, expected: Grade) -> None:
    """Mitoses < 2 per 2 mm² G1, 2-20 inclusive G2, > 20 G3 (REFERENCE §1 boundaries)."""
    assert expected == grade_from_mitoses(mitoses)


@pytest.mark.parametrize(
    ("ki67", "mitoses", "grade", "decided_by"),
    [
        (1, 1, Grade.G1, DecidedBy.KI67_AND_MITOSES),
        (5, 1, Grade.G2, DecidedBy.KI67),
        (1, 5, Grade.G2, DecidedBy.MITOSES),
        (25, 5, Grade.G3, DecidedBy.KI67),
        (10, 25, Grade.G3, DecidedBy.MITOSES),
        (30, 30, Grade.G3, DecidedBy.KI67_AND_MITOSES),
    ],
)
def test_it_takes_the_higher_grade(
    ki67: float, mitoses: float, grade: Grade, decided_by: DecidedBy
) -> None:
    """When Ki-67 and mitoses disagree the higher grade applies (REFERENCE §1)."""
    result = classify("well", ki67, mitoses)
    assert (Category.NET, grade, decided_by, False, ()) == (
        result.category,
        result.grade,
        result.decided_by,
        result.uncertain,
        result.notes,
    )


def test_it_calls_poor_differentiation_nec_without_grade() -> None:
    """Poorly differentiated → NEC, grade None, decided by differentiation (REFERENCE §1)."""
    result = classify(Differentiation.POOR, 80, 50)
    assert (
        result.category,
        result.grade,
        result.decided_by,
        result.uncertain,
    ) == (Category.NEC, None, DecidedBy.DIFFERENTIATION, False)


def test_it_flags_nec_with_low_counts() -> None:
    """NEC with Ki-67 and mitoses <= 20 is kept NEC but flagged for review."""
    result = classify("poor", 15, 3)
    assert (result.category, result.uncertain, len(result.notes)) == (Category.NEC, True, 2)


def test_it_keeps_nec_without_counts_certain() -> None:
    """NEC without counts is still NEC (differentiation decides), with no remark."""
    result = classify("poor", None, None)
    assert (
        result.category,
        result.grade,
        result.uncertain,
        result.notes,
    ) == (Category.NEC, None, False, ())


def test_it_classifies_well_differentiated_g3_as_net() -> None:
    """Ki-67 > 20 % with well differentiation is NET G3, not NEC (REFERENCE §1)."""
    result = classify("well", 35, None)
    assert (result.category, result.grade, result.uncertain) == (Category.NET, Grade.G3, False)


def test_it_leaves_category_open_when_high_and_differentiation_unknown() -> None:
    """Ki-67 > 20 without differentiation: NET G3 vs NEC undecidable → None, uncertain."""
    result = classify(None, 25, None)
    assert (
        result.category,
        result.grade,
        result.decided_by,
        result.uncertain,
    ) == (None, None, None, True)
    assert "differentiation decides" in result.notes[-1]


def test_it_calls_low_counts_without_differentiation_net_with_a_note() -> None:
    """Counts <= 20 without differentiation → NET by numbers, uncertain, note says so."""
    result = classify(None, 5, 1)
    assert (result.category, result.grade, result.uncertain) == (Category.NET, Grade.G2, True)
    assert "Differentiation not reported" in result.notes[-1]


def test_it_reports_nothing_when_nothing_is_known() -> None:
    """No input at all → category and grade None, uncertain."""
    result = classify(None, None, None)
    assert (
        result.category,
        result.grade,
        result.decided_by,
        result.uncertain,
    ) == (None, None, None, True)


def test_it_does_not_grade_a_net_without_counts() -> None:
    """Well differentiated without Ki-67 or mitoses → NET, grade None, uncertain."""
    result = classify("well", None, None)
    assert (
        result.category,
        result.grade,
        result.decided_by,
        result.uncertain,
    ) == (Category.NET, None, DecidedBy.DIFFERENTIATION, True)


@pytest.mark.parametrize(
    ("ki67", "mitoses", "missing"),
    [(None, 1, "Ki-67 not reported"), (1, None, "Mitotic count not reported")],
)
def test_it_warns_when_a_count_is_missing_below_g3(
    ki67: float | None, mitoses: float | None, missing: str
) -> None:
    """With one count missing a G1/G2 may be understated → uncertain with a note."""
    result = classify("well", ki67, mitoses)
    assert (result.grade, result.uncertain) == (Grade.G1, True)
    assert result.notes[0].startswith(missing)


def test_it_is_certain_of_g3_from_one_count() -> None:
    """A G3 from one count cannot be raised by the missing one → not uncertain."""
    result = classify("well", None, 25)
    assert (
        result.grade,
        result.decided_by,
        result.uncertain,
    ) == (Grade.G3, DecidedBy.MITOSES, False)


def test_it_notes_ki67_between_2_and_3() -> None:
    """Ki-67 2.5 % is G1 by WHO 2019, with a note about older '<= 2 %' texts."""
    result = classify("well", 2.5, 0)
    assert (result.grade, result.uncertain) == (Grade.G1, False)
    assert "older WHO texts" in result.notes[0]


@given(ki67_values, ki67_values, st.one_of(st.none(), mitoses_values))
def test_it_never_lowers_the_grade_when_ki67_rises(
    low: float, high: float, mitoses: float | None
) -> None:
    """Property: a higher Ki-67 never gives a lower grade (REFERENCE §1)."""
    low, high = sorted((low, high))
    assert (
        _RANK[classify("well", low, mitoses).grade] <= _RANK[classify("well", high, mitoses).grade]
    )


@given(mitoses_values, mitoses_values, st.one_of(st.none(), ki67_values))
def test_it_never_lowers_the_grade_when_mitoses_rise(
    low: float, high: float, ki67: float | None
) -> None:
    """Property: a higher mitotic count never gives a lower grade (REFERENCE §1)."""
    low, high = sorted((low, high))
    assert _RANK[classify("well", ki67, low).grade] <= _RANK[classify("well", ki67, high).grade]


@pytest.mark.parametrize(
    ("field", "kwargs", "received"),
    [
        ("ki67_percent", {"ki67_percent": -0.1}, "-0.1"),
        ("ki67_percent", {"ki67_percent": 100.1}, "100.1"),
        ("ki67_percent", {"ki67_percent": math.nan}, "nan"),
        ("ki67_percent", {"ki67_percent": math.inf}, "inf"),
        ("ki67_percent", {"ki67_percent": True}, "True"),
        ("ki67_percent", {"ki67_percent": "5"}, "'5'"),
        ("mitoses_per_2mm2", {"mitoses_per_2mm2": -1}, "-1"),
        ("mitoses_per_2mm2", {"mitoses_per_2mm2": False}, "False"),
        ("differentiation", {"differentiation": "moderate"}, "'moderate'"),
        ("differentiation", {"differentiation": 1}, "1"),
    ],
)
def test_it_refuses_invalid_input_naming_field_range_and_value(
    field: str, kwargs: dict[str, object], received: str
) -> None:
    """Invalid input raises ClinicalInputError naming the field, allowed values and value."""
    with pytest.raises(ClinicalInputError) as caught:
        GradingInput(**kwargs)  # type: ignore[arg-type]
    assert field == caught.value.field
    assert field in str(caught.value)
    assert received in str(caught.value)


@given(st.floats().filter(lambda x: not 0 <= x <= 100))
def test_it_refuses_any_ki67_outside_0_to_100(ki67: float) -> None:
    """Property: every Ki-67 outside 0-100 (or NaN) is refused naming `ki67_percent`."""
    with pytest.raises(ClinicalInputError, match="ki67_percent"):
        classify("well", ki67, None)


def test_it_accepts_the_enum_and_its_string() -> None:
    """`Differentiation.WELL` and "well" classify alike."""
    assert classify(Differentiation.WELL, 5, 1) == classify("well", 5, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"category": "NET", "grade": None, "decided_by": None}, "category"),
        ({"category": Category.NET, "grade": "G1", "decided_by": None}, "grade"),
        ({"category": Category.NEC, "grade": Grade.G3, "decided_by": None}, "grade"),
        ({"category": None, "grade": Grade.G1, "decided_by": None}, "grade"),
        ({"category": None, "grade": None, "decided_by": "ki67"}, "decided_by"),
        ({"category": None, "grade": None, "decided_by": None, "notes": ["x"]}, "notes"),
    ],
)
def test_it_cannot_build_an_invalid_classification(kwargs: dict[str, object], field: str) -> None:
    """WHOClassification refuses inconsistent values (e.g. a graded NEC)."""
    with pytest.raises(ClinicalInputError) as caught:
        WHOClassification(**kwargs)  # type: ignore[arg-type]
    assert field == caught.value.field


@pytest.mark.parametrize(
    ("neuroendocrine", "other", "expected"),
    [(30, 70, True), (70, 30, True), (29.9, 70.1, False), (70.1, 29.9, False), (50, 50, True)],
)
def test_it_recognises_minen_at_30_percent(
    neuroendocrine: float, other: float, expected: bool
) -> None:
    """MiNEN needs each component >= 30 % (REFERENCE §1)."""
    assert expected == is_minen(neuroendocrine, other)


@pytest.mark.parametrize(
    ("neuroendocrine", "other", "field"),
    [
        (None, 50, "neuroendocrine_percent"),
        (50, None, "non_neuroendocrine_percent"),
        (101, 0, "neuroendocrine_percent"),
        (60, 60, "non_neuroendocrine_percent"),
    ],
)
def test_it_refuses_invalid_minen_shares(
    neuroendocrine: float | None, other: float | None, field: str
) -> None:
    """Missing, out-of-range or over-100 % shares are refused naming the field."""
    with pytest.raises(ClinicalInputError) as caught:
        is_minen(neuroendocrine, other)  # type: ignore[arg-type]
    assert field == caught.value.field


@pytest.mark.parametrize(
    ("mitoses", "necrosis", "category", "decided_by"),
    [
        (0, "none", LungCategory.TYPICAL_CARCINOID, DecidedBy.MITOSES_AND_NECROSIS),
        (1.9, "none", LungCategory.TYPICAL_CARCINOID, DecidedBy.MITOSES_AND_NECROSIS),
        (1, "punctate", LungCategory.ATYPICAL_CARCINOID, DecidedBy.NECROSIS),
        (1, "present", LungCategory.ATYPICAL_CARCINOID, DecidedBy.NECROSIS),
        (2, "none", LungCategory.ATYPICAL_CARCINOID, DecidedBy.MITOSES),
        (2, None, LungCategory.ATYPICAL_CARCINOID, DecidedBy.MITOSES),
        (10, "none", LungCategory.ATYPICAL_CARCINOID, DecidedBy.MITOSES),
        (10.1, "none", LungCategory.NEUROENDOCRINE_CARCINOMA, DecidedBy.MITOSES),
        (11, None, LungCategory.NEUROENDOCRINE_CARCINOMA, DecidedBy.MITOSES),
        (1, None, None, None),
        (None, "none", None, None),
    ],
)
def test_it_classifies_lung_carcinoids_at_each_cut_off(
    mitoses: float | None,
    necrosis: str | None,
    category: LungCategory | None,
    decided_by: DecidedBy | None,
) -> None:
    """Typical < 2 and no necrosis; atypical 2-10 and/or necrosis; > 10 carcinoma."""
    result = classify_lung_carcinoid(mitoses, necrosis)
    assert (category, decided_by) == (result.category, result.decided_by)
    if category is None:
        assert True is result.uncertain


@pytest.mark.parametrize("mitoses", [1, 5])
def test_it_flags_extensive_necrosis_in_a_carcinoid(mitoses: float) -> None:
    """Extensive necrosis with <= 10 mitoses: atypical carcinoid, flagged for morphology."""
    result = classify_lung_carcinoid(mitoses, Necrosis.EXTENSIVE)
    assert (result.category, result.uncertain) == (LungCategory.ATYPICAL_CARCINOID, True)


@pytest.mark.parametrize(
    ("mitoses", "necrosis", "field"),
    [(-1, "none", "mitoses_per_2mm2"), (1, "some", "necrosis"), (1, True, "necrosis")],
)
def test_it_refuses_invalid_lung_input(mitoses: float, necrosis: object, field: str) -> None:
    """Invalid lung inputs are refused naming the field."""
    with pytest.raises(ClinicalInputError) as caught:
        classify_lung_carcinoid(mitoses, necrosis)  # type: ignore[arg-type]
    assert field == caught.value.field


@pytest.mark.parametrize(
    ("category", "decided_by", "field"),
    [("typical_carcinoid", DecidedBy.MITOSES, "category"), (None, DecidedBy.MITOSES, "decided_by")],
)
def test_it_cannot_build_an_invalid_lung_classification(
    category: object, decided_by: DecidedBy, field: str
) -> None:
    """LungCarcinoidClassification refuses a raw string or a decider without a category."""
    with pytest.raises(ClinicalInputError) as caught:
        LungCarcinoidClassification(category, decided_by)  # type: ignore[arg-type]
    assert field == caught.value.field
