"""Tumor board fixtures: a weekly board with its next meetings, and a patient with a chart."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest


def load_synthetic(n: int, seed: int = 7) -> list[Any]:
    """Load `n` synthetic patients through the areas' loaders (chart, results, treatments)."""
    from netcare.patients.models import Patient
    from netcare.surveillance import loaders as surveillance_loaders
    from netcare.synthetic import generate
    from netcare.treatments import loaders as treatment_loaders
    from netcare.tumors import loaders as tumor_loaders
    from netcare.workup import loaders as workup_loaders

    histories = list(generate(n_patients=n, seed=seed))
    Patient.objects.bulk_create([
        Patient(mrn=h.demographics.mrn, first_name=h.demographics.given_name,
                last_name=h.demographics.family_name, date_of_birth=h.demographics.birth_date,
                sex=h.demographics.sex, search_name="x") for h in histories])
    ids = dict(Patient.objects.values_list("mrn", "id"))
    for loader in (tumor_loaders, workup_loaders, treatment_loaders, surveillance_loaders):
        loader.load(histories, ids)
    return histories


@pytest.fixture
def board_patient(db: Any) -> Any:
    """A synthetic patient whose index tumor has a computed WHO grade and AJCC stage."""
    from netcare.patients.models import Patient
    from netcare.tumors.models import Tumor

    load_synthetic(12)
    tumor = (Tumor.objects.exclude(grade="").exclude(stage="").order_by("patient_id", "id")
             .first())
    assert tumor is not None
    patient = Patient.objects.get(pk=tumor.patient_id)
    patient.save()  # the loaders leave search_name as a placeholder
    return patient


@pytest.fixture
def series(cora: Any) -> Any:
    """A weekly Wednesday 07:30 board with eight meetings from next week on."""
    from netcare.tumorboard.actions import create_series
    from netcare.workup.dates import program_today

    return create_series(
        {"name": "NET board", "weekday": 2, "local_time": time(7, 30), "case_cap": 3,
         "cutoff_hours": 48, "virtual_link": "https://meet.example.org/net-board"},
        by=cora, weeks=8, start_on=program_today() + timedelta(days=7))


@pytest.fixture
def meeting(series: Any) -> Any:
    return series.meetings.order_by("starts_at").first()


def decide(case: Any, by: Any, owner: Any, **over: Any) -> Any:
    """Record a recommendation (a lanreotide treatment, due two weeks after the board)."""
    from django.utils import timezone

    from netcare.tumorboard import actions

    board = timezone.localtime(case.meeting.starts_at).date()
    data = {"follow_up_kind": "treatment", "treatment_kind": "lanreotide", "urgency": "soon",
            "owner": owner, "due_on": board + timedelta(days=14),
            "text": "Start lanreotide 120 mg every 4 weeks.", "dissent": ""}
    data.update(over)
    return actions.record_recommendation(case, data, by=by)
