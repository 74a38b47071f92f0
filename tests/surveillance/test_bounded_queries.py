"""Chart page and worklist issue a number of queries independent of the rows shown."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry
from netcare.surveillance.actions import generate_plan
from netcare.tumors.models import Tumor
from netcare.workup.actions import record_result
from netcare.workup.dates import local_noon, program_today


def _fill(patient: Any, by: Any, n: int) -> Tumor:
    for i in range(n):
        record_result("lab", patient, {"performed_on": date(2024, 1, 1) + timedelta(days=i),
                                       "test": "urine_5hiaa" if i % 2 else "chromogranin_a",
                                       "value": 5.0 + i, "unit": "mg/24h" if i % 2 else "ng/mL"},
                      by=by)
    TimelineEntry.objects.bulk_create([
        TimelineEntry(patient=patient, occurred_at=local_noon(date(2020, 1, 1)), kind="note",
                      title=f"note {i}") for i in range(n * 10)])
    tumor = Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                 t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    tumor.patient = patient
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=by)
    return tumor


@pytest.mark.parametrize("n", [3, 30])
def test_chart_queries_do_not_grow_with_rows(
    n: int, client: Client, sam: Any, pat_record: Any, django_assert_max_num_queries: Any
) -> None:
    """The chart with panels: same bound for 3 and 30 results (300 timeline entries)."""
    _fill(pat_record, sam, n)
    client.force_login(sam)
    with django_assert_max_num_queries(14):
        response = client.get(f"/patients/{pat_record.pk}/")
    page = response.content.decode()
    assert "Marker trends" in page and "<svg" in page and "<title" in page
    assert "Current problems" in page


@pytest.mark.parametrize("n", [2, 20])
def test_worklist_queries_do_not_grow_with_rows(
    n: int, client: Client, sam: Any, nora: Any, db: Any, django_assert_max_num_queries: Any
) -> None:
    """The navigator worklist shows due and overdue follow-ups in a fixed number of queries."""
    from netcare.patients.models import Patient

    for i in range(n):
        patient = Patient.objects.create(mrn=f"W{i:06d}", first_name="W", last_name=f"P{i}",
                                         date_of_birth=date(1960, 1, 1), sex="male")
        _fill(patient, sam, 1)
    client.force_login(nora)
    with django_assert_max_num_queries(7):
        response = client.get("/surveillance/worklist/")
    assert 200 == response.status_code
    assert "overdue" in response.content.decode()


def test_a_correction_is_a_new_version_and_the_old_one_stays_readable(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """Correcting a lab appends version 2 with the reason; version 1 is still shown."""
    from netcare.workup.actions import correct_result
    from netcare.workup.models import LabResult

    first = record_result("lab", pat_record, {"performed_on": date(2025, 1, 1),
                                              "test": "chromogranin_a", "value": 90.0,
                                              "unit": "ng/mL"}, by=sam)
    second = correct_result(first, {"value": 190.0}, reason="transcription error", by=sam)
    first.refresh_from_db()
    assert (False, 2, "high", first.pk) == (first.is_current, second.version, second.flag,
                                            second.supersedes_id)
    assert 2 == LabResult.objects.count()
    client.force_login(sam)
    page = client.get(f"/workup/results/lab/{first.pk}/").content.decode()
    assert "superseded" in page and "version 2" in page
