"""Program pages and clinic hours stay editable in the admin, and every change made there
writes an audit entry with the old and new values."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.program.models import ProgramPage
from netcare.scheduling.models import ClinicianAvailability
from tests.conftest import admin_form_data


def test_renaming_a_program_page_is_audited(client: Client, ada: Any) -> None:
    page = ProgramPage.objects.create(slug="symptoms", title="Symptoms", body="Flushing.")
    client.force_login(ada)
    url = f"/admin/program/programpage/{page.pk}/change/"
    response = client.post(url, admin_form_data(client, url, title="Symptoms of NETs"))
    assert 302 == response.status_code
    entry = AuditEntry.objects.get(action="netcare.program.page_changed")
    assert ("ada", {"old": {"title": "Symptoms"}, "new": {"title": "Symptoms of NETs"}}) == (
        entry.username, entry.detail)
    labels = [e.action_label for e in client.get("/audit/", {"username": "ada"})
              .context["entries"]]
    assert "Program page changed" in labels


def test_unpublishing_a_page_from_the_list_is_audited(client: Client, ada: Any) -> None:
    page = ProgramPage.objects.create(slug="symptoms", title="Symptoms", body="Flushing.")
    client.force_login(ada)
    response = client.post("/admin/program/programpage/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(page.pk),
        "form-0-position": "0", "_save": "Save"})
    assert 302 == response.status_code
    entry = AuditEntry.objects.get(action="netcare.program.page_changed")
    assert {"old": {"published": "True"}, "new": {"published": "False"}} == entry.detail


def test_adding_and_removing_clinic_hours_is_audited(client: Client, ada: Any,
                                                     sam: Any) -> None:
    client.force_login(ada)
    response = client.post("/admin/scheduling/clinicianavailability/add/", {
        "clinician": str(sam.pk), "weekday": "2", "on_date": "", "starts": "09:00",
        "ends": "12:00", "_save": "Save"})
    assert 302 == response.status_code
    block = ClinicianAvailability.objects.get(clinician=sam)
    assert (2, time(9), time(12)) == (block.weekday, block.starts, block.ends)
    client.post(f"/admin/scheduling/clinicianavailability/{block.pk}/delete/", {"post": "yes"})
    assert not ClinicianAvailability.objects.exists()
    assert ["netcare.availability.added", "netcare.availability.removed"] == list(
        AuditEntry.objects.filter(object_type="ClinicianAvailability")
        .order_by("id").values_list("action", flat=True))


def test_clinic_hours_are_offered_for_physicians_only(client: Client, ada: Any, sam: Any,
                                                      pat_record: Any) -> None:
    """The clinician list names no patient's account (their username is their MRN)."""
    client.force_login(ada)
    form = client.get("/admin/scheduling/clinicianavailability/add/").context["adminform"].form
    assert ["sam"] == [u.username for u in form.fields["clinician"].queryset]
