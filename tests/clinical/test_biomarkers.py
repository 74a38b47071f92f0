"""Tests for netcare.clinical.biomarkers (REFERENCE section 3)."""

from __future__ import annotations

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.biomarkers import (
    DEFAULT_HIAA_RANGE,
    DRUGS_LOWERING_HIAA,
    FOODS_RAISING_HIAA,
    HORMONE_PANELS,
    UMOL_PER_MG,
    CgaConfounder,
    CgaFacts,
    FunctionalSyndrome,
    HiaaLevel,
    HiaaUnit,
    ReferenceRange,
    Urine5Hiaa,
    cga_confounders,
    collection_instructions,
    hormone_panel,
    interpret_hiaa,
)


def test_molar_conversion_factor() -> None:
    """1 mg 5-HIAA = 1000/191.18 = 5.2307 µmol."""
    assert 5.2307 == pytest.approx(UMOL_PER_MG, abs=1e-4)


def test_unit_conversion_both_ways() -> None:
    """A value given in µmol converts back to mg and vice versa."""
    assert 9.0 == pytest.approx(Urine5Hiaa.of(9.0 * UMOL_PER_MG, HiaaUnit.UMOL_PER_24H).mg_per_24h)
    assert 2.0 * UMOL_PER_MG == pytest.approx(Urine5Hiaa.of(2.0, HiaaUnit.MG_PER_24H).umol_per_24h)


def test_of_refuses_unknown_unit() -> None:
    """An unknown unit is refused naming `unit`."""
    with pytest.raises(ClinicalInputError, match="unit"):
        Urine5Hiaa.of(1.0, "g/day")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mg", "level"),
    [
        (1.99, HiaaLevel.LOW),
        (2.0, HiaaLevel.NORMAL),
        (9.0, HiaaLevel.NORMAL),
        (9.01, HiaaLevel.HIGH),
    ],
)
def test_interpretation_bounds_are_normal(mg: float, level: HiaaLevel) -> None:
    """Values on a bound are normal; below low, above high."""
    result = interpret_hiaa(Urine5Hiaa(mg))
    assert level == result.level
    assert DEFAULT_HIAA_RANGE == result.reference
    assert any("not verified" in note for note in result.uncertain)


def test_verified_laboratory_range_drops_the_warning() -> None:
    """A verified laboratory range is used and not flagged."""
    lab = ReferenceRange(0.0, 6.0, "Lab A", verified=True)
    result = interpret_hiaa(Urine5Hiaa(7.0), lab)
    assert HiaaLevel.HIGH == result.level
    assert not any("not verified" in note for note in result.uncertain)


@pytest.mark.parametrize(
    ("lower", "upper", "field"), [(-1, 9, "lower_mg"), (5, 5, "upper_mg"), (2, "x", "upper_mg")]
)
def test_reference_range_refuses_invalid_bounds(lower: float, upper: float, field: str) -> None:
    """Negative or inverted bounds are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        ReferenceRange(lower, upper, "lab")
    assert field == error.value.field


def test_negative_measurement_refused() -> None:
    """A negative excretion is refused naming `value`."""
    with pytest.raises(ClinicalInputError, match="value"):
        Urine5Hiaa(-0.1)


def test_instructions_mention_foods_drugs_and_timing() -> None:
    """Patient instructions list the foods, drugs and the 48/72 h rule in plain words."""
    text = " ".join(collection_instructions())
    assert "48 hours" in text
    assert "72 hours" in text
    assert all(food in text for food in FOODS_RAISING_HIAA)
    assert all(drug in text for drug in DRUGS_LOWERING_HIAA)
    assert "ask your doctor" in text


@pytest.mark.parametrize(
    ("facts", "present", "unknown", "interpretable"),
    [
        (CgaFacts(False, False, False, False), (), (), True),
        (
            CgaFacts(True, False, None, False),
            (CgaConfounder.PROTON_PUMP_INHIBITOR,),
            (CgaConfounder.ATROPHIC_GASTRITIS,),
            False,
        ),
        (
            CgaFacts(False, True, False, True),
            (CgaConfounder.RENAL_INSUFFICIENCY, CgaConfounder.HEART_FAILURE),
            (),
            False,
        ),
    ],
)
def test_cga_confounders(
    facts: CgaFacts,
    present: tuple[CgaConfounder, ...],
    unknown: tuple[CgaConfounder, ...],
    interpretable: bool,
) -> None:
    """Present and unchecked confounders are flagged; only a clean slate is interpretable."""
    result = cga_confounders(facts)
    assert (present, unknown, interpretable) == (
        result.present,
        result.unknown,
        result.interpretable,
    )


def test_hormone_panels_cover_every_syndrome() -> None:
    """Each functional syndrome has its hormones; insulinoma pairs them with glucose."""
    assert set(FunctionalSyndrome) == set(HORMONE_PANELS)
    assert "fasting serum gastrin" in hormone_panel(FunctionalSyndrome.GASTRINOMA).tests
    insulinoma = " ".join(hormone_panel(FunctionalSyndrome.INSULINOMA).tests)
    assert all(word in insulinoma for word in ("insulin", "proinsulin", "C-peptide", "glucose"))
