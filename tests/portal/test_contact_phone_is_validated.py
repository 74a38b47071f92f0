"""A phone number is digits (with spaces, +, -, parentheses and an optional extension), at
least six of them: the portal's contact form, the staff registration form and the public
referral form refuse "abc" on the phone field and keep what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import Patient
from netcare.referrals.models import Referral
from netcare.validators import phone_problem

CONTACT = {"phone": "abc", "email": "pat@example.org", "address": "12 Palm Street",
           "preferred_language": "es"}
REFUSAL = "Phone: Use digits, spaces, +, - and parentheses only"


def test_a_patient_typing_abc_as_phone_is_refused_and_keeps_the_form(
        client: Client, pat: Any, pat_record: Any) -> None:
    """400, "Phone: …" by the field and in the summary, the typed values stay, the record
    keeps its old number and language."""
    client.force_login(pat)
    response = client.post("/portal/contact/", CONTACT)
    page = response.content.decode()
    assert 400 == response.status_code
    assert f"<li>{REFUSAL}" in page
    assert f'<a href="#id_phone">{REFUSAL}' in page
    assert 'name="phone" value="abc"' in page and 'value="12 Palm Street"' in page
    pat_record.refresh_from_db()
    assert ("555-0142", "en") == (pat_record.phone, pat_record.preferred_language)


def test_too_few_digits_are_refused(client: Client, pat: Any, pat_record: Any) -> None:
    client.force_login(pat)
    response = client.post("/portal/contact/", {**CONTACT, "phone": "12-34"})
    assert 400 == response.status_code
    assert "Phone: A phone number has at least 6 digits" in response.content.decode()
    pat_record.refresh_from_db()
    assert "555-0142" == pat_record.phone


def test_an_international_number_with_an_extension_is_saved(
        client: Client, pat: Any, pat_record: Any) -> None:
    client.force_login(pat)
    response = client.post("/portal/contact/", {**CONTACT, "phone": "+1 (202) 555-0142 ext. 12"})
    assert 302 == response.status_code
    pat_record.refresh_from_db()
    assert "+1 (202) 555-0142 ext. 12" == pat_record.phone


@pytest.mark.parametrize("typed", ["555-0142", "+1-202-555-0142", "(202) 555 0142",
                                   "+44 20 7946 0958", "555-0142 x7", "202.555.0142"])
def test_the_ways_people_write_phone_numbers_are_accepted(typed: str) -> None:
    assert phone_problem(typed) is None


@pytest.mark.parametrize("typed", ["abc", "call me", "555-CALL-NOW", "12345", "+", "--",
                                   "1234567890123456"])
def test_what_is_not_a_phone_number_is_refused(typed: str) -> None:
    assert phone_problem(typed) is not None


def test_staff_registration_refuses_abc_as_phone(client: Client, nora: Any) -> None:
    client.force_login(nora)
    response = client.post("/patients/new/", {
        "mrn": "nc0004711", "first_name": "Ines", "last_name": "Novak",
        "date_of_birth": "1972-08-19", "sex": "female", "phone": "abc",
        "email": "ines@example.org", "address": "", "preferred_language": "en"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert REFUSAL in page and 'name="phone" value="abc"' in page and 'value="Novak"' in page
    assert not Patient.objects.exists()


def test_the_public_referral_form_refuses_abc_as_phone(client: Client, db: Any) -> None:
    page = client.get("/referrals/new/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    response = client.post("/referrals/new/", {
        "source": "self", "first_name": "Rosa", "last_name": "Referred",
        "date_of_birth": "1970-05-06", "phone": "abc", "email": "",
        "reason": "Flushing and diarrhea", "stamp": stamp[1], "website": "",
        "referring_phone": "practice"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert REFUSAL in page and "Practice phone: Use digits" in page
    assert 'value="Rosa"' in page
    assert not Referral.objects.exists()
