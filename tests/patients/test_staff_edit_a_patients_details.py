"""Navigators and program administrators correct a patient's details on the chart's "Edit
details" page (the admin no longer offers it): the change goes through the audited action, so
the patient's audit list says who changed what; errors name their field and keep what was
typed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry

DETAILS = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1961-04-02",
           "sex": "female", "phone": "555-0142", "email": "", "address": "",
           "preferred_language": "en", "deceased_on": ""}


def test_the_administrator_changes_a_phone_number_and_the_audit_list_shows_it(
        client: Client, ada: Any, pat_record: Any) -> None:
    client.force_login(ada)
    chart = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert f'<a href="/patients/{pat_record.pk}/edit/">Edit details</a>' in chart
    page = client.get(f"/patients/{pat_record.pk}/edit/")
    assert 'value="555-0142"' in page.content.decode()
    response = client.post(f"/patients/{pat_record.pk}/edit/", {**DETAILS, "phone": "555-0199"})
    assert f"/patients/{pat_record.pk}/" == response.url
    assert "Phone 555-0199" in client.get(response.url).content.decode()
    updated = AuditEntry.objects.get(action="netcare.patient.updated")
    assert ("ada", {"old": {"phone": "555-0142"}, "new": {"phone": "555-0199"}}) == (
        updated.username, updated.detail)
    rows = [(e.username, e.action_label)
            for e in client.get("/audit/", {"mrn": "NC0000001"}).context["entries"]]
    assert ("ada", "Patient updated") in rows
    assert ("ada", "Patient viewed") in rows


def test_a_navigator_corrects_a_misspelt_name_and_search_finds_it(client: Client, nora: Any,
                                                                  other_record: Any) -> None:
    client.force_login(nora)
    client.post(f"/patients/{other_record.pk}/edit/", {
        **DETAILS, "first_name": "Omar", "last_name": "Othman", "date_of_birth": "1955-09-30",
        "sex": "male", "phone": "555-0100"})
    found = client.get("/patients/", {"q": "othman"}).content.decode()
    assert "Othman, Omar" in found


def test_a_date_of_death_before_birth_is_refused_by_its_field_keeping_what_was_typed(
        client: Client, nora: Any, pat_record: Any) -> None:
    client.force_login(nora)
    page = client.post(f"/patients/{pat_record.pk}/edit/",
                       {**DETAILS, "phone": "555-0177", "deceased_on": "1950-01-01"})
    assert 400 == page.status_code
    assert ["Date of death cannot be before the patient's date of birth (1961-04-02)."] == (
        page.context["form"].errors["deceased_on"])
    assert 'value="555-0177"' in page.content.decode()
    pat_record.refresh_from_db()
    assert ("555-0142", None) == (pat_record.phone, pat_record.deceased_on)


def test_a_date_of_death_in_the_future_is_refused(client: Client, nora: Any,
                                                  pat_record: Any) -> None:
    client.force_login(nora)
    page = client.post(f"/patients/{pat_record.pk}/edit/",
                       {**DETAILS, "deceased_on": "2999-01-01"})
    assert ["Date of death cannot be in the future."] == page.context["form"].errors[
        "deceased_on"]


def test_clearing_both_phone_and_email_is_refused_on_the_phone(client: Client, nora: Any,
                                                               pat_record: Any) -> None:
    client.force_login(nora)
    page = client.post(f"/patients/{pat_record.pk}/edit/", {**DETAILS, "phone": ""})
    assert 400 == page.status_code
    assert "phone" in page.context["form"].errors
    pat_record.refresh_from_db()
    assert "555-0142" == pat_record.phone


def test_physicians_and_patients_neither_see_nor_open_the_page(client: Client, sam: Any,
                                                               pat: Any,
                                                               pat_record: Any) -> None:
    client.force_login(sam)
    assert "Edit details" not in client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert 404 == client.get(f"/patients/{pat_record.pk}/edit/").status_code
    assert 404 == client.post(f"/patients/{pat_record.pk}/edit/",
                              {**DETAILS, "phone": "555-0199"}).status_code
    client.force_login(pat)
    assert "Edit details" not in client.get("/patients/me/").content.decode()
    assert 404 == client.get(f"/patients/{pat_record.pk}/edit/").status_code
    pat_record.refresh_from_db()
    assert "555-0142" == pat_record.phone
