"""A patient page reads its patient and writes its audit entry in one statement on PostgreSQL
(`access.patient_for`, `audit.log.insert_over`); the entry is the one `record` writes, on
every database, and a patient who is missing or not the viewer's gets no entry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from netcare.audit import codes
from netcare.audit.log import record
from netcare.audit.models import AuditEntry
from netcare.patients.models import Patient

pytestmark = pytest.mark.django_db

_FIELDS = ("user_id", "username", "role", "action", "patient_id", "object_type", "object_id",
           "client_address", "detail")


def _patient() -> Patient:
    return Patient.objects.create(mrn="NC0009901", first_name="Una", last_name="Logged",
                                  date_of_birth=date(1971, 7, 8), sex="female")


def test_viewing_a_chart_writes_the_entry_record_writes(nora: Any) -> None:
    patient = _patient()
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(nora)
    assert client.get(f"/patients/{patient.pk}/").status_code == 200
    viewed = AuditEntry.objects.get(action=codes.PATIENT_VIEWED)
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = nora
    record(request, codes.PATIENT_VIEWED, patient=patient, obj=patient)
    written = AuditEntry.objects.exclude(pk=viewed.pk).get(action=codes.PATIENT_VIEWED)
    for field in _FIELDS:
        assert getattr(viewed, field) == getattr(written, field), field
    assert viewed.object_id == str(patient.pk)
    assert viewed.client_address == "10.1.2.3"
    assert viewed.username == "nora"
    assert abs((written.occurred_at - viewed.occurred_at).total_seconds()) < 60


def test_on_postgresql_the_patient_and_the_entry_take_one_statement(nora: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("one statement on PostgreSQL only (SQLite has no INSERT in a WITH)")
    patient = _patient()
    client = Client()
    client.force_login(nora)
    client.get(f"/patients/{patient.pk}/")  # the body is cached now
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/patients/{patient.pk}/")
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 1
    assert inserts[0].startswith("WITH found_rows AS MATERIALIZED (SELECT")
    assert AuditEntry.objects.filter(action=codes.PATIENT_VIEWED, patient_id=patient.pk
                                     ).count() == 2


def test_a_missing_or_forbidden_patient_gets_no_entry(nora: Any, pat: Any,
                                                      other_record: Any) -> None:
    client = Client()
    client.force_login(nora)
    assert client.get("/patients/987654/").status_code == 404
    client.force_login(pat)
    assert client.get(f"/patients/{other_record.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action=codes.PATIENT_VIEWED).exists()
