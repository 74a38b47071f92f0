"""A tumor marker's trend is its own latest result against its previous one (REFERENCE §3 sets
no threshold): a small rise is a rise, never "stable"."""

from __future__ import annotations

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.biomarkers import marker_trend
from netcare.clinical.snapshot import MarkerTrend


@pytest.mark.parametrize(
    ("previous", "latest", "trend"),
    [
        (45.4, 46.4, MarkerTrend.RISING),  # +2 %: under the 25 % the summary once required
        (29.0, 45.4, MarkerTrend.RISING),
        (12.0, 6.1, MarkerTrend.FALLING),
        (46.4, 46.0, MarkerTrend.FALLING),
        (0.0, 3.0, MarkerTrend.RISING),
        (7.5, 7.5, MarkerTrend.STABLE),
    ],
)
def test_any_rise_is_rising_any_fall_falling_and_only_the_same_value_stable(
    previous: float, latest: float, trend: MarkerTrend
) -> None:
    assert trend == marker_trend(previous, latest)


@pytest.mark.parametrize(("previous", "latest", "field"),
                         [(-1.0, 3.0, "previous"), (3.0, float("nan"), "latest")])
def test_a_negative_or_missing_number_is_refused_naming_it(
    previous: float, latest: float, field: str
) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        marker_trend(previous, latest)
    assert field == caught.value.field
