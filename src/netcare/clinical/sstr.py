"""Somatostatin receptor imaging: Krenning score and SSTR positivity for PRRT (REFERENCE §4).

The Krenning score is a visual scale (planar scintigraphy, adapted to PET). Deriving it from
SUVmax is an approximation netcare offers for convenience; the nuclear-medicine reading stays
authoritative, and every derived score says so in `uncertain`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from netcare.clinical._inputs import check_number, read_number
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError

__all__ = [
    "LIVER_SIMILAR_FRACTION",
    "NETTER1_MIN_SCORE",
    "NETTER2_MIN_SCORE",
    "KrenningResult",
    "KrenningScore",
    "SstrPositivity",
    "krenning_from_suv",
    "sstr_positive_for_prrt",
]


class KrenningScore(IntEnum):
    """Krenning score of lesion uptake (REFERENCE §4)."""

    NONE = 0
    VERY_LOW = 1
    LIVER = 2
    ABOVE_LIVER = 3
    ABOVE_SPLEEN = 4

    @property
    def meaning(self) -> str:
        """Plain meaning of the score."""
        return _MEANINGS[self]


_MEANINGS = {
    KrenningScore.NONE: "no uptake",
    KrenningScore.VERY_LOW: "very low uptake",
    KrenningScore.LIVER: "uptake up to (about equal to) normal liver",
    KrenningScore.ABOVE_LIVER: "uptake greater than normal liver",
    KrenningScore.ABOVE_SPLEEN: "uptake greater than spleen (or kidneys)",
}

LIVER_SIMILAR_FRACTION = 0.9
"""netcare choice: a lesion SUVmax within 90-100 % of liver SUVmax counts as "about liver"
(score 2); below that, score 1. Not a published threshold: it reflects SUV variability."""

NETTER1_MIN_SCORE = KrenningScore.LIVER
"""NETTER-1 (Strosberg, NEJM 2017): uptake >= normal liver in all target lesions."""

NETTER2_MIN_SCORE = KrenningScore.ABOVE_LIVER
"""NETTER-2 (Singh, Lancet 2024): tumour uptake score 3 or 4 (> liver) (JNM 2024 abstract
241951)."""


@dataclass(frozen=True, slots=True)
class KrenningResult:
    """A Krenning score derived from SUVmax, with its caveats."""

    score: KrenningScore
    uncertain: tuple[str, ...]


_DERIVED_NOTE = "Derived from SUVmax; the visual nuclear-medicine reading is authoritative."


def krenning_from_suv(
    lesion_suvmax: float,
    liver_suvmax: float,
    spleen_suvmax: float | None = None,
    kidney_suvmax: float | None = None,
) -> KrenningResult:
    """Approximate the Krenning score from SUVmax of lesion, liver, spleen/kidney (REFERENCE §4).

    0 when the lesion has no uptake (SUVmax 0); 4 when above spleen (kidneys if no spleen value);
    3 when above liver; 2 when at least `LIVER_SIMILAR_FRACTION` of liver; otherwise 1.

    Raises:
        ClinicalInputError: a value is negative or not finite, or liver SUVmax is 0.
    """
    lesion = check_number("lesion_suvmax", lesion_suvmax, minimum=0.0)
    liver = check_number("liver_suvmax", liver_suvmax, minimum=0.0)
    if liver == 0.0:
        raise ClinicalInputError("liver_suvmax", "must be greater than 0, got 0")
    reference_organ: float | None = None
    if spleen_suvmax is not None:
        reference_organ = check_number("spleen_suvmax", spleen_suvmax, minimum=0.0)
    elif kidney_suvmax is not None:
        reference_organ = check_number("kidney_suvmax", kidney_suvmax, minimum=0.0)
    uncertain: tuple[str, ...] = (_DERIVED_NOTE,)
    if lesion == 0.0:
        score = KrenningScore.NONE
    elif lesion > liver:
        if reference_organ is None:
            score = KrenningScore.ABOVE_LIVER
            uncertain += ("No spleen or kidney SUVmax: score 4 could not be assessed.",)
        elif lesion > reference_organ:
            score = KrenningScore.ABOVE_SPLEEN
        else:
            score = KrenningScore.ABOVE_LIVER
    elif lesion >= LIVER_SIMILAR_FRACTION * liver:
        score = KrenningScore.LIVER
    else:
        score = KrenningScore.VERY_LOW
    return KrenningResult(score, uncertain)


@dataclass(frozen=True, slots=True)
class SstrPositivity:
    """Whether all target lesions reach the uptake threshold for PRRT."""

    positive: bool
    lowest_score: KrenningScore
    threshold: KrenningScore


def sstr_positive_for_prrt(
    target_scores: Iterable[KrenningScore], threshold: KrenningScore = NETTER1_MIN_SCORE
) -> SstrPositivity:
    """SSTR positivity for PRRT: every target lesion scores >= `threshold` (REFERENCE §4).

    The default follows NETTER-1 (>= liver, score 2); NETTER-2 required > liver (score 3).
    The Lutathera label says only "somatostatin receptor-positive".

    Raises:
        ClinicalInputError: no target lesion given (`target_scores`).
    """
    scores = tuple(target_scores)
    if not scores:
        raise ClinicalInputError("target_scores", "give the score of at least one target lesion")
    lowest = min(scores)
    return SstrPositivity(lowest >= threshold, KrenningScore(lowest), threshold)


# --- calculators ------------------------------------------------------------------------------


@register("krenning")
def _krenning(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`krenning`: lesion_suvmax, liver_suvmax (> 0), optional spleen_suvmax, kidney_suvmax ->
    score (0-4), meaning, at_least_liver (NETTER-1), above_liver (NETTER-2), uncertain."""
    result = krenning_from_suv(
        read_number(inputs, "lesion_suvmax", minimum=0.0),
        read_number(inputs, "liver_suvmax", minimum=0.0),
        read_number(inputs, "spleen_suvmax", minimum=0.0, required=False),
        read_number(inputs, "kidney_suvmax", minimum=0.0, required=False),
    )
    return {
        "score": int(result.score),
        "meaning": result.score.meaning,
        "at_least_liver": result.score >= NETTER1_MIN_SCORE,
        "above_liver": result.score >= NETTER2_MIN_SCORE,
        "uncertain": list(result.uncertain),
    }
