"""Biomarkers: urine 5-HIAA, chromogranin A confounders, functional syndromes (REFERENCE §3).

5-HIAA (5-hydroxyindoleacetic acid, C10H9NO3) has a molar mass of 191.18 g/mol, so
1 mg = 1000 / 191.18 = 5.2307 µmol (REFERENCE: "1 mg = 5.23 µmol"; netcare uses the exact
quotient, not the rounded 5.23).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from netcare.clinical._inputs import check_number, read_bool, read_choice, read_number
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.snapshot import MarkerTrend, Symptom

__all__ = [
    "AVOID_HOURS_BEFORE_COLLECTION",
    "CARCINOID_SYNDROME_SYMPTOMS",
    "DEFAULT_HIAA_RANGE",
    "DRUGS_LOWERING_HIAA",
    "DRUGS_RAISING_HIAA",
    "FOODS_RAISING_HIAA",
    "HIAA_MOLAR_MASS_G_PER_MOL",
    "HORMONE_PANELS",
    "UMOL_PER_MG",
    "CgaAssessment",
    "CgaConfounder",
    "CgaFacts",
    "FunctionalSyndrome",
    "HiaaInterpretation",
    "HiaaLevel",
    "HiaaUnit",
    "HormonePanel",
    "LabFlag",
    "LabLevel",
    "ReferenceRange",
    "Urine5Hiaa",
    "carcinoid_symptoms",
    "cga_confounders",
    "collection_instructions",
    "flag_lab",
    "hormone_panel",
    "interpret_hiaa",
    "marker_trend",
    "suggests_carcinoid_syndrome",
]

HIAA_MOLAR_MASS_G_PER_MOL = 191.18
UMOL_PER_MG = 1000.0 / HIAA_MOLAR_MASS_G_PER_MOL
"""µmol of 5-HIAA per mg: 5.2307 (REFERENCE §3 rounds to 5.23)."""


class HiaaUnit(StrEnum):
    """Units of a 24-h urine 5-HIAA result (REFERENCE §0, calculator `hiaa_units`)."""

    MG_PER_24H = "mg/24h"
    UMOL_PER_24H = "umol/24h"


@dataclass(frozen=True, slots=True)
class Urine5Hiaa:
    """A 24-h urine 5-HIAA excretion, stored in mg/24 h (REFERENCE §3).

    Raises:
        ClinicalInputError: negative or non-finite amount (field `value`).
    """

    mg_per_24h: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "mg_per_24h", check_number("value", self.mg_per_24h, minimum=0.0))

    @classmethod
    def of(cls, value: float, unit: HiaaUnit) -> Urine5Hiaa:
        """Build from a value in `unit` (REFERENCE §3: 1 mg = 5.2307 µmol).

        Raises:
            ClinicalInputError: negative value (`value`) or unknown unit (`unit`).
        """
        number = check_number("value", value, minimum=0.0)
        if unit is HiaaUnit.MG_PER_24H:
            return cls(number)
        if unit is HiaaUnit.UMOL_PER_24H:
            return cls(number / UMOL_PER_MG)
        allowed = ", ".join(u.value for u in HiaaUnit)
        raise ClinicalInputError("unit", f"must be one of {allowed}, got {unit!r}")

    @property
    def umol_per_24h(self) -> float:
        """The same excretion in µmol/24 h."""
        return self.mg_per_24h * UMOL_PER_MG


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """A laboratory's reference interval for 24-h urine 5-HIAA, in mg/24 h (REFERENCE §3).

    Each laboratory publishes its own range; configure it per laboratory. `verified` is False
    for ranges not confirmed against that laboratory's report.

    Raises:
        ClinicalInputError: bounds negative, non-finite, or lower >= upper.
    """

    lower_mg: float
    upper_mg: float
    laboratory: str
    verified: bool = False

    def __post_init__(self) -> None:
        lower = check_number("lower_mg", self.lower_mg, minimum=0.0)
        upper = check_number("upper_mg", self.upper_mg, minimum=0.0)
        if lower >= upper:
            raise ClinicalInputError(
                "upper_mg", f"must be greater than lower_mg ({lower:g}), got {upper:g}"
            )
        object.__setattr__(self, "lower_mg", lower)
        object.__setattr__(self, "upper_mg", upper)


DEFAULT_HIAA_RANGE = ReferenceRange(
    2.0, 9.0, laboratory="netcare default (typical adult range; verify locally)", verified=False
)
"""About 2-9 mg/24 h (≈ 10-47 µmol/24 h), REFERENCE §3 "verify": laboratories differ (e.g.
some report < 10 mg/24 h, others < 6); use the reporting laboratory's range."""


class HiaaLevel(StrEnum):
    """5-HIAA relative to the reference range (bounds inclusive are normal)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class HiaaInterpretation:
    """Interpretation of a 5-HIAA result with the range used (REFERENCE §3)."""

    measurement: Urine5Hiaa
    level: HiaaLevel
    reference: ReferenceRange
    uncertain: tuple[str, ...]


def interpret_hiaa(
    measurement: Urine5Hiaa, reference: ReferenceRange = DEFAULT_HIAA_RANGE
) -> HiaaInterpretation:
    """Classify a 24-h urine 5-HIAA as low / normal / high against `reference` (REFERENCE §3).

    Values equal to a bound are normal. The result notes when the range is unverified and that
    diet and drugs can falsely raise or lower the result.
    """
    value = measurement.mg_per_24h
    if value < reference.lower_mg:
        level = HiaaLevel.LOW
    elif value > reference.upper_mg:
        level = HiaaLevel.HIGH
    else:
        level = HiaaLevel.NORMAL
    uncertain: tuple[str, ...] = (
        "Interpret only if the interfering foods and drugs were avoided (REFERENCE §3).",
    )
    if not reference.verified:
        uncertain += (
            f"Reference range {reference.lower_mg:g}-{reference.upper_mg:g} mg/24h "
            f"({reference.laboratory}) is not verified for the reporting laboratory.",
        )
    return HiaaInterpretation(measurement, level, reference, uncertain)


AVOID_HOURS_BEFORE_COLLECTION = (48, 72)
"""Avoid the interfering foods for 48 h and the drugs for 72 h before and during collection
(laboratory instructions, e.g. Warde lab; REFERENCE §3)."""

FOODS_RAISING_HIAA: tuple[str, ...] = (
    "avocados",
    "bananas",
    "eggplant (aubergine)",
    "kiwi fruit",
    "pineapple (and pineapple juice)",
    "plums",
    "tomatoes (and tomato sauces)",
    "walnuts",
    "pecans",
    "other nuts (hickory nuts, butternuts)",
    "melons (cantaloupe, honeydew)",
    "grapefruit",
    "dates",
    "plantains",
)
"""Serotonin-rich foods that falsely raise 5-HIAA (REFERENCE §3; laboratory lists)."""

DRUGS_RAISING_HIAA: tuple[str, ...] = (
    "acetaminophen (paracetamol)",
    "guaifenesin (cough medicines)",
    "caffeine (coffee, tea)",
    "nicotine (tobacco)",
    "phenacetin",
    "reserpine",
    "fluorouracil",
    "melphalan",
)
"""Drugs and substances that can falsely raise 5-HIAA (REFERENCE §3, verify list)."""

DRUGS_LOWERING_HIAA: tuple[str, ...] = (
    "levodopa",
    "aspirin (salicylates)",
    "MAO inhibitors",
    "tricyclic antidepressants (e.g. imipramine)",
    "heparin",
    "isoniazid",
    "phenothiazines (e.g. chlorpromazine, promethazine)",
    "methyldopa",
)
"""Drugs that can falsely lower 5-HIAA (REFERENCE §3, verify list)."""


def collection_instructions() -> tuple[str, ...]:
    """Plain-language patient instructions for a 24-h urine 5-HIAA (REFERENCE §3)."""
    foods_hours, drugs_hours = AVOID_HOURS_BEFORE_COLLECTION
    return (
        "This test measures a substance in your urine over one whole day (24 hours).",
        f"For {foods_hours} hours before you start, and until you finish, do not eat: "
        + ", ".join(FOODS_RAISING_HIAA)
        + ".",
        f"For {drugs_hours} hours before and during the collection, avoid coffee, tea and tobacco.",
        "Some medicines change the result, for example: "
        + ", ".join(DRUGS_RAISING_HIAA + DRUGS_LOWERING_HIAA)
        + ". Do not stop any medicine yourself: ask your doctor first.",
        "To start: empty your bladder into the toilet and write down the time. From then on, "
        "collect all urine in the container for 24 hours, ending with one last sample at the "
        "same time the next day.",
        "Keep the container cool (in the fridge) and bring it back as instructed.",
    )


class CgaConfounder(StrEnum):
    """Conditions that raise chromogranin A without tumour growth (REFERENCE §3)."""

    PROTON_PUMP_INHIBITOR = "proton_pump_inhibitor"
    RENAL_INSUFFICIENCY = "renal_insufficiency"
    ATROPHIC_GASTRITIS = "atrophic_gastritis"
    HEART_FAILURE = "heart_failure"


@dataclass(frozen=True, slots=True)
class CgaFacts:
    """Patient facts for CgA interpretation; None means not known (REFERENCE §3)."""

    proton_pump_inhibitor: bool | None = None
    renal_insufficiency: bool | None = None
    atrophic_gastritis: bool | None = None
    heart_failure: bool | None = None


@dataclass(frozen=True, slots=True)
class CgaAssessment:
    """Confounders present and unknown; `interpretable` only when none present or unknown."""

    present: tuple[CgaConfounder, ...]
    unknown: tuple[CgaConfounder, ...]

    @property
    def interpretable(self) -> bool:
        """True when a raised CgA cannot be explained by a known or unchecked confounder."""
        return not self.present and not self.unknown


def cga_confounders(facts: CgaFacts) -> CgaAssessment:
    """Flag chromogranin A confounders present (True) or not checked (None) (REFERENCE §3)."""
    present: list[CgaConfounder] = []
    unknown: list[CgaConfounder] = []
    for confounder in CgaConfounder:
        value = getattr(facts, confounder.value)
        if value is None:
            unknown.append(confounder)
        elif value:
            present.append(confounder)
    return CgaAssessment(tuple(present), tuple(unknown))


class FunctionalSyndrome(StrEnum):
    """Functional NET syndromes (REFERENCE §3)."""

    CARCINOID = "carcinoid"
    GASTRINOMA = "gastrinoma"
    INSULINOMA = "insulinoma"
    GLUCAGONOMA = "glucagonoma"
    VIPOMA = "vipoma"
    SOMATOSTATINOMA = "somatostatinoma"


@dataclass(frozen=True, slots=True)
class HormonePanel:
    """Hormones to measure for a functional syndrome, with a practical note."""

    syndrome: FunctionalSyndrome
    tests: tuple[str, ...]
    note: str


HORMONE_PANELS: Mapping[FunctionalSyndrome, HormonePanel] = MappingProxyType(
    {
        FunctionalSyndrome.CARCINOID: HormonePanel(
            FunctionalSyndrome.CARCINOID,
            ("24-h urine 5-HIAA", "serotonin"),
            "Carcinoid syndrome (flushing, diarrhoea); follow the 5-HIAA diet instructions.",
        ),
        FunctionalSyndrome.GASTRINOMA: HormonePanel(
            FunctionalSyndrome.GASTRINOMA,
            ("fasting serum gastrin", "gastric pH"),
            "Zollinger-Ellison syndrome; PPIs raise gastrin, so interpret gastrin with care "
            "and consider MEN1.",
        ),
        FunctionalSyndrome.INSULINOMA: HormonePanel(
            FunctionalSyndrome.INSULINOMA,
            ("insulin", "proinsulin", "C-peptide", "glucose (paired, during hypoglycaemia)"),
            "Measure insulin, proinsulin and C-peptide together with glucose, typically during "
            "a supervised fast.",
        ),
        FunctionalSyndrome.GLUCAGONOMA: HormonePanel(
            FunctionalSyndrome.GLUCAGONOMA,
            ("glucagon",),
            "Necrolytic migratory erythema, diabetes, weight loss.",
        ),
        FunctionalSyndrome.VIPOMA: HormonePanel(
            FunctionalSyndrome.VIPOMA,
            ("vasoactive intestinal peptide (VIP)",),
            "Watery diarrhoea, hypokalaemia, achlorhydria (WDHA).",
        ),
        FunctionalSyndrome.SOMATOSTATINOMA: HormonePanel(
            FunctionalSyndrome.SOMATOSTATINOMA,
            ("somatostatin",),
            "Diabetes, gallstones, steatorrhoea; duodenal somatostatinoma suggests NF1.",
        ),
    }
)


def hormone_panel(syndrome: FunctionalSyndrome) -> HormonePanel:
    """The hormones to measure for a suspected functional syndrome (REFERENCE §3)."""
    return HORMONE_PANELS[syndrome]


# --- calculators ------------------------------------------------------------------------------


@register("hiaa_units")
def _hiaa_units(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`hiaa_units`: value (>= 0), unit (mg/24h | umol/24h) -> mg_per_24h, umol_per_24h."""
    value = read_number(inputs, "value", minimum=0.0)
    unit = read_choice(inputs, "unit", HiaaUnit)
    measurement = Urine5Hiaa.of(value, unit)
    return {"mg_per_24h": measurement.mg_per_24h, "umol_per_24h": measurement.umol_per_24h}


@register("hiaa_interpretation")
def _hiaa_interpretation(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`hiaa_interpretation`: value, unit, optional lower_mg, upper_mg, laboratory, verified.

    Both bounds or neither: without them the netcare default range is used.
    """
    measurement = Urine5Hiaa.of(
        read_number(inputs, "value", minimum=0.0), read_choice(inputs, "unit", HiaaUnit)
    )
    lower = read_number(inputs, "lower_mg", minimum=0.0, required=False)
    upper = read_number(inputs, "upper_mg", minimum=0.0, required=False)
    if lower is None and upper is None:
        reference = DEFAULT_HIAA_RANGE
    elif lower is None or upper is None:
        raise ClinicalInputError(
            "lower_mg" if lower is None else "upper_mg",
            "give both lower_mg and upper_mg, or neither (default range)",
        )
    else:
        laboratory = inputs.get("laboratory") or "laboratory range"
        if not isinstance(laboratory, str):
            raise ClinicalInputError("laboratory", f"must be a string, got {laboratory!r}")
        reference = ReferenceRange(
            lower, upper, laboratory, verified=read_bool(inputs, "verified") is True
        )
    result = interpret_hiaa(measurement, reference)
    return {
        "level": result.level.value,
        "mg_per_24h": measurement.mg_per_24h,
        "umol_per_24h": measurement.umol_per_24h,
        "lower_mg": reference.lower_mg,
        "upper_mg": reference.upper_mg,
        "laboratory": reference.laboratory,
        "range_verified": reference.verified,
        "uncertain": list(result.uncertain),
    }


@register("cga_confounders")
def _cga_confounders(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`cga_confounders`: proton_pump_inhibitor, renal_insufficiency, atrophic_gastritis,
    heart_failure (each true / false / null) -> present, unknown, interpretable."""
    facts = CgaFacts(**{c.value: read_bool(inputs, c.value) for c in CgaConfounder})
    result = cga_confounders(facts)
    return {
        "present": [c.value for c in result.present],
        "unknown": [c.value for c in result.unknown],
        "interpretable": result.interpretable,
    }


CARCINOID_SYNDROME_SYMPTOMS: tuple[Symptom, ...] = (
    Symptom.FLUSHING,
    Symptom.DIARRHEA,
    Symptom.WHEEZING,
    Symptom.FAST_HEARTBEAT,
)
"""Symptoms of carcinoid syndrome that call for a 24-h urine 5-HIAA (REFERENCE §3 and §8)."""


def carcinoid_symptoms(symptoms: Iterable[Symptom | str]) -> tuple[Symptom, ...]:
    """The carcinoid-syndrome symptoms among `symptoms`, in the order of
    :data:`CARCINOID_SYNDROME_SYMPTOMS` (REFERENCE §3). Unknown codes are ignored."""
    have = {str(symptom) for symptom in symptoms}
    return tuple(symptom for symptom in CARCINOID_SYNDROME_SYMPTOMS if symptom.value in have)


def suggests_carcinoid_syndrome(symptoms: Iterable[Symptom | str]) -> bool:
    """True when any reported symptom is a carcinoid-syndrome symptom (REFERENCE §3): the
    patient should have a 24-h urine 5-HIAA. A suggestion for a clinician, not a diagnosis."""
    return bool(carcinoid_symptoms(symptoms))


class LabLevel(StrEnum):
    """A laboratory value relative to its reference range (bounds inclusive are normal)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    NO_RANGE = ""


@dataclass(frozen=True, slots=True)
class LabFlag:
    """The flag of one laboratory value with the range it was judged against."""

    value: float
    level: LabLevel
    low: float | None
    high: float | None


def flag_lab(value: float, low: float | None, high: float | None) -> LabFlag:
    """Judge `value` against the reference range [`low`, `high`] (either bound may be missing).

    Values equal to a bound are normal; with no bound at all the level is ``NO_RANGE``. The
    range belongs to the reporting laboratory (REFERENCE §3: "make the range configurable per
    laboratory"); the caller passes the one it used, and the flag keeps it.

    Raises:
        ClinicalInputError: negative or non-finite `value`, `low` or `high`, or `high` not
            above `low` (field ``reference_high``).
    """
    number = check_number("value", value, minimum=0.0)
    lower = None if low is None else check_number("reference_low", low, minimum=0.0)
    upper = None if high is None else check_number("reference_high", high, minimum=0.0)
    if lower is not None and upper is not None and lower >= upper:
        raise ClinicalInputError("reference_high", f"must be above the low bound {lower:g}, "
                                                   f"got {upper:g}")
    if lower is not None and number < lower:
        level = LabLevel.LOW
    elif upper is not None and number > upper:
        level = LabLevel.HIGH
    elif lower is None and upper is None:
        level = LabLevel.NO_RANGE
    else:
        level = LabLevel.NORMAL
    return LabFlag(number, level, lower, upper)


def marker_trend(previous: float, latest: float) -> MarkerTrend:
    """The direction of one tumor marker from its previous result to its latest (REFERENCE §3).

    REFERENCE §3 names the markers (24-h urine 5-HIAA, chromogranin A, the hormones of the
    functional syndromes) but defines no trend and no size of change that counts, so none is
    applied here: any rise is RISING, any fall FALLING, and only an unchanged value STABLE.
    A small rise is shown as a rise, next to its values and its size, and the reader judges
    whether it matters; a threshold of our own could show a rising marker as "stable". Each
    marker has its own trend: the trends of two markers are never merged into one. Both values
    are in the marker's one (canonical) unit.

    Raises:
        ClinicalInputError: a negative or non-finite `previous` or `latest`.
    """
    before = check_number("previous", previous, minimum=0.0)
    now = check_number("latest", latest, minimum=0.0)
    if now > before:
        return MarkerTrend.RISING
    if now < before:
        return MarkerTrend.FALLING
    return MarkerTrend.STABLE
