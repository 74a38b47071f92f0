"""PRRT laboratory values in a snapshot stay within what a laboratory can report."""

from __future__ import annotations

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.snapshot import PrrtLabs


@pytest.mark.parametrize(
    ("field", "too_high"),
    [("albumin_g_l", 101.0), ("bilirubin_x_uln", 100.5), ("platelets_10e9_l", 5001.0)],
)
def test_impossible_lab_values_are_refused_naming_the_field(field: str, too_high: float) -> None:
    """Albumin of 101 g/L is a typing error, refused with the field and the limit named."""
    with pytest.raises(ClinicalInputError) as caught:
        PrrtLabs(**{field: too_high})
    assert field == caught.value.field
    assert "at most" in str(caught.value)


def test_values_at_the_limit_are_accepted() -> None:
    """The limits themselves are valid (albumin exactly 100 g/L)."""
    assert 100.0 == PrrtLabs(albumin_g_l=100.0).albumin_g_l
