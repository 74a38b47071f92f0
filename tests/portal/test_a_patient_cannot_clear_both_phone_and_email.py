"""A patient keeps at least one way for the program to reach them: clearing both the phone and
the email is refused by the portal's contact page and by the action behind it, with what was
typed kept and the record unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.patients.actions import update_patient_contact

REFUSAL = "Phone: Give a phone number or an email address so the program can reach you."


def test_a_patient_clearing_both_phone_and_email_is_refused_and_keeps_the_form(
        client: Client, pat: Any, pat_record: Any) -> None:
    client.force_login(pat)
    response = client.post("/portal/contact/", {
        "phone": "", "email": "", "address": "12 Palm Street", "preferred_language": "es"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert f'<a href="#id_phone">{REFUSAL}</a>' in page
    assert f"<li>{REFUSAL}</li>" in page
    assert "Your contact details are saved." not in page
    assert 'value="12 Palm Street"' in page and '<option value="es" selected>' in page
    pat_record.refresh_from_db()
    assert ("555-0142", "", "", "en") == (pat_record.phone, pat_record.email,
                                           pat_record.address, pat_record.preferred_language)


def test_a_patient_swapping_their_phone_for_an_email_is_saved(
        client: Client, pat: Any, pat_record: Any) -> None:
    client.force_login(pat)
    response = client.post("/portal/contact/", {
        "phone": "", "email": "pat@example.org", "address": "", "preferred_language": "en"})
    assert 302 == response.status_code
    pat_record.refresh_from_db()
    assert ("", "pat@example.org") == (pat_record.phone, pat_record.email)


def test_the_action_refuses_to_clear_the_last_way_to_reach_a_patient(
        nora: Any, pat_record: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        update_patient_contact(pat_record, {"phone": "", "email": ""}, by=nora)
    assert {"phone": ["Give a phone number or an email address so the program can reach "
                      "you."]} == refused.value.message_dict
    pat_record.refresh_from_db()
    assert "555-0142" == pat_record.phone
    assert not AuditEntry.objects.filter(patient=pat_record).exists()


def test_a_record_registered_without_either_can_still_change_its_address(
        nora: Any, other_record: Any) -> None:
    other_record.phone, other_record.email = "", ""
    other_record.save(update_fields=["phone", "email"])
    update_patient_contact(other_record, {"phone": "", "email": "", "address": "4 Elm Road"},
                           by=nora)
    other_record.refresh_from_db()
    assert "4 Elm Road" == other_record.address
