"""A seeded lung carcinoid is classified by the WHO thoracic rules (REFERENCE §1), as a pathology
report entered by hand would be, and cites them."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.clinical import grading
from netcare.patients.models import Patient
from netcare.synthetic import generate
from netcare.tumors.models import Tumor
from netcare.workup.models import PathologyReport


def _load_lungs() -> list[Any]:
    from netcare.tumors import loaders as tumor_loaders
    from netcare.workup import loaders as workup_loaders

    histories = [h for h in generate(n_patients=3000, seed=11) if h.tumors[0].site == "lung"]
    assert len(histories) >= 10
    Patient.objects.bulk_create([
        Patient(mrn=h.demographics.mrn, first_name=h.demographics.given_name,
                last_name=h.demographics.family_name, date_of_birth=h.demographics.birth_date,
                sex=h.demographics.sex, search_name="x") for h in histories])
    ids = dict(Patient.objects.values_list("mrn", "id"))
    for loader in (tumor_loaders, workup_loaders):
        loader.load(histories, ids)
    return histories


@pytest.mark.django_db
def test_seeded_typical_and_atypical_lung_carcinoids_have_their_category() -> None:
    histories = _load_lungs()
    by_mrn = {h.demographics.mrn: h.tumors[0] for h in histories}
    categories: dict[str, str] = {}
    for tumor in Tumor.objects.filter(site="lung").select_related("patient"):
        source = by_mrn[tumor.patient.mrn]
        categories[source.histology] = tumor.category
        assert grading.REFERENCE_LUNG in tumor.inputs_used["references"]
        assert grading.REFERENCE_WHO not in tumor.inputs_used["references"]
    assert "typical_carcinoid" == categories["typical carcinoid"]
    assert "atypical_carcinoid" == categories["atypical carcinoid"]


@pytest.mark.django_db
def test_a_seeded_typical_carcinoid_report_states_no_necrosis() -> None:
    _load_lungs()
    reports = PathologyReport.objects.filter(site="lung", histology="typical carcinoid")
    assert reports.exists()
    assert {"none"} == set(reports.values_list("necrosis", flat=True))
