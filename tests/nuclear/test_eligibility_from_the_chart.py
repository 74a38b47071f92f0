"""The PRRT eligibility form starts from the chart, says which values came from it and which
are unknown, lets the user correct them, and checks without starting a course."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.clinical import prrt
from netcare.clinical.vocabulary import Differentiation
from netcare.nuclear import prefill
from netcare.nuclear.models import PrrtCourse
from netcare.treatments.actions import record_treatment
from netcare.workup.actions import record_result
from tests.conftest import PASSWORD


@pytest.fixture
def charted(pat_record: Any, sam: Any, paula: Any, theo: Any) -> Any:
    """An ileal NET G2, Krenning-positive on PET, progressing on octreotide LAR, with labs."""
    record_result("pet", pat_record, {
        "performed_on": date(2026, 5, 2), "tracer": "ga68_dotatate", "liver_suvmax": 6.0,
        "spleen_suvmax": 20.0}, by=theo, lesions=[
            {"location": "primary", "suv_max": 25.0},
            {"location": "liver", "suv_max": 30.0, "size_mm": 22}])
    record_result("pathology", pat_record, {
        "performed_on": date(2026, 1, 20), "site": "jejunum_ileum", "specimen": "biopsy",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0}, by=paula)
    record_treatment(pat_record, {
        "kind": "octreotide_lar", "agent": "octreotide LAR 30 mg", "intent": "palliative",
        "start_on": date(2026, 1, 25), "best_response": "progressive_disease"}, by=sam)
    record_result("lab", pat_record, {"performed_on": date(2026, 5, 10),
                                      "test": "creatinine_clearance", "value": 85.0,
                                      "unit": "mL/min"}, by=sam)
    return pat_record


def test_chart_values_come_with_their_source_and_missing_ones_are_unknown(charted: Any) -> None:
    """Ki-67 and differentiation from pathology, CrCl from labs; Karnofsky is unknown."""
    facts = {f.name: f for f in prefill.chart_facts(charted)}
    assert (8.0, "chart: latest pathology report") == (facts["ki67_percent"].value,
                                                       facts["ki67_percent"].source)
    assert "well" == facts["differentiation"].value
    assert 85.0 == facts["creatinine_clearance_ml_min"].value
    assert True is facts["progression_on_octreotide_lar"].value
    assert (None, "") == (facts["karnofsky"].value, facts["karnofsky"].source)


def test_the_form_is_prefilled_and_marks_unknown_values(charted: Any, nina: Any,
                                                        client: Client) -> None:
    """The page shows the chart table and the form carries the chart's Ki-67."""
    client.login(username="nina", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{charted.pk}/prrt/").content.decode()
    assert "What the chart says" in body
    assert 'name="ki67_percent" value="8.0"' in body
    assert "Unknown: not found in the chart." in body
    assert "From the latest pathology report (chart)" in body


def test_checking_a_corrected_value_shows_criteria_without_starting(charted: Any, nina: Any,
                                                                    client: Client) -> None:
    """Ki-67 corrected to 30 %: the check shows met / not met / unknown, sources, and that a
    clinician decides; no course is started; the typed value is kept."""
    client.login(username="nina", password=PASSWORD)
    response = client.post(f"/nuclear/patients/{charted.pk}/prrt/", {
        "intent": "check", "age_years": "64", "gep_net": "true", "sstr_positive": "true",
        "differentiation": "well", "ki67_percent": "30", "min_target_krenning": "4",
        "creatinine_clearance_ml_min": "85", "first_window_start": "2026-12-01"})
    body = response.content.decode()
    assert 200 == response.status_code
    assert 0 == PrrtCourse.objects.filter(patient=charted).count()
    assert "Eligibility check" in body
    assert all(word in body for word in ('badge ok">met', 'badge bad">not met',
                                         'badge warn">unknown'))
    assert "a clinician decides" in body
    assert 'name="ki67_percent" value="30"' in body


def test_starting_from_the_prefilled_form_starts_the_course(charted: Any, nina: Any,
                                                            client: Client) -> None:
    """The "start" button still starts the course."""
    client.login(username="nina", password=PASSWORD)
    client.post(f"/nuclear/patients/{charted.pk}/prrt/", {
        "intent": "start", "age_years": "64", "gep_net": "true", "sstr_positive": "true",
        "differentiation": "well", "ki67_percent": "8", "min_target_krenning": "4",
        "creatinine_clearance_ml_min": "85", "first_window_start": "2026-12-01"})
    assert 1 == PrrtCourse.objects.filter(patient=charted).count()


def test_a_net_whose_report_omits_differentiation_is_prefilled_well_like_decision_support(
        pat_record: Any, paula: Any, theo: Any, nina: Any, client: Client) -> None:
    """Pathology of an ileal tumor with Ki-67 8 % and no differentiation: WHO grading calls it
    a NET (G2), and a NET is well differentiated (REFERENCE §1). Decision support judged PRRT
    with "well"; the form used to say "unknown". It now says "well", from the WHO category."""
    from netcare.clinical import decision_support
    from netcare.tumors.snapshot_builder import snapshot_for

    record_result("pathology", pat_record, {
        "performed_on": date(2026, 1, 20), "site": "jejunum_ileum", "specimen": "biopsy",
        "histology": "neuroendocrine tumor", "ki67_percent": 8.0}, by=paula)
    record_result("pet", pat_record, {
        "performed_on": date(2026, 5, 2), "tracer": "ga68_dotatate", "liver_suvmax": 6.0,
        "spleen_suvmax": 20.0}, by=theo, lesions=[
            {"location": "liver", "suv_max": 30.0, "size_mm": 22}])
    snap = snapshot_for(pat_record)
    index = snap.tumors[0]
    assert (None, "NET", 8.0) == (index.differentiation, index.category, index.ki67_percent)

    facts = {f.name: f for f in prefill.chart_facts(pat_record)}
    assert "well" == facts["differentiation"].value
    assert "WHO category" in facts["differentiation"].source
    assert (8.0, "chart: latest pathology report") == (facts["ki67_percent"].value,
                                                       facts["ki67_percent"].source)
    # Decision support treats the tumor as a (well-differentiated) NET and judges PRRT on the
    # same facts (prrt.facts_from_snapshot).
    board = {o.code: o.rationale for o in decision_support.options_for(snap).options}
    assert board["ssa_first_line"].startswith("small-intestinal (jejunum/ileum) NET")
    judged = prrt.facts_from_snapshot(snap, index, first_line=None)
    assert Differentiation.WELL is judged.differentiation

    client.login(username="nina", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{pat_record.pk}/prrt/").content.decode()
    assert '<option value="well" selected>' in body
    assert "From the WHO category of the index tumor" in body


def test_a_target_lesion_below_liver_prefills_krenning_1_and_uptake_not_met(
        pat_record: Any, paula: Any, theo: Any, sam: Any, nina: Any, client: Client) -> None:
    """Target lesions read Krenning 4 and 1: the form is prefilled with the lowest score (1),
    not the scan's highest (4), and the check shows NETTER-1 uptake >= liver not met
    (REFERENCE §4, §5). It used to show "met" with Krenning 4."""
    record_result("pet", pat_record, {
        "performed_on": date(2026, 5, 2), "tracer": "ga68_dotatate", "liver_suvmax": 6.0,
        "spleen_suvmax": 20.0}, by=theo, lesions=[
            {"location": "primary", "size_mm": 18, "krenning_score": 4},
            {"location": "liver", "size_mm": 22, "krenning_score": 1}])
    record_result("pathology", pat_record, {
        "performed_on": date(2026, 1, 20), "site": "jejunum_ileum", "specimen": "biopsy",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0}, by=paula)
    record_treatment(pat_record, {
        "kind": "octreotide_lar", "agent": "octreotide LAR 30 mg", "intent": "palliative",
        "start_on": date(2026, 1, 25), "best_response": "progressive_disease"}, by=sam)

    facts = {f.name: f for f in prefill.chart_facts(pat_record)}
    krenning = facts["min_target_krenning"]
    assert (1, "chart: SSTR PET of 2026-05-02 (lowest target-lesion score)") == (
        krenning.value, krenning.source)
    assert "Lowest target-lesion Krenning score" == krenning.label

    client.login(username="nina", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{pat_record.pk}/prrt/").content.decode()
    assert 'name="min_target_krenning" value="1"' in body

    # "Check" with the values exactly as prefilled from the chart.
    data = {name: str(value) for name, value in prefill.form_initial(list(facts.values())).items()}
    assert "1" == data["min_target_krenning"]
    response = client.post(f"/nuclear/patients/{pat_record.pk}/prrt/", {
        **data, "intent": "check", "first_window_start": "2026-12-01"})
    assert 200 == response.status_code
    assert 0 == PrrtCourse.objects.filter(patient=pat_record).count()
    checked = response.context["check"]
    uptake = {c["key"]: c["status"] for c in checked["criteria"]}
    assert "not_met" == uptake["n1_uptake"]
    assert "not_met" == checked["netter1"]
    rows = [row.split("</tr>")[0] for row in response.content.decode().split("<tr>")
            if row.startswith('<td data-label="Program">NETTER-1</td><td data-label="Criterion">'
                              "uptake &gt;= liver in all target lesions")]
    assert 1 == len(rows)
    assert 'badge bad">not met' in rows[0]
