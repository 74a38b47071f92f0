"""The journey from workup to surveillance through the pages, as the people would do it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from netcare.surveillance.models import FollowUp, SurveillancePlan
from netcare.treatments.models import Treatment
from netcare.tumors.models import Tumor
from netcare.workup.models import LabResult, Order, PathologyReport, PetScan
from tests.workup.pet_forms import pet_form


def _pet_post(**extra: Any) -> dict[str, Any]:
    data = pet_form([{"location": "primary", "site": "terminal ileum", "size_mm": "18",
                      "suv_max": "25"}], total=4, performed_on="2025-03-03",
                    impression="Ileal primary, avid.")
    data.update(extra)
    return data


PATHOLOGY = {
    "performed_on": "2025-03-20", "site": "jejunum_ileum", "subsite": "",
    "specimen": "resection", "histology": "well-differentiated neuroendocrine tumor",
    "differentiation": "well", "ki67_percent": "8", "mitoses_per_2mm2": "1", "necrosis": "",
    "size_cm": "1.8", "depth": "muscularis_propria", "margins": "negative",
    "nodes_examined": "14", "nodes_positive": "0", "mesenteric_mass_cm": "",
    "lymphovascular_invasion": "false", "perineural_invasion": "false", "comment": "",
}


def test_pet_and_pathology_give_a_computed_grade_and_stage_then_treatment_and_plan(
    client: Client, sam: Any, theo: Any, paula: Any, nora: Any, pat_record: Any
) -> None:
    """Sam orders a PET, Theo records it, Paula the pathology: grade and stage appear."""
    client.force_login(sam)
    response = client.post(f"/workup/patients/{pat_record.pk}/orders/", {"kind": "pet"})
    assert 302 == response.status_code
    order = Order.objects.get(patient=pat_record)

    client.force_login(theo)
    response = client.post(f"/workup/patients/{pat_record.pk}/pet/new/",
                           _pet_post(order_id=str(order.pk)))
    assert 302 == response.status_code, response.content.decode()[:2000]
    pet = PetScan.objects.get(patient=pat_record)
    assert (4, True) == (pet.krenning_score, pet.sstr_positive)
    order.refresh_from_db()
    assert "resulted" == order.status

    client.force_login(paula)
    response = client.post(f"/workup/patients/{pat_record.pk}/pathology/new/", PATHOLOGY)
    assert 302 == response.status_code, response.content.decode()[:3000]

    tumor = Tumor.objects.get(patient=pat_record)
    assert ("NET", "G2", "T2", "N0", "M0", "II") == (
        tumor.category, tumor.grade, tumor.t, tumor.n, tumor.m, tumor.stage)
    client.force_login(sam)
    page = client.get(f"/tumors/{tumor.pk}/").content.decode()
    assert "NET G2, T2 N0 M0, stage II" in page
    assert "Inputs used" in page and "Ki-67 (%) 8," in page
    assert "a clinician decides" in page

    response = client.post(f"/treatments/patients/{pat_record.pk}/", {
        "kind": "surgery", "agent": "segmental ileal resection", "intent": "curative",
        "start_on": "2025-03-18", "end_on": "2025-03-18", "interval_days": "", "note": ""})
    assert 302 == response.status_code
    assert ["surgery"] == [t.kind for t in Treatment.objects.filter(patient=pat_record)]

    client.force_login(nora)
    response = client.post(f"/surveillance/patients/{pat_record.pk}/",
                           {"tumor": str(tumor.pk), "start_on": "2025-03-18"})
    assert 302 == response.status_code
    plan = SurveillancePlan.objects.get(tumor=tumor, is_active=True)
    assert plan.inputs_used["resected"] is True
    assert date(2025, 6, 18) == FollowUp.objects.filter(plan=plan).first().due_on

    chart = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert "Current problems" in chart
    assert "stage II" in chart
    assert "Next follow-up" in chart


def test_the_patient_sees_the_released_result_and_not_the_unreleased_one(
    client: Client, sam: Any, pat: Any, pat_record: Any
) -> None:
    """Two 5-HIAA results; only the released one reaches the portal and the patient's chart."""
    from netcare.workup.actions import record_result, release_result

    released = record_result("lab", pat_record, {
        "performed_on": date(2025, 1, 10), "test": "urine_5hiaa", "value": 31.5,
        "unit": "mg/24h"}, by=sam)
    record_result("lab", pat_record, {
        "performed_on": date(2025, 2, 10), "test": "urine_5hiaa", "value": 47.25,
        "unit": "mg/24h"}, by=sam)
    release_result(released, by=sam)

    client.force_login(pat)
    for url in ("/workup/me/", "/patients/me/"):
        page = client.get(url).content.decode()
        assert "31.5" in page, url
        assert "47.25" not in page, url
    hidden = LabResult.objects.get(value=47.25)
    assert 404 == client.get(f"/workup/results/lab/{hidden.pk}/").status_code
    assert 200 == client.get(f"/workup/results/lab/{released.pk}/").status_code


def test_a_pathologist_records_pathology_and_a_surgeon_may_not(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """Pathology is a pathologist's: the surgeon gets 404 and nothing is written."""
    client.force_login(sam)
    assert 404 == client.post(f"/workup/patients/{pat_record.pk}/pathology/new/",
                              PATHOLOGY).status_code
    assert 0 == PathologyReport.objects.count()
