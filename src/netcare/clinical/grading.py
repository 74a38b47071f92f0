"""WHO classification and grade of neuroendocrine neoplasms (REFERENCE §1).

Digestive system (WHO 2019) and endocrine (WHO 2022): a well-differentiated neuroendocrine
tumour (NET) is graded G1/G2/G3 from the Ki-67 index and the mitotic count, the higher grade
winning; a poorly differentiated neuroendocrine carcinoma (NEC) is high grade by definition and
is not graded. Differentiation, not Ki-67, separates NET G3 from NEC.

Lung and thymus (WHO thoracic): typical carcinoid, atypical carcinoid, or neuroendocrine
carcinoma (large cell or small cell) from the mitotic count and necrosis.

Everything here is pure and cheap: no I/O, no Django. Decisions about unknown inputs (what is
reported when differentiation or a count is missing) are listed in
`docs/clinical-rules.md` (§3.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from netcare.clinical import sources
from netcare.clinical._inputs import check_choice, check_optional_number
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Category, Differentiation, Grade

__all__ = [
    "DecidedBy",
    "GradingInput",
    "LungCarcinoidClassification",
    "LungCategory",
    "Necrosis",
    "WHOClassification",
    "classify",
    "classify_input",
    "classify_lung_carcinoid",
    "grade_from_ki67",
    "grade_from_mitoses",
    "is_minen",
]

REFERENCE_WHO: Final = sources.WHO_DIGESTIVE
REFERENCE_LUNG: Final = sources.WHO_THORACIC

#: Ki-67 below this is G1; from it up to and including `KI67_G2_MAX` is G2 (REFERENCE §1).
KI67_G2_MIN: Final = 3.0
KI67_G2_MAX: Final = 20.0
#: Mitoses per 2 mm² below this are G1; up to and including `MITOSES_G2_MAX` G2.
MITOSES_G2_MIN: Final = 2.0
MITOSES_G2_MAX: Final = 20.0
#: Lung/thymus: atypical carcinoid up to and including this many mitoses per 2 mm².
LUNG_ATYPICAL_MAX: Final = 10.0
#: MiNEN: each component at least this share of the tumour (percent).
MINEN_COMPONENT_MIN: Final = 30.0

_GRADE_RANK: Final = {Grade.G1: 1, Grade.G2: 2, Grade.G3: 3}


class DecidedBy(StrEnum):
    """Which input decided the result (REFERENCE §1)."""

    KI67 = "ki67"
    MITOSES = "mitoses"
    KI67_AND_MITOSES = "ki67_and_mitoses"
    DIFFERENTIATION = "differentiation"
    NECROSIS = "necrosis"
    MITOSES_AND_NECROSIS = "mitoses_and_necrosis"


class Necrosis(StrEnum):
    """Necrosis in a lung/thymus carcinoid (REFERENCE §1, WHO thoracic)."""

    NONE = "none"
    PUNCTATE = "punctate"
    EXTENSIVE = "extensive"
    #: Necrosis reported, extent not stated.
    PRESENT = "present"


class LungCategory(StrEnum):
    """Lung/thymus neuroendocrine neoplasm category (REFERENCE §1, WHO thoracic)."""

    TYPICAL_CARCINOID = "typical_carcinoid"
    ATYPICAL_CARCINOID = "atypical_carcinoid"
    #: Large cell or small cell neuroendocrine carcinoma; the type is decided by morphology.
    NEUROENDOCRINE_CARCINOMA = "neuroendocrine_carcinoma"


# --- validation helpers --------------------------------------------------------------------


# --- WHO grade ------------------------------------------------------------------------------


def grade_from_ki67(ki67_percent: float) -> Grade:
    """Grade of a well-differentiated NET from its Ki-67 index alone (REFERENCE §1).

    Boundaries: < 3 % G1; 3 % up to and including 20 % G2; > 20 % G3. The value is taken
    literally (2.9 % is G1); WHO expects an integer percentage from a count of >= 500 cells.
    """
    if ki67_percent < KI67_G2_MIN:
        return Grade.G1
    if ki67_percent <= KI67_G2_MAX:
        return Grade.G2
    return Grade.G3


def grade_from_mitoses(mitoses_per_2mm2: float) -> Grade:
    """Grade of a well-differentiated NET from its mitotic count alone (REFERENCE §1).

    Boundaries (per 2 mm²): < 2 G1; 2 up to and including 20 G2; > 20 G3.
    """
    if mitoses_per_2mm2 < MITOSES_G2_MIN:
        return Grade.G1
    if mitoses_per_2mm2 <= MITOSES_G2_MAX:
        return Grade.G2
    return Grade.G3


@dataclass(frozen=True, slots=True)
class GradingInput:
    """Validated inputs of the WHO grade (REFERENCE §1).

    Args:
        differentiation: well / poor, or None when not reported.
        ki67_percent: Ki-67 index, 0-100 %, or None.
        mitoses_per_2mm2: mitotic count per 2 mm², >= 0, or None.

    Raises:
        ClinicalInputError: a field outside its range or of the wrong type (names the field,
            the allowed values and the value received). Bools are not numbers.
    """

    differentiation: Differentiation | None = None
    ki67_percent: float | None = None
    mitoses_per_2mm2: float | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(
            self,
            "differentiation",
            check_choice("differentiation", self.differentiation, Differentiation),
        )
        set_(
            self,
            "ki67_percent",
            check_optional_number("ki67_percent", self.ki67_percent, minimum=0, maximum=100.0),
        )
        set_(
            self,
            "mitoses_per_2mm2",
            check_optional_number(
                "mitoses_per_2mm2", self.mitoses_per_2mm2, minimum=0, maximum=None
            ),
        )


@dataclass(frozen=True, slots=True)
class WHOClassification:
    """Result of the WHO classification (REFERENCE §1).

    Attributes:
        category: NET or NEC; None when it cannot be decided (see `notes`).
        grade: G1/G2/G3 for a NET; None for NEC and when it cannot be assigned.
        decided_by: the input that decided the result, or None when nothing did.
        uncertain: True when the result rests on missing or conflicting inputs and a
            pathologist should confirm it; `notes` says why.
        notes: human-readable remarks, in the order they arose.
    """

    category: Category | None
    grade: Grade | None
    decided_by: DecidedBy | None
    uncertain: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.category is not None and not isinstance(self.category, Category):
            raise ClinicalInputError("category", f"must be NET, NEC or None; got {self.category!r}")
        if self.grade is not None and not isinstance(self.grade, Grade):
            raise ClinicalInputError("grade", f"must be G1, G2, G3 or None; got {self.grade!r}")
        if self.grade is not None and self.category is not Category.NET:
            raise ClinicalInputError(
                "grade", f"only a NET is graded; got grade {self.grade} with {self.category}"
            )
        if self.decided_by is not None and not isinstance(self.decided_by, DecidedBy):
            raise ClinicalInputError("decided_by", f"must be a DecidedBy; got {self.decided_by!r}")
        if not isinstance(self.notes, tuple):
            raise ClinicalInputError("notes", f"must be a tuple of str; got {self.notes!r}")


_NOTE_NOTHING: Final = "No differentiation, Ki-67 or mitotic count: nothing to classify."
_NOTE_NO_COUNT: Final = "No Ki-67 and no mitotic count: the grade cannot be assigned."
_NOTE_NO_KI67: Final = (
    "Ki-67 not reported: the grade from the mitotic count alone may be understated "
    "(the higher of the two applies)."
)
_NOTE_NO_MITOSES: Final = (
    "Mitotic count not reported: the grade from Ki-67 alone may be understated "
    "(the higher of the two applies)."
)
_NOTE_UNDIFF_HIGH: Final = (
    "Ki-67 or mitotic count > 20 without a stated differentiation: NET G3 and NEC cannot be "
    "told apart (differentiation decides, REFERENCE §1); category left open."
)
_NOTE_UNDIFF_LOW: Final = (
    "Differentiation not reported: counts in the NET range (NEC has Ki-67 and mitoses > 20), "
    "so classified as NET; confirm the differentiation."
)
_NOTE_NEC_LOW_KI67: Final = (
    "Ki-67 <= 20 % is unusual for a poorly differentiated NEC (WHO: > 20 %); review the "
    "differentiation."
)
_NOTE_NEC_LOW_MITOSES: Final = (
    "Mitoses <= 20 per 2 mm² are unusual for a poorly differentiated NEC (WHO: > 20); review "
    "the differentiation."
)
_NOTE_KI67_GAP: Final = (
    "Ki-67 between 2 % and 3 %: older WHO texts give G1 as <= 2 %; netcare applies the WHO "
    "2019 rule < 3 % = G1. Confirm the rounding of the count."
)


def _numeric_grade(
    ki67: float | None, mitoses: float | None
) -> tuple[Grade | None, DecidedBy | None]:
    """The higher of the Ki-67 and mitotic grades and which input gave it."""
    by_ki67 = grade_from_ki67(ki67) if ki67 is not None else None
    by_mitoses = grade_from_mitoses(mitoses) if mitoses is not None else None
    if by_ki67 is None:
        return by_mitoses, (DecidedBy.MITOSES if by_mitoses is not None else None)
    if by_mitoses is None:
        return by_ki67, DecidedBy.KI67
    if by_ki67 is by_mitoses:
        return by_ki67, DecidedBy.KI67_AND_MITOSES
    if _GRADE_RANK[by_ki67] > _GRADE_RANK[by_mitoses]:
        return by_ki67, DecidedBy.KI67
    return by_mitoses, DecidedBy.MITOSES


def classify_input(data: GradingInput) -> WHOClassification:
    """Classify validated inputs as NET G1/G2/G3 or NEC (REFERENCE §1, WHO 2019).

    Rules:
        * poor differentiation → NEC, grade None (NEC is high grade by definition);
        * well differentiation → NET, grade the higher of the Ki-67 and mitotic grades;
        * differentiation unknown → NET only when every known count is <= 20 (outside the NEC
          range); otherwise category None. Always `uncertain`.

    Returns:
        The classification; `category`/`grade` are None when they cannot be decided, and
        `uncertain` with `notes` says why. Pure, no I/O.
    """
    ki67 = data.ki67_percent
    mitoses = data.mitoses_per_2mm2
    notes: list[str] = []
    if ki67 is not None and 2.0 < ki67 < KI67_G2_MIN:
        notes.append(_NOTE_KI67_GAP)
    grade, decided_by = _numeric_grade(ki67, mitoses)

    if data.differentiation is Differentiation.POOR:
        if ki67 is not None and ki67 <= KI67_G2_MAX:
            notes.append(_NOTE_NEC_LOW_KI67)
        if mitoses is not None and mitoses <= MITOSES_G2_MAX:
            notes.append(_NOTE_NEC_LOW_MITOSES)
        return WHOClassification(
            Category.NEC, None, DecidedBy.DIFFERENTIATION, bool(notes), tuple(notes)
        )

    if grade is None:
        if data.differentiation is None:
            return WHOClassification(None, None, None, True, (_NOTE_NOTHING,))
        return WHOClassification(
            Category.NET, None, DecidedBy.DIFFERENTIATION, True, (_NOTE_NO_COUNT,)
        )

    uncertain = False
    if grade is not Grade.G3:
        if ki67 is None:
            notes.append(_NOTE_NO_KI67)
            uncertain = True
        elif mitoses is None:
            notes.append(_NOTE_NO_MITOSES)
            uncertain = True

    if data.differentiation is None:
        if grade is Grade.G3:
            notes.append(_NOTE_UNDIFF_HIGH)
            return WHOClassification(None, None, None, True, tuple(notes))
        notes.append(_NOTE_UNDIFF_LOW)
        uncertain = True
    return WHOClassification(Category.NET, grade, decided_by, uncertain, tuple(notes))


def classify(
    differentiation: Differentiation | str | None,
    ki67_percent: float | None,
    mitoses_per_2mm2: float | None,
) -> WHOClassification:
    """WHO category and grade from differentiation, Ki-67 and mitoses (REFERENCE §1).

    Args:
        differentiation: `well`, `poor`, or None when not reported.
        ki67_percent: Ki-67 index 0-100 %, or None.
        mitoses_per_2mm2: mitoses per 2 mm², >= 0, or None.

    Returns:
        See :func:`classify_input`.

    Raises:
        ClinicalInputError: invalid input; the message names the field.
    """
    chosen = check_choice("differentiation", differentiation, Differentiation)
    return classify_input(GradingInput(chosen, ki67_percent, mitoses_per_2mm2))


# --- MiNEN ------------------------------------------------------------------------------------


def is_minen(neuroendocrine_percent: float, non_neuroendocrine_percent: float) -> bool:
    """Whether a mixed neoplasm is a MiNEN: each component >= 30 % (REFERENCE §1).

    Args:
        neuroendocrine_percent: share of the neuroendocrine component, 0-100 %.
        non_neuroendocrine_percent: share of the non-neuroendocrine component, 0-100 %.

    Raises:
        ClinicalInputError: a share missing, outside 0-100, or the two adding up to > 100 %.
    """
    shares: list[float] = []
    for field, value in (
        ("neuroendocrine_percent", neuroendocrine_percent),
        ("non_neuroendocrine_percent", non_neuroendocrine_percent),
    ):
        share = check_optional_number(field, value, minimum=0, maximum=100.0)
        if share is None:
            raise ClinicalInputError(field, "must be a number from 0 to 100; received None")
        shares.append(share)
    if shares[0] + shares[1] > 100.0 + 1e-9:
        raise ClinicalInputError(
            "non_neuroendocrine_percent",
            f"the two components add up to more than 100 % ({shares[0]:g} + {shares[1]:g})",
        )
    return shares[0] >= MINEN_COMPONENT_MIN and shares[1] >= MINEN_COMPONENT_MIN


# --- lung / thymus ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LungCarcinoidClassification:
    """Result of the lung/thymus classification (REFERENCE §1, WHO thoracic).

    Attributes:
        category: typical / atypical carcinoid or neuroendocrine carcinoma; None when it
            cannot be decided.
        decided_by: mitoses, necrosis, or both; None when undecided.
        uncertain: True when a pathologist should confirm (see `notes`).
        notes: human-readable remarks.
    """

    category: LungCategory | None
    decided_by: DecidedBy | None
    uncertain: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.category is not None and not isinstance(self.category, LungCategory):
            raise ClinicalInputError(
                "category", f"must be a LungCategory or None; got {self.category!r}"
            )
        if (self.category is None) is not (self.decided_by is None):
            raise ClinicalInputError(
                "decided_by", "must be given exactly when a category is decided"
            )


_LUNG_NO_MITOSES: Final = "Mitotic count not reported: the category cannot be decided."
_LUNG_NO_NECROSIS: Final = (
    "Necrosis not reported: < 2 mitoses per 2 mm² is a typical carcinoid only without "
    "necrosis; category left open."
)
_LUNG_CARCINOMA: Final = (
    "> 10 mitoses per 2 mm²: large cell or small cell neuroendocrine carcinoma, told apart by "
    "morphology."
)
_LUNG_EXTENSIVE: Final = (
    "Extensive necrosis with <= 10 mitoses per 2 mm²: atypical carcinoid by count, but "
    "extensive necrosis is typical of carcinoma; review the morphology."
)


def classify_lung_carcinoid(
    mitoses_per_2mm2: float | None, necrosis: Necrosis | str | None
) -> LungCarcinoidClassification:
    """Typical vs atypical carcinoid vs carcinoma of lung or thymus (REFERENCE §1).

    WHO thoracic: typical carcinoid < 2 mitoses per 2 mm² and no necrosis; atypical carcinoid
    2-10 mitoses per 2 mm² and/or (usually punctate) necrosis; > 10 → large cell or small cell
    neuroendocrine carcinoma.

    Args:
        mitoses_per_2mm2: mitoses per 2 mm², >= 0, or None.
        necrosis: none / punctate / extensive / present (extent not stated), or None.

    Returns:
        The classification; `category` None when it cannot be decided.

    Raises:
        ClinicalInputError: invalid input; the message names the field.
    """
    mitoses = check_optional_number("mitoses_per_2mm2", mitoses_per_2mm2, minimum=0, maximum=None)
    found = check_choice("necrosis", necrosis, Necrosis)
    if mitoses is None:
        return LungCarcinoidClassification(None, None, True, (_LUNG_NO_MITOSES,))
    if mitoses > LUNG_ATYPICAL_MAX:
        return LungCarcinoidClassification(
            LungCategory.NEUROENDOCRINE_CARCINOMA, DecidedBy.MITOSES, False, (_LUNG_CARCINOMA,)
        )
    notes: tuple[str, ...] = (_LUNG_EXTENSIVE,) if found is Necrosis.EXTENSIVE else ()
    if mitoses >= MITOSES_G2_MIN:
        return LungCarcinoidClassification(
            LungCategory.ATYPICAL_CARCINOID, DecidedBy.MITOSES, bool(notes), notes
        )
    if found is None:
        return LungCarcinoidClassification(None, None, True, (_LUNG_NO_NECROSIS,))
    if found is Necrosis.NONE:
        return LungCarcinoidClassification(
            LungCategory.TYPICAL_CARCINOID, DecidedBy.MITOSES_AND_NECROSIS
        )
    return LungCarcinoidClassification(
        LungCategory.ATYPICAL_CARCINOID, DecidedBy.NECROSIS, bool(notes), notes
    )


# --- calculators -----------------------------------------------------------------------------


def _value(inputs: Mapping[str, Any], field: str) -> Any:
    return inputs.get(field)


@register("who_grade")
def who_grade(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `who_grade` (REFERENCE §0 and §1).

    Inputs: `differentiation` (well / poor / null), `ki67_percent` (0-100 or null),
    `mitoses_per_2mm2` (>= 0 or null). Outputs: `category` (NET / NEC / null), `grade`
    (G1 / G2 / G3 / null), `decided_by`, `uncertain`, `notes`, `reference`.
    """
    result = classify_input(
        GradingInput(
            _value(inputs, "differentiation"),
            _value(inputs, "ki67_percent"),
            _value(inputs, "mitoses_per_2mm2"),
        )
    )
    return {
        "category": None if result.category is None else result.category.value,
        "grade": None if result.grade is None else result.grade.value,
        "decided_by": None if result.decided_by is None else result.decided_by.value,
        "uncertain": result.uncertain,
        "notes": list(result.notes),
        "reference": REFERENCE_WHO,
    }


@register("lung_carcinoid")
def lung_carcinoid(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `lung_carcinoid` (REFERENCE §1, WHO thoracic).

    Inputs: `mitoses_per_2mm2` (>= 0 or null), `necrosis` (none / punctate / extensive /
    present / null). Outputs: `category` (typical_carcinoid / atypical_carcinoid /
    neuroendocrine_carcinoma / null), `decided_by`, `uncertain`, `notes`, `reference`.
    """
    result = classify_lung_carcinoid(_value(inputs, "mitoses_per_2mm2"), _value(inputs, "necrosis"))
    return {
        "category": None if result.category is None else result.category.value,
        "decided_by": None if result.decided_by is None else result.decided_by.value,
        "uncertain": result.uncertain,
        "notes": list(result.notes),
        "reference": REFERENCE_LUNG,
    }


@register("minen")
def minen(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `minen` (REFERENCE §1).

    Inputs: `neuroendocrine_percent`, `non_neuroendocrine_percent` (0-100 each, sum <= 100).
    Outputs: `minen` (bool: each component >= 30 %), `reference`.
    """
    return {
        "minen": is_minen(
            _value(inputs, "neuroendocrine_percent"),
            _value(inputs, "non_neuroendocrine_percent"),
        ),
        "reference": REFERENCE_WHO,
    }
