"""Tests for netcare.clinical.hereditary (REFERENCE section 6)."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.hereditary import (
    HereditaryFindings,
    HereditarySyndrome,
    assess_hereditary,
)

S = HereditarySyndrome


@pytest.mark.parametrize(
    ("findings", "suspected"),
    [
        ({}, set()),
        ({"family_syndromes": frozenset({S.TSC})}, {S.TSC}),
        ({"gastrinoma": True}, {S.MEN1}),
        ({"type2_gastric_net": True}, {S.MEN1}),
        ({"pancreatic_net": True, "parathyroid_tumour": True}, {S.MEN1}),
        ({"duodenal_net": True, "pituitary_tumour": True}, {S.MEN1}),
        ({"pancreatic_net": True, "multiple_nets": True}, {S.MEN1}),
        ({"parathyroid_tumour": True}, set()),
        ({"duodenal_somatostatinoma": True}, {S.NF1}),
        ({"cafe_au_lait_macules": True}, {S.NF1}),
        ({"tsc_skin_or_brain_features": True}, {S.TSC}),
        ({"pancreatic_net": True, "pheochromocytoma": True}, {S.VHL}),
        ({"renal_cell_carcinoma": True}, {S.VHL}),
        ({"hemangioblastoma": True}, {S.VHL}),
        ({"small_intestinal_net": True, "relatives_with_si_net": 1}, {S.FAMILIAL_SI_NET}),
        ({"small_intestinal_net": True, "relatives_with_si_net": 0}, set()),
    ],
)
def test_suspected_syndromes(findings: dict[str, Any], suspected: set[HereditarySyndrome]) -> None:
    """Each finding raises the syndrome REFERENCE section 6 ties it to, with a reason."""
    result = assess_hereditary(HereditaryFindings(**findings))
    assert suspected == {s.syndrome for s in result.suspicions}
    assert all(s.reasons for s in result.suspicions)
    assert bool(suspected) <= result.counselling_recommended


@pytest.mark.parametrize(
    ("findings", "counsel"),
    [
        ({"age_at_onset_years": 39.9}, True),
        ({"age_at_onset_years": 40}, False),
        ({"multiple_nets": True}, True),
        ({"gastrinoma": True}, True),
        ({}, False),
    ],
)
def test_counselling_triggers(findings: dict[str, Any], counsel: bool) -> None:
    """Young onset (< 40, netcare cut-off), multiple NETs and gastrinoma trigger counselling."""
    result = assess_hereditary(HereditaryFindings(**findings))
    assert counsel == result.counselling_recommended
    assert counsel == bool(result.counselling_reasons)


@pytest.mark.parametrize(
    ("findings", "field"),
    [
        ({"family_syndromes": {"MEN1"}}, "family_syndromes"),
        ({"age_at_onset_years": -1}, "age_at_onset_years"),
        ({"relatives_with_si_net": -1}, "relatives_with_si_net"),
        ({"relatives_with_si_net": True}, "relatives_with_si_net"),
    ],
)
def test_invalid_findings_refused(findings: dict[str, Any], field: str) -> None:
    """Invalid findings are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        HereditaryFindings(**findings)
    assert field == error.value.field
