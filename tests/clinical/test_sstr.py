"""Tests for netcare.clinical.sstr (REFERENCE section 4)."""

from __future__ import annotations

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.sstr import (
    NETTER2_MIN_SCORE,
    KrenningScore,
    krenning_from_suv,
    sstr_positive_for_prrt,
)


@pytest.mark.parametrize(
    ("lesion", "liver", "spleen", "kidney", "score"),
    [
        (0.0, 8.0, 20.0, None, KrenningScore.NONE),
        (7.1, 8.0, 20.0, None, KrenningScore.VERY_LOW),
        (7.2, 8.0, 20.0, None, KrenningScore.LIVER),
        (8.0, 8.0, 20.0, None, KrenningScore.LIVER),
        (8.1, 8.0, 20.0, None, KrenningScore.ABOVE_LIVER),
        (20.0, 8.0, 20.0, None, KrenningScore.ABOVE_LIVER),
        (20.1, 8.0, 20.0, None, KrenningScore.ABOVE_SPLEEN),
        (15.0, 8.0, None, 12.0, KrenningScore.ABOVE_SPLEEN),
    ],
)
def test_krenning_from_suv_thresholds(
    lesion: float, liver: float, spleen: float | None, kidney: float | None, score: KrenningScore
) -> None:
    """Below/at/above liver, the 90 % band and spleen (kidney when no spleen)."""
    result = krenning_from_suv(lesion, liver, spleen, kidney)
    assert score == result.score
    assert "authoritative" in result.uncertain[0]


def test_score_4_unassessable_without_reference_organ() -> None:
    """Without spleen or kidney values a high lesion scores 3 and says 4 was not assessable."""
    result = krenning_from_suv(50.0, 8.0)
    assert KrenningScore.ABOVE_LIVER == result.score
    assert 2 == len(result.uncertain)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1.0, 8.0), "lesion_suvmax"),
        ((1.0, 0.0), "liver_suvmax"),
        ((1.0, 8.0, -2.0), "spleen_suvmax"),
        ((1.0, 8.0, None, -1.0), "kidney_suvmax"),
    ],
)
def test_krenning_refuses_invalid_suv(args: tuple[float, ...], field: str) -> None:
    """Negative SUVs and a zero liver reference are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        krenning_from_suv(*args)
    assert field == error.value.field


def test_meanings() -> None:
    """Every score has a plain meaning."""
    assert "no uptake" == KrenningScore.NONE.meaning
    assert all(score.meaning for score in KrenningScore)


@pytest.mark.parametrize(
    ("scores", "threshold", "positive"),
    [
        ((KrenningScore.ABOVE_SPLEEN, KrenningScore.LIVER), KrenningScore.LIVER, True),
        ((KrenningScore.ABOVE_SPLEEN, KrenningScore.VERY_LOW), KrenningScore.LIVER, False),
        ((KrenningScore.ABOVE_LIVER, KrenningScore.LIVER), NETTER2_MIN_SCORE, False),
    ],
)
def test_positivity_needs_all_target_lesions(
    scores: tuple[KrenningScore, ...], threshold: KrenningScore, positive: bool
) -> None:
    """PRRT positivity: the lowest target lesion decides (NETTER-1 >= liver, NETTER-2 > liver)."""
    result = sstr_positive_for_prrt(scores, threshold)
    assert (positive, min(scores)) == (result.positive, result.lowest_score)


def test_positivity_needs_a_lesion() -> None:
    """No target lesion: refused naming `target_scores`."""
    with pytest.raises(ClinicalInputError, match="target_scores"):
        sstr_positive_for_prrt([])
