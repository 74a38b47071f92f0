"""Navigators register patients; bad input is refused naming the field and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.patients.models import Patient

FORM = {
    "mrn": "nc0004711",
    "first_name": "Ines",
    "last_name": "Novak",
    "date_of_birth": "1972-08-19",
    "sex": "female",
    "phone": "555-0177",
    "email": "ines@example.org",
    "address": "",
    "preferred_language": "en",
}


def test_navigator_registers_a_patient(client: Client, nora: Any) -> None:
    """The new chart opens; the MRN is stored upper-case; an audit entry is written."""
    client.force_login(nora)
    response = client.post("/patients/new/", FORM)
    patient = Patient.objects.get()
    assert f"/patients/{patient.pk}/" == response.url
    assert "NC0004711" == patient.mrn
    assert AuditEntry.objects.filter(action="netcare.patient.created", patient=patient).exists()


def test_a_future_birth_date_is_refused_and_the_form_keeps_the_input(
    client: Client, nora: Any
) -> None:
    """400, the message names the field, the typed name is still in the form, nothing saved."""
    client.force_login(nora)
    response = client.post("/patients/new/", {**FORM, "date_of_birth": "2999-01-01"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "<li>Date of birth cannot be in the future.</li>" in page
    assert 'value="Novak"' in page
    assert 0 == Patient.objects.count()


def test_same_name_and_birth_date_needs_confirmation(client: Client, nora: Any) -> None:
    """A possible duplicate is shown; confirming registers the second person."""
    client.force_login(nora)
    client.post("/patients/new/", FORM)
    response = client.post("/patients/new/", {**FORM, "mrn": "NC0004712"})
    assert 400 == response.status_code
    assert "Possible duplicate" in response.content.decode()
    assert 1 == Patient.objects.count()
    client.post("/patients/new/", {**FORM, "mrn": "NC0004712", "confirm_not_duplicate": "on"})
    assert 2 == Patient.objects.count()


def test_a_taken_mrn_is_refused_naming_the_field(client: Client, nora: Any) -> None:
    """The same MRN for another person is refused by the unique constraint."""
    client.force_login(nora)
    client.post("/patients/new/", FORM)
    response = client.post("/patients/new/", {**FORM, "first_name": "Other"})
    assert 400 == response.status_code
    assert "Medical record number: Patient with this Medical record number already exists" in (
        response.content.decode()
    )
    assert 1 == Patient.objects.count()


def test_physician_cannot_register_patients(client: Client, sam: Any) -> None:
    """Registration is the navigator's: the surgeon gets 404 and nothing is saved."""
    client.force_login(sam)
    assert 404 == client.post("/patients/new/", FORM).status_code
    assert 0 == Patient.objects.count()
