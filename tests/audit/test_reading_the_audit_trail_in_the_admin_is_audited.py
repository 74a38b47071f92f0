"""The admin's audit pages are audited as /audit/ is: its list writes "Audit viewed", and an
entry about a patient (its detail may hold their old and new details) writes it under that
patient's MRN, so reading about a patient shows in their audit list."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry


def test_the_admin_list_of_audit_entries_is_audited(client: Client, ada: Any) -> None:
    client.force_login(ada)
    assert 200 == client.get("/admin/audit/auditentry/", {"q": "nora"}).status_code
    entry = AuditEntry.objects.get(action="netcare.audit.viewed")
    assert ("ada", {"page": "admin", "q": "nora"}) == (entry.username, entry.detail)


def test_an_entry_about_a_patient_is_read_under_their_mrn(client: Client, ada: Any,
                                                          pat_record: Any) -> None:
    about_pat = AuditEntry.objects.create(
        username="nora", action="netcare.patient.updated", patient=pat_record,
        detail={"old": {"phone": "555-0142"}, "new": {"phone": "555-0199"}})
    client.force_login(ada)
    page = client.get(f"/admin/audit/auditentry/{about_pat.pk}/change/")
    assert 200 == page.status_code
    assert "Example" not in page.content.decode()  # the patient by id, not by name
    read = client.get("/audit/", {"mrn": "NC0000001"}).context["entries"]
    assert [("ada", "Audit viewed"), ("nora", "Patient updated")] == [
        (e.username, e.action_label) for e in read]
