"""The bulk loaders take synthetic histories; the snapshot is built in bounded queries."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.patients.models import Patient, TimelineEntry
from netcare.surveillance.models import FollowUp
from netcare.synthetic import generate
from netcare.treatments.models import Treatment
from netcare.tumors.models import Tumor
from netcare.tumors.snapshot_builder import snapshot_for
from netcare.workup.models import LabResult, PathologyReport, PetScan


def _load(n: int) -> list[Any]:
    from netcare.surveillance import loaders as surveillance_loaders
    from netcare.treatments import loaders as treatment_loaders
    from netcare.tumors import loaders as tumor_loaders
    from netcare.workup import loaders as workup_loaders

    histories = list(generate(n_patients=n, seed=7))
    Patient.objects.bulk_create([
        Patient(mrn=h.demographics.mrn, first_name=h.demographics.given_name,
                last_name=h.demographics.family_name, date_of_birth=h.demographics.birth_date,
                sex=h.demographics.sex, search_name="x") for h in histories])
    ids = dict(Patient.objects.values_list("mrn", "id"))
    for loader in (tumor_loaders, workup_loaders, treatment_loaders, surveillance_loaders):
        loader.load(histories, ids)
    return histories


@pytest.mark.django_db
def test_loaders_write_rows_and_timeline_entries_without_per_row_queries(
    django_assert_max_num_queries: Any,
) -> None:
    """200 synthetic patients load in a few dozen statements, each area with its timeline."""
    with django_assert_max_num_queries(60):
        _load(200)
    assert Tumor.objects.exclude(grade="", category="").exists()
    assert PetScan.objects.exists() and LabResult.objects.exists()
    assert PathologyReport.objects.exists() and Treatment.objects.exists()
    assert FollowUp.objects.exists()
    kinds = set(TimelineEntry.objects.values_list("kind", flat=True))
    assert {"diagnosis", "pet", "lab", "pathology", "treatment", "follow_up"} <= kinds


@pytest.mark.django_db
def test_the_snapshot_of_every_loaded_patient_is_valid_in_bounded_queries(
    django_assert_max_num_queries: Any,
) -> None:
    """A snapshot per patient, each in at most 10 queries, whatever the record's size."""
    _load(60)
    for patient in Patient.objects.all():
        with django_assert_max_num_queries(10):
            snapshot = snapshot_for(patient)
        assert snapshot.as_of is not None
        assert len(snapshot.tumors) == Tumor.objects.filter(patient=patient).count()
