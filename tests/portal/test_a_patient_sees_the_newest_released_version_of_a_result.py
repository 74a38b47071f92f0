"""A patient sees one version of each result, the newest released to them, on the portal's
home, on "My tests and results" and on their chart: a correction waiting for release leaves
them the value they had, and once it is released the old value is gone and the new one says
it was corrected. Walked through the pages as the clinicians and the patient would."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from netcare.workup.models import LabResult, PathologyReport, PetScan
from tests.workup.pet_forms import pet_form

#: Today in the program's zone (America/Los_Angeles in the tests) while the tests run.
TODAY = "2026-03-03"


@pytest.fixture(autouse=True)
def _afternoon_of_3_march() -> Any:
    import time_machine

    with time_machine.travel("2026-03-03 20:00:00+00:00", tick=False):
        yield


def _items(html: str) -> list[str]:
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def _portal(client: Client) -> list[str]:
    """The lines of "Your results" on the portal's home."""
    page = client.get("/portal/").content.decode()
    return _items(page.split('id="portal-results"', 1)[1].split("</section>", 1)[0])


def _mine(client: Client) -> list[str]:
    """The lines of "Results your care team has shared" on "My tests and results"."""
    page = client.get("/workup/me/").content.decode()
    return _items(page.split('id="results-heading"', 1)[1].split("</section>", 1)[0])


def _chart(client: Client) -> str:
    return client.get("/patients/me/").content.decode()


def _post(client: Client, user: Any, url: str, data: dict[str, Any] | None = None) -> None:
    client.force_login(user)
    response = client.post(url, data or {})
    assert 302 == response.status_code, response.content.decode()[:3000]


def _lab(value: str) -> dict[str, str]:
    return {"performed_on": "2026-02-20", "test": "chromogranin_a", "value": value,
            "unit": "ng/mL", "reference_low": "", "reference_high": "", "laboratory": "",
            "diet_followed": ""}


def test_a_corrected_chromogranin_shows_the_released_value_until_the_correction_is_released(
        client: Client, sam: Any, pat: Any, pat_record: Any) -> None:
    _post(client, sam, f"/workup/patients/{pat_record.pk}/lab/new/", _lab("777"))
    first = LabResult.objects.get(patient=pat_record)
    _post(client, sam, f"/workup/results/lab/{first.pk}/release/")
    client.force_login(pat)
    assert ["2026-02-20 — Chromogranin A: 777 ng/mL (high)"] == _portal(client)
    assert ["2026-02-20 · Chromogranin A: 777 ng/mL (high)"] == _mine(client)
    assert "777" in _chart(client)  # cached now: the next views must not reuse it

    _post(client, sam, f"/workup/results/lab/{first.pk}/correct/",
          {**_lab("888"), "reason": "Transcription error"})
    second = LabResult.objects.get(patient=pat_record, version=2)
    client.force_login(pat)
    assert ["2026-02-20 — Chromogranin A: 777 ng/mL (high)"] == _portal(client)
    assert ["2026-02-20 · Chromogranin A: 777 ng/mL (high)"] == _mine(client)
    chart = _chart(client)
    assert ("777" in chart, "888" in chart) == (True, False)
    # The version they have reads as theirs: nothing says a correction is waiting.
    page = client.get(f"/workup/results/lab/{first.pk}/").content.decode()
    assert ("777" in page, "superseded" in page, "Is current" in page) == (True, False, False)
    assert 404 == client.get(f"/workup/results/lab/{second.pk}/").status_code
    listed = client.get(f"/api/v1/patients/{pat_record.pk}/results").json()
    assert [(first.pk, 1, True)] == [(r["id"], r["version"], r["is_current"]) for r in listed]

    _post(client, sam, f"/workup/results/lab/{second.pk}/release/")
    client.force_login(pat)
    assert [f"2026-02-20 — Corrected (version 2): Chromogranin A: 888 ng/mL (high): "
            f"Corrected on {TODAY}. Reason: Transcription error."] == _portal(client)
    assert [f"2026-02-20 · Chromogranin A: 888 ng/mL (high) Corrected on {TODAY}"] == (
        _mine(client))
    chart = _chart(client)
    assert ("777" in chart, "888" in chart) == (False, True)
    assert 404 == client.get(f"/workup/results/lab/{first.pk}/").status_code
    page = client.get(f"/workup/results/lab/{second.pk}/").content.decode()
    assert f"Corrected on {TODAY}." in page and "Transcription error" in page


def test_the_clinician_keeps_both_versions_on_the_chart(
        client: Client, sam: Any, pat_record: Any) -> None:
    _post(client, sam, f"/workup/patients/{pat_record.pk}/lab/new/", _lab("777"))
    first = LabResult.objects.get(patient=pat_record)
    _post(client, sam, f"/workup/results/lab/{first.pk}/release/")
    _post(client, sam, f"/workup/results/lab/{first.pk}/correct/",
          {**_lab("888"), "reason": "Transcription error"})
    second = LabResult.objects.get(patient=pat_record, version=2)
    _post(client, sam, f"/workup/results/lab/{second.pk}/release/")
    chart = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert "Chromogranin A: 777 ng/mL" in chart
    assert "Corrected (version 2): Chromogranin A: 888 ng/mL" in chart


def test_a_version_corrected_before_its_release_cannot_be_released(
        client: Client, sam: Any, pat: Any, pat_record: Any) -> None:
    """A release form left open on the old version must not put it beside the correction."""
    _post(client, sam, f"/workup/patients/{pat_record.pk}/lab/new/", _lab("777"))
    first = LabResult.objects.get(patient=pat_record)
    _post(client, sam, f"/workup/results/lab/{first.pk}/correct/",
          {**_lab("888"), "reason": "Transcription error"})
    client.force_login(sam)
    page = client.post(f"/workup/results/lab/{first.pk}/release/", follow=True)
    assert "Not released: this version was corrected; release the latest version." in (
        page.content.decode())
    second = LabResult.objects.get(patient=pat_record, version=2)
    _post(client, sam, f"/workup/results/lab/{second.pk}/release/")
    client.force_login(pat)
    assert [f"2026-02-20 — Corrected (version 2): Chromogranin A: 888 ng/mL (high): "
            f"Corrected on {TODAY}. Reason: Transcription error."] == _portal(client)
    assert [f"2026-02-20 · Chromogranin A: 888 ng/mL (high) Corrected on {TODAY}"] == (
        _mine(client))


PATHOLOGY = {
    "performed_on": "2026-02-10", "site": "jejunum_ileum", "subsite": "",
    "specimen": "resection", "histology": "well-differentiated neuroendocrine tumor",
    "differentiation": "well", "ki67_percent": "8", "mitoses_per_2mm2": "1", "necrosis": "",
    "size_cm": "1.8", "depth": "muscularis_propria", "margins": "negative",
    "nodes_examined": "14", "nodes_positive": "0", "mesenteric_mass_cm": "",
    "lymphovascular_invasion": "false", "perineural_invasion": "false", "comment": "",
}


def test_a_corrected_pathology_report_replaces_the_released_one_once_released(
        client: Client, paula: Any, pat: Any, pat_record: Any) -> None:
    _post(client, paula, f"/workup/patients/{pat_record.pk}/pathology/new/", PATHOLOGY)
    first = PathologyReport.objects.get(patient=pat_record)
    _post(client, paula, f"/workup/results/pathology/{first.pk}/release/")
    _post(client, paula, f"/workup/results/pathology/{first.pk}/correct/",
          {**PATHOLOGY, "ki67_percent": "12", "reason": "Ki-67 recounted"})
    second = PathologyReport.objects.get(patient=pat_record, version=2)
    client.force_login(pat)
    before = ["2026-02-10 — Pathology (Surgical resection): jejunum_ileum: "
              "well-differentiated neuroendocrine tumor, Ki-67 8 %"]
    assert before == _portal(client)
    assert ["2026-02-10 · Pathology (Surgical resection): jejunum_ileum"] == _mine(client)
    assert 200 == client.get(f"/workup/results/pathology/{first.pk}/").status_code

    _post(client, paula, f"/workup/results/pathology/{second.pk}/release/")
    client.force_login(pat)
    assert [f"2026-02-10 — Corrected (version 2): Pathology (Surgical resection): "
            f"jejunum_ileum: Corrected on {TODAY}. Reason: Ki-67 recounted. "
            f"well-differentiated neuroendocrine tumor, Ki-67 12 %"] == _portal(client)
    assert [f"2026-02-10 · Pathology (Surgical resection): jejunum_ileum Corrected on "
            f"{TODAY}"] == _mine(client)
    assert 404 == client.get(f"/workup/results/pathology/{first.pk}/").status_code


def test_a_corrected_pet_replaces_the_released_one_once_released(
        client: Client, theo: Any, sam: Any, pat: Any, pat_record: Any) -> None:
    lesion = [{"location": "primary", "site": "terminal ileum", "size_mm": "18",
               "suv_max": "25"}]
    _post(client, theo, f"/workup/patients/{pat_record.pk}/pet/new/",
          pet_form(lesion, total=4, performed_on="2026-02-25", impression="Ileal primary."))
    first = PetScan.objects.get(patient=pat_record)
    _post(client, sam, f"/workup/results/pet/{first.pk}/release/")
    scan = {k: v for k, v in pet_form([], performed_on="2026-02-25").items()
            if not k.startswith("lesions-")}
    _post(client, theo, f"/workup/results/pet/{first.pk}/correct/",
          {**scan, "impression": "Ileal primary and one liver lesion.",
           "reason": "Liver lesion missed"})
    second = PetScan.objects.get(patient=pat_record, version=2)
    client.force_login(pat)
    assert ["2026-02-25 — Ga-68 DOTATATE PET/CT, Krenning 4, SSTR positive: Ileal primary."] == (
        _portal(client))
    assert ["2026-02-25 · Ga-68 DOTATATE PET/CT, Krenning 4, SSTR positive"] == _mine(client)

    _post(client, sam, f"/workup/results/pet/{second.pk}/release/")
    client.force_login(pat)
    assert [f"2026-02-25 — Corrected (version 2): Ga-68 DOTATATE PET/CT, Krenning 4, SSTR "
            f"positive: Corrected on {TODAY}. Reason: Liver lesion missed. Ileal primary and "
            f"one liver lesion."] == _portal(client)
    assert [f"2026-02-25 · Ga-68 DOTATATE PET/CT, Krenning 4, SSTR positive Corrected on "
            f"{TODAY}"] == _mine(client)
