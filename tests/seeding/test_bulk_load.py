"""`netcare.db` bulk writes: COPY text escaping, and the index / foreign-key rebuild of a seed
into empty tables (PostgreSQL)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import TIMELINE_FIELDS, load_cohort
from netcare.patients.models import Patient, TimelineEntry
from netcare.workup.models import ImagingStudy


@pytest.mark.django_db
def test_insert_rows_keeps_tabs_newlines_backslashes_nulls_and_booleans() -> None:
    """Awkward text, NULLs and booleans come back exactly as given."""
    pid = reserve_ids(Patient, 1)
    insert_rows(Patient, ["id", "mrn", "first_name", "last_name", "search_name", "date_of_birth",
                          "sex", "deceased_on"],
                [(pid, "MRN\\1", "Tab\there", "New\nline", "x", date(1960, 2, 29), "female",
                  None)])
    first = reserve_ids(TimelineEntry, 2)
    at = datetime(2024, 3, 1, 20, 15, 30, 123456, tzinfo=UTC)
    insert_rows(TimelineEntry, ["id", *TIMELINE_FIELDS], [
        (first, pid, at, "lab", "a\\tb \\N \\\\ {x}", "line\r\nend", "s", "7", True),
        (first + 1, pid, at, "note", "", "", "", "", False),
    ])
    patient = Patient.objects.get(pk=pid)
    assert ("MRN\\1", "Tab\there", "New\nline", None) == (
        patient.mrn, patient.first_name, patient.last_name, patient.deceased_on)
    rows = list(TimelineEntry.objects.filter(patient=patient).order_by("id").values_list(
        "occurred_at", "title", "summary", "released_to_patient"))
    assert [(at, "a\\tb \\N \\\\ {x}", "line\r\nend", True), (at, "", "", False)] == rows


@pytest.mark.django_db
def test_insert_rows_writes_nullable_numbers_and_json_defaults() -> None:
    """A NULL float and the JSON default of a column not given."""
    pid = reserve_ids(Patient, 1)
    insert_rows(Patient, ["id", "mrn", "first_name", "last_name", "search_name",
                          "date_of_birth", "sex"],
                [(pid, "M-2", "A", "B", "b a", date(1970, 1, 1), "male")])
    insert_rows(ImagingStudy, ["patient", "performed_on", "modality", "hepatic_metastases",
                               "primary_size_cm", "impression"],
                [(pid, date(2024, 1, 2), "ct", True, None, "ok"),
                 (pid, date(2024, 1, 3), "mri", False, 2.5, "")])
    assert [(None, True), (2.5, False)] == list(
        ImagingStudy.objects.filter(patient_id=pid).order_by("performed_on")
        .values_list("primary_size_cm", "hepatic_metastases"))


def _schema() -> tuple[set[str], list[tuple[str, bool]], list[tuple[str, str]]]:
    """Indexes, foreign keys (validated?) and triggers (enabled: 'O') of the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f' "
                       "ORDER BY 1")
        keys = cursor.fetchall()
        cursor.execute("SELECT tgrelid::regclass::text, tgenabled::text FROM pg_trigger "
                       "WHERE NOT tgisinternal ORDER BY 1, 2")
        return indexes, keys, cursor.fetchall()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: COPY, forked loaders")
@pytest.mark.parametrize("mode", ["rebuild", "rebuild+keys"])
def test_a_parallel_seed_into_empty_tables_ends_with_every_index_and_foreign_key(
    mode: str,
) -> None:
    """Indexes (and foreign keys) dropped for the load are all back, keys validated; the
    chart version triggers switched off for the load are on again."""
    before = _schema()
    out = io.StringIO()
    figures = load_cohort(120, seed=5, out=out, chunk=40, workers=2, indexes=mode)
    assert 120 == Patient.objects.count()
    assert figures["indexes_rebuilt"] > 0
    assert (figures["foreign_keys_revalidated"] > 0) == (mode == "rebuild+keys")
    assert before == _schema()
    assert all(valid for _, valid in before[1])
    assert ("patients_timelineentry", "O") in before[2]
    assert "done in" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: COPY, forked loaders")
def test_a_parallel_seed_into_loaded_tables_keeps_the_indexes() -> None:
    """With rows already there nothing is dropped (indexes_rebuilt 0)."""
    load_cohort(40, seed=6, out=io.StringIO(), chunk=20, workers=2)
    figures = load_cohort(40, seed=6, start_index=40, out=io.StringIO(), chunk=20, workers=2)
    assert 0 == figures["indexes_rebuilt"] == figures["foreign_keys_revalidated"]
    assert 80 == Patient.objects.count()
