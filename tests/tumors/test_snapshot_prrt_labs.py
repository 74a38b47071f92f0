"""The snapshot carries PRRT labs, performance status and SSA progression from the record, so
decision support can list PRRT after progression on a somatostatin analogue."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from netcare.clinical import decision_support
from netcare.treatments.actions import record_treatment
from netcare.tumors.snapshot_builder import snapshot_for
from netcare.workup.actions import record_result

AS_OF = date(2025, 6, 1)
LABS = [  # code, value, unit
    ("creatinine_clearance", 85.0, "mL/min"), ("platelets", 210.0, "10^9/L"),
    ("hemoglobin", 12.8, "g/dL"), ("wbc", 5.6, "10^9/L"), ("neutrophils", 3.1, "10^9/L"),
    ("bilirubin", 0.6, "mg/dL"), ("albumin", 40.0, "g/L"),
]


@pytest.fixture
def metastatic_on_ssa(pat_record: Any, sam: Any, paula: Any, theo: Any) -> Any:
    """An ileal NET G2 with SSTR-positive liver metastases, progressing on octreotide LAR."""
    record_result("pet", pat_record, {
        "performed_on": date(2025, 5, 2), "tracer": "ga68_dotatate", "liver_suvmax": 6.0,
        "spleen_suvmax": 20.0}, by=theo, lesions=[
            {"location": "primary", "suv_max": 25.0},
            {"location": "liver", "suv_max": 30.0, "size_mm": 22}])
    record_result("pathology", pat_record, {
        "performed_on": date(2025, 1, 20), "site": "jejunum_ileum", "specimen": "biopsy",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0}, by=paula)
    record_treatment(pat_record, {
        "kind": "octreotide_lar", "agent": "octreotide LAR 30 mg", "intent": "palliative",
        "start_on": date(2025, 1, 25), "best_response": "progressive_disease"}, by=sam)
    for code, value, unit in LABS:
        record_result("lab", pat_record, {"performed_on": date(2025, 5, 10), "test": code,
                                          "value": value, "unit": unit}, by=sam)
    record_result("assessment", pat_record, {"performed_on": date(2025, 5, 12),
                                             "karnofsky": 80, "ecog": 1,
                                             "functional_syndrome": "none"}, by=sam)
    return pat_record


def test_every_prrt_lab_reaches_the_snapshot_with_bilirubin_as_a_multiple_of_uln(
    metastatic_on_ssa: Any,
) -> None:
    """Bilirubin 0.6 mg/dL against the default upper limit 1.2 is 0.5 x ULN."""
    snapshot = snapshot_for(metastatic_on_ssa, as_of=AS_OF)
    labs = snapshot.labs
    assert (85.0, 210.0, 12.8, 5.6, 3.1, 0.5, 40.0) == (
        labs.creatinine_clearance_ml_min, labs.platelets_10e9_l, labs.hemoglobin_g_dl,
        labs.wbc_10e9_l, labs.neutrophils_10e9_l, labs.bilirubin_x_uln, labs.albumin_g_l)
    assert (80, 1) == (snapshot.performance.karnofsky, snapshot.performance.ecog)
    assert ("none", True) == (snapshot.functional_syndrome.value, snapshot.progression_on_ssa)


def test_a_metastatic_sstr_positive_patient_progressing_on_ssa_is_offered_prrt(
    metastatic_on_ssa: Any,
) -> None:
    """With complete labs the option is listed; its rationale quotes the patient's values."""
    support = decision_support.options_for(snapshot_for(metastatic_on_ssa, as_of=AS_OF))
    options = {option.code: option for option in support.options}
    assert "prrt_after_ssa_progression" in options, [o.code for o in support.options]
    assert "bilirubin 0.5 x ULN" in options["prrt_after_ssa_progression"].rationale


def test_without_the_blood_counts_prrt_is_replaced_by_the_missing_workup(
    pat_record: Any, sam: Any, paula: Any, theo: Any, metastatic_on_ssa: Any,
) -> None:
    """Before the labs (as of a date before them), decision support asks for them instead."""
    support = decision_support.options_for(snapshot_for(metastatic_on_ssa,
                                                        as_of=date(2025, 5, 5)))
    codes = [option.code for option in support.options]
    assert "prrt_after_ssa_progression" not in codes
    assert "workup_prrt_eligibility" in codes


def test_a_karnofsky_off_the_tens_is_refused_naming_the_field(pat_record: Any,
                                                              sam: Any) -> None:
    """Karnofsky 85 is refused on `karnofsky`; nothing is written."""
    from netcare.workup.actions import ResultInputError
    from netcare.workup.models import ClinicalAssessment

    with pytest.raises(ResultInputError) as caught:
        record_result("assessment", pat_record, {"performed_on": date(2025, 5, 12),
                                                 "karnofsky": 85}, by=sam)
    assert "karnofsky" == caught.value.field
    assert not ClinicalAssessment.objects.exists()
