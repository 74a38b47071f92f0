"""A result records a test that was done: it cannot be dated after the program's today (nor
before the patient was born), on the page or over the API; and impossible numbers are refused
on their field, never with a database constraint's name."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.accounts.tokens import issue_token
from netcare.patients.models import TimelineEntry
from netcare.workup.models import Endoscopy, LabResult, PathologyReport, PetScan
from tests.workup.pet_forms import pet_form

LAB = {"performed_on": "2026-03-02", "test": "chromogranin_a", "value": "112.5",
       "unit": "ng/mL", "reference_low": "", "reference_high": "", "laboratory": "City Lab",
       "diet_followed": ""}

PATHOLOGY = {
    "performed_on": "2026-02-20", "site": "jejunum_ileum", "subsite": "",
    "specimen": "resection", "histology": "well-differentiated neuroendocrine tumor",
    "differentiation": "well", "ki67_percent": "8", "mitoses_per_2mm2": "1", "necrosis": "",
    "size_cm": "1.8", "depth": "muscularis_propria", "margins": "negative",
    "nodes_examined": "14", "nodes_positive": "0", "mesenteric_mass_cm": "",
    "lymphovascular_invasion": "false", "perineural_invasion": "false", "comment": "",
}


@pytest.fixture(autouse=True)
def _evening_in_los_angeles(settings: Any) -> Any:
    """Monday 2 March 2026, 21:00 in Los Angeles: the server's UTC date is already Tuesday 3."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    with time_machine.travel("2026-03-03 05:00:00+00:00", tick=False):
        yield


def _lab_url(patient: Any) -> str:
    return f"/workup/patients/{patient.pk}/lab/new/"


def test_a_lab_dated_tomorrow_is_refused_on_performed_on_and_keeps_what_was_typed(
        client: Client, sam: Any, pat_record: Any) -> None:
    """Chromogranin A "performed" on 3 March while it is still 2 March in Los Angeles: 400,
    the message names "Performed on" by the field and in the summary, the typed value and
    laboratory are still in the form, nothing is recorded or put on the timeline."""
    client.force_login(sam)
    response = client.post(_lab_url(pat_record), {**LAB, "performed_on": "2026-03-03"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "<li>Performed on cannot be in the future.</li>" in page
    assert '<a href="#id_performed_on">Performed on cannot be in the future.</a>' in page
    assert 'name="performed_on" value="2026-03-03"' in page
    assert 'name="value" value="112.5"' in page and 'value="City Lab"' in page
    assert not LabResult.objects.exists()
    assert not TimelineEntry.objects.filter(patient=pat_record).exists()


def test_a_lab_dated_today_in_the_program_zone_is_recorded(
        client: Client, sam: Any, pat_record: Any) -> None:
    """2 March is today in Los Angeles (though already yesterday in UTC): recorded."""
    client.force_login(sam)
    response = client.post(_lab_url(pat_record), LAB)
    assert 302 == response.status_code
    assert date(2026, 3, 2) == LabResult.objects.get(patient=pat_record).performed_on


def test_the_date_picker_offers_no_day_after_today(client: Client, sam: Any,
                                                   pat_record: Any) -> None:
    client.force_login(sam)
    page = client.get(_lab_url(pat_record)).content.decode()
    assert 'max="2026-03-02"' in page


def test_a_result_dated_before_the_patients_birth_is_refused(
        client: Client, sam: Any, pat_record: Any) -> None:
    """Pat was born on 2 April 1961; a lab of 1916 (a mistyped year) is refused on its field."""
    client.force_login(sam)
    response = client.post(_lab_url(pat_record), {**LAB, "performed_on": "1916-03-02"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert ("Performed on cannot be before the patient&#x27;s date of birth (1961-04-02)."
            in page)
    assert 'name="performed_on" value="1916-03-02"' in page
    assert not LabResult.objects.exists()


def test_a_correction_cannot_move_a_result_into_the_future(
        client: Client, sam: Any, pat_record: Any) -> None:
    """Correcting the 2 March lab to 5 March: 400 on Performed on, version 1 stays current."""
    client.force_login(sam)
    client.post(_lab_url(pat_record), LAB)
    lab = LabResult.objects.get(patient=pat_record)
    response = client.post(f"/workup/results/lab/{lab.pk}/correct/",
                           {**LAB, "performed_on": "2026-03-05", "reason": "wrong date"})
    assert 400 == response.status_code
    assert "Performed on cannot be in the future." in response.content.decode()
    assert [(1, True)] == list(LabResult.objects.values_list("version", "is_current"))


def test_more_positive_nodes_than_examined_is_refused_naming_the_field(
        client: Client, paula: Any, pat_record: Any) -> None:
    """3 positive of 2 examined: the message names the nodes, never the constraint."""
    client.force_login(paula)
    response = client.post(f"/workup/patients/{pat_record.pk}/pathology/new/",
                           {**PATHOLOGY, "nodes_examined": "2", "nodes_positive": "3"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Nodes positive cannot exceed nodes examined (3 positive, 2 examined)." in page
    assert "pathology_positive_nodes_le_examined" not in page
    assert 'name="nodes_positive" value="3"' in page and 'name="nodes_examined" value="2"' in page
    assert 'min="0"' in page
    assert not PathologyReport.objects.exists()


def test_a_capsule_endoscopy_with_a_biopsy_is_refused_on_biopsy_taken(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    response = client.post(f"/workup/patients/{pat_record.pk}/endoscopy/new/", {
        "performed_on": "2026-02-27", "kind": "capsule", "location": "small bowel",
        "biopsy_taken": "on", "findings": "Two small ileal lesions."})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Biopsy taken cannot be ticked for a capsule endoscopy" in page
    assert "endoscopy_capsule_takes_no_biopsy" not in page
    assert "Two small ileal lesions.</textarea>" in page
    assert not Endoscopy.objects.exists()


def test_a_pet_lesion_with_krenning_5_is_refused_on_its_field(
        client: Client, theo: Any, pat_record: Any) -> None:
    client.force_login(theo)
    response = client.post(f"/workup/patients/{pat_record.pk}/pet/new/", pet_form([
        {"location": "liver", "site": "segment VII", "size_mm": "18", "suv_max": "-2",
         "krenning_score": "5"}]))
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Krenning score must be 0 to 4." in page
    assert "cannot be negative." in page
    assert "pet_lesion_" not in page
    assert 'name="lesions-0-krenning_score" value="5"' in page
    assert not PetScan.objects.exists()


# --- over the API --------------------------------------------------------------------------


def _post(client: Client, url: str, token: str, body: dict[str, Any]) -> tuple[int, Any]:
    response = client.post(url, json.dumps(body), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


def test_the_api_refuses_a_lab_dated_tomorrow_naming_the_field(
        client: Client, sam: Any, pat_record: Any) -> None:
    """422 with `field` performed_on and the page's words; nothing recorded."""
    status, body = _post(client, f"/api/v1/patients/{pat_record.pk}/results/labs",
                         issue_token(sam, "tests"),
                         {"performed_on": "2026-03-03", "test": "chromogranin_a",
                          "value": 112.5, "unit": "ng/mL"})
    assert (422, "performed_on") == (status, body["field"])
    assert "performed_on: Performed on cannot be in the future." == body["detail"]
    assert not LabResult.objects.exists()


def test_the_api_refuses_impossible_pathology_numbers_by_field_not_by_constraint(
        client: Client, paula: Any, pat_record: Any) -> None:
    status, body = _post(client, f"/api/v1/patients/{pat_record.pk}/results/pathology",
                         issue_token(paula, "tests"),
                         {"performed_on": "2026-02-20", "site": "jejunum_ileum",
                          "specimen": "resection", "histology": "NET",
                          "nodes_examined": 2, "nodes_positive": 3})
    assert (422, "nodes_positive") == (status, body["field"])
    assert "Nodes positive cannot exceed nodes examined" in body["detail"]
    assert not PathologyReport.objects.exists()


def test_the_api_refuses_a_correction_into_the_future(
        client: Client, sam: Any, pat_record: Any) -> None:
    """A correction's changes arrive as JSON strings; the date is still judged."""
    token = issue_token(sam, "tests")
    status, lab = _post(client, f"/api/v1/patients/{pat_record.pk}/results/labs", token,
                        {"performed_on": "2026-03-01", "test": "chromogranin_a",
                         "value": 112.5, "unit": "ng/mL"})
    assert 201 == status
    status, body = _post(client, f"/api/v1/results/lab/{lab['id']}/corrections", token,
                         {"reason": "wrong date", "changes": {"performed_on": "2026-03-09"}})
    assert (422, "performed_on") == (status, body["field"])
    assert [(1, True)] == list(LabResult.objects.values_list("version", "is_current"))


def test_the_api_refuses_a_treatment_started_tomorrow(
        client: Client, sam: Any, pat_record: Any) -> None:
    from netcare.treatments.models import Treatment

    token = issue_token(sam, "tests")
    url = f"/api/v1/patients/{pat_record.pk}/treatments"
    status, body = _post(client, url, token, {"kind": "lanreotide", "start_on": "2026-03-03"})
    assert (422, "start_on") == (status, body["field"])
    assert "start_on: Start on cannot be in the future." == body["detail"]
    status, body = _post(client, url, token, {"kind": "surgery", "start_on": "2026-02-10",
                                              "end_on": "2026-02-01"})
    assert (422, "end_on") == (status, body["field"])
    assert "treatment_end_after_start" not in body["detail"]
    status, body = _post(client, url, token, {"kind": "lanreotide", "start_on": "2026-02-10",
                                              "interval_days": 0})
    assert (422, "interval_days: Interval (days) must be at least 1.") == (status,
                                                                         body["detail"])
    assert not Treatment.objects.exists()
