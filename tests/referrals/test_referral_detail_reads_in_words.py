"""The navigator's view of one referral reads in words: labels not codes, no stray commas, a
status history of sentences, and a registration form that presumes nothing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.patients.models import Patient
from netcare.referrals.actions import submit_referral, triage_referral
from tests.referrals.conftest import referral_data


def _text(html: str) -> str:
    """The page's words as a reader sees them (tags dropped, spaces collapsed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_symptoms_and_syndromes_show_the_words_the_form_offered(
        client: Client, nora: Any, make_referral: Any) -> None:
    """Rectal bleeding and MEN1 read as the public form put them, never `rectal_bleeding`."""
    referral = make_referral(symptoms=["rectal_bleeding", "flushing"],
                             hereditary_syndromes=["MEN1"])
    client.force_login(nora)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Bleeding from the bottom (rectal bleeding)" in page
    assert "Facial flushing (face turns red and warm)" in page
    assert "Multiple endocrine neoplasia type 1 (MEN1)" in page
    assert "rectal_bleeding" not in page and ">MEN1<" not in page


def test_a_physician_referral_without_practice_has_no_trailing_comma(
        client: Client, nora: Any) -> None:
    """Only the parts the referrer gave are listed, joined by commas, none left dangling."""
    referral = submit_referral(referral_data(
        source="physician", referring_physician_name="Dr Ana Lopez"), by=None)
    client.force_login(nora)
    text = _text(client.get(f"/referrals/{referral.pk}/").content.decode())
    assert "Physician referral — Dr Ana Lopez " in text
    assert "Dr Ana Lopez," not in text

    full = submit_referral(referral_data(
        source="physician", referring_physician_name="Dr Ana Lopez",
        referring_practice="Harbor Clinic", referring_phone="555-0199"), by=None)
    text = _text(client.get(f"/referrals/{full.pk}/").content.decode())
    assert "Physician referral — Dr Ana Lopez, Harbor Clinic, 555-0199" in text


def test_the_status_history_reads_as_sentences(client: Client, nora: Any, rita: Any) -> None:
    """The first entry says who sent it; later ones say from → to in words, by whom, and the
    note in quotes. No "·" placeholder, no codes, no empty colon."""
    referral = submit_referral(referral_data(source="physician",
                                             referring_physician_name="Dr Rita Test"), by=rita)
    triage_referral(referral, by=nora, status="triaged", reason="Jaundice: see this week.")
    triage_referral(referral, by=nora, status="contacted")
    client.force_login(nora)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    history = _text(page.split("Status history", 1)[1].split("</section>", 1)[0])
    assert "Received (New), sent by Rita Test" in history
    assert "New → Triaged, by Nora Test: “Jaundice: see this week.”" in history
    assert "Triaged → Contacted, by Nora Test" in history
    assert "Contacted, by Nora Test:" not in history
    assert "·" not in history and "submitted" not in history and "new →" not in history


def test_an_anonymous_referral_says_it_came_through_the_public_form(
        client: Client, nora: Any, make_referral: Any) -> None:
    """Nobody signed in sent it: the history says so rather than naming "the sender"."""
    referral = make_referral()
    client.force_login(nora)
    history = _text(client.get(f"/referrals/{referral.pk}/").content.decode())
    assert "Received (New), sent through the public form" in history


def test_the_duplicate_checkbox_appears_only_once_a_duplicate_is_found(
        client: Client, nora: Any, make_referral: Any) -> None:
    """Nothing to confirm on a fresh referral; after a same-name, same-birth-date match the
    page shows the match and the checkbox to confirm a different person."""
    referral = make_referral()
    client.force_login(nora)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "confirm_not_duplicate" not in page
    assert "possible duplicate shown" not in page

    Patient.objects.create(mrn="NC0000900", first_name="Rosa", last_name="Referred",
                           date_of_birth=date(1970, 5, 6), sex="female")
    response = client.post(f"/referrals/{referral.pk}/convert/",
                           {"mrn": "NC0000901", "sex": "female"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Possible duplicate" in page
    assert 'name="confirm_not_duplicate"' in page


def test_a_confirmed_different_person_is_registered_from_the_page(
        client: Client, nora: Any, make_referral: Any) -> None:
    """Ticking the checkbox the duplicate brought up registers the new patient."""
    Patient.objects.create(mrn="NC0000900", first_name="Rosa", last_name="Referred",
                           date_of_birth=date(1970, 5, 6), sex="female")
    referral = make_referral()
    client.force_login(nora)
    response = client.post(f"/referrals/{referral.pk}/convert/", {
        "mrn": "NC0000901", "sex": "female", "confirm_not_duplicate": "on"})
    assert 302 == response.status_code
    assert 2 == Patient.objects.filter(last_name="Referred").count()


def test_no_sex_is_chosen_for_the_navigator(client: Client, nora: Any,
                                            make_referral: Any) -> None:
    """A referral does not state the sex: the select starts on "Choose…", and registering
    without choosing is refused by the field."""
    referral = make_referral()
    client.force_login(nora)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    select = page.split('name="sex"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>Choose…</option>' in select
    assert select.count("selected") == 1

    response = client.post(f"/referrals/{referral.pk}/convert/", {"mrn": "NC0000777"})
    assert 400 == response.status_code
    assert "Sex: This field is required." in _text(response.content.decode())
    assert not Patient.objects.filter(mrn="NC0000777").exists()


def test_the_header_states_status_and_priority_in_words(
        client: Client, nora: Any, make_referral: Any) -> None:
    """An urgent, new referral says "New · Urgent priority" under its reference."""
    referral = make_referral(symptoms=["jaundice"])
    client.force_login(nora)
    text = _text(client.get(f"/referrals/{referral.pk}/").content.decode())
    assert f"Referral {referral.reference} New · Urgent priority · received" in text
