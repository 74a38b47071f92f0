"""Corrections released before `replaced_for_patient` existed: the migration (workup 0005)
marks the version each replaced and withdraws its timeline line from the patient, so the
portal shows only the correction; a cached chart body of the patient is not reused."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from netcare.patients.models import ChartVersion, TimelineEntry
from netcare.workup.actions import correct_result, record_result, release_result
from netcare.workup.models import LabResult


def _released_the_old_way(pat_record: Any, sam: Any) -> None:
    """v1 released, corrected twice; v3 released as netcare did before the fix (both lines
    released); v2 was never released."""
    first = record_result("lab", pat_record, {"performed_on": date(2025, 5, 2),
                                              "test": "chromogranin_a", "value": 777.0,
                                              "unit": "ng/mL"}, by=sam)
    release_result(first, by=sam)
    second = correct_result(first, {"value": 880.0}, reason="Transcription error", by=sam)
    third = correct_result(second, {"value": 888.0}, reason="Transcription error", by=sam)
    release_result(third, by=sam)
    LabResult.objects.update(replaced_for_patient=False)
    TimelineEntry.objects.filter(source_id=str(first.pk)).update(released_to_patient=True)


def test_a_version_replaced_by_a_released_correction_is_withdrawn_from_the_patient(
        transactional_db: Any, client: Client, pat: Any, pat_record: Any, sam: Any) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    _released_the_old_way(pat_record, sam)
    client.force_login(pat)
    assert "777 ng/mL" in client.get("/portal/").content.decode()
    executor = MigrationExecutor(connection)
    executor.migrate([("workup", "0004_labels_in_words")])
    version = ChartVersion.objects.get(patient_id=pat_record.pk).version
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    replaced = {r.version: r.replaced_for_patient for r in LabResult.objects.all()}
    assert {1: True, 2: False, 3: False} == replaced
    portal = client.get("/portal/").content.decode()
    assert ("777 ng/mL" in portal, "888 ng/mL" in portal) == (False, True)
    assert ChartVersion.objects.get(patient_id=pat_record.pk).version > version
