"""The tumor page and the chart's "Current problems" name the WHO category in words ("Typical
carcinoid", not "typical_carcinoid"); a tumor loaded by the seed says it was computed from the
synthetic history's findings and that PET and CT/MRI were not its inputs (not "SSTR PET: none"
beside a chart full of PET scans)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import Patient
from netcare.synthetic import generate
from netcare.tumors.models import Tumor
from netcare.workup.actions import record_result
from netcare.workup.models import PetScan


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _inputs(page: str) -> str:
    return _text(page.split("Inputs used", 1)[1].split("</ul>", 1)[0])


def _load(site: str) -> None:
    from netcare.tumors import loaders as tumor_loaders
    from netcare.workup import loaders as workup_loaders

    histories = [h for h in generate(n_patients=300, seed=11)
                 if h.tumors and h.tumors[0].site == site][:25]
    Patient.objects.bulk_create([
        Patient(mrn=h.demographics.mrn, first_name=h.demographics.given_name,
                last_name=h.demographics.family_name, date_of_birth=h.demographics.birth_date,
                sex=h.demographics.sex, search_name="x") for h in histories])
    ids = dict(Patient.objects.values_list("mrn", "id"))
    for loader in (tumor_loaders, workup_loaders):
        loader.load(histories, ids)


@pytest.mark.django_db
def test_a_seeded_typical_carcinoid_reads_in_words_and_names_what_it_came_from(
        client: Client, sam: Any) -> None:
    _load("lung")
    with_pet = PetScan.objects.values_list("patient_id", flat=True)
    tumor = Tumor.objects.filter(category="typical_carcinoid", patient_id__in=with_pet).first()
    assert tumor is not None, "no seeded typical carcinoid with a PET scan"
    client.force_login(sam)
    page = client.get(f"/tumors/{tumor.pk}/").content.decode()
    text = _text(page)
    assert "WHO category Typical carcinoid" in text
    assert "typical_carcinoid" not in page
    inputs = _inputs(page)
    assert "Computed from the seeded (synthetic) history's own findings" in inputs
    mitoses = tumor.inputs_used["pathology"]["mitoses_per_2mm2"]
    assert f"Mitoses per 2 mm² {mitoses:g}" in inputs
    assert "SSTR PET and CT/MRI were not inputs of this computation" in inputs
    assert "SSTR PET: none" not in inputs and "report of —" not in inputs
    chart = _text(client.get(f"/patients/{tumor.patient_id}/").content.decode())
    assert "lung : Typical carcinoid" in chart


@pytest.mark.django_db
def test_a_seeded_ileal_net_keeps_its_category_and_grade_as_they_read(client: Client,
                                                                      sam: Any) -> None:
    _load("jejunum_ileum")
    tumor = Tumor.objects.filter(category="NET").exclude(grade="").first()
    assert tumor is not None
    client.force_login(sam)
    text = _text(client.get(f"/tumors/{tumor.pk}/").content.decode())
    assert f"WHO category NET Grade {tumor.grade}" in text
    assert f"Computed by netcare NET {tumor.grade}, " in text
    assert "Computed from the seeded (synthetic) history's own findings" in text


def test_a_live_tumor_still_lists_its_report_pet_and_ct(client: Client, sam: Any, theo: Any,
                                                        paula: Any, pat_record: Any) -> None:
    record_result("pet", pat_record, {"performed_on": date(2025, 3, 3), "liver_suvmax": 6.0,
                                      "spleen_suvmax": 20.0}, by=theo,
                  lesions=[{"location": "liver", "size_mm": 15, "suv_max": 25.0}])
    record_result("pathology", pat_record, {
        "performed_on": date(2025, 3, 20), "site": "lung", "specimen": "resection",
        "histology": "typical carcinoid", "differentiation": "well",
        "mitoses_per_2mm2": 1.0, "necrosis": "none", "size_cm": 1.8, "nodes_examined": 0,
        "nodes_positive": 0}, by=paula)
    tumor = Tumor.objects.get(patient=pat_record)
    assert "typical_carcinoid" == tumor.category
    client.force_login(sam)
    page = client.get(f"/tumors/{tumor.pk}/").content.decode()
    assert "Typical carcinoid" in _text(page) and "typical_carcinoid" not in page
    inputs = _inputs(page)
    assert "Pathology: report of 2025-03-20 — " in inputs
    assert "seeded" not in inputs
