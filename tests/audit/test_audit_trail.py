"""The audit trail is append-only and administrators filter it by patient and by user."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from netcare.audit.models import AuditEntry


def test_entries_cannot_be_changed_or_deleted_through_the_model(nora: Any) -> None:
    """save() of an existing entry, delete() and queryset update/delete all raise."""
    entry = AuditEntry.objects.create(username="nora", action="netcare.patient.viewed")
    entry.action = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_updates_and_deletes(nora: Any) -> None:
    """Even raw SQL cannot rewrite history: UPDATE is refused by a trigger on SQLite and
    PostgreSQL, DELETE on PostgreSQL (see migration 0002 for why not on SQLite)."""
    AuditEntry.objects.create(username="nora", action="netcare.patient.viewed")
    statements = ["UPDATE audit_auditentry SET action = 'x'"]
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM audit_auditentry")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert ["netcare.patient.viewed"] == list(AuditEntry.objects.values_list("action", flat=True))


def test_administrator_filters_by_patient_and_by_user(
    client: Client, ada: Any, nora: Any, sam: Any, other_record: Any, pat_record: Any
) -> None:
    """Filtering by MRN shows only that patient's entries; by user only that user's."""
    for user, patient in ((nora, other_record), (sam, other_record), (sam, pat_record)):
        client.force_login(user)
        client.get(f"/patients/{patient.pk}/")
    client.force_login(ada)
    by_patient = client.get("/audit/", {"mrn": "NC0000002"}).context["entries"]
    assert {"nora", "sam"} == {e.username for e in by_patient}
    by_user = client.get("/audit/", {"username": "sam"}).context["entries"]
    assert {"NC0000001", "NC0000002"} == {e.patient.mrn for e in by_user if e.patient}


def test_only_administrators_read_the_audit_trail(client: Client, nora: Any) -> None:
    """The navigator gets 404."""
    client.force_login(nora)
    assert 404 == client.get("/audit/").status_code


def test_the_admin_offers_no_way_to_edit_or_delete(client: Client, ada: Any) -> None:
    """The admin's audit pages have no add, change or delete."""
    entry = AuditEntry.objects.create(username="nora", action="netcare.patient.viewed")
    client.force_login(ada)
    assert 403 == client.get("/admin/audit/auditentry/add/").status_code
    assert (
        403
        == client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
