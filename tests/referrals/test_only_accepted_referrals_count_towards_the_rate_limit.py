"""The per-address limit counts referrals stored, not attempts: a person correcting their form
is never locked out by their own mistakes, while a flood of accepted referrals is still
stopped (and bots caught by the honeypot or the time stamp store nothing either way)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.referrals.models import Referral
from tests.referrals.conftest import filled_form

TOO_MANY = "Too many referrals were sent from your connection"


def test_forms_sent_back_with_mistakes_do_not_use_up_the_limit(client: Client,
                                                                db: Any) -> None:
    """Six tries without a reason, then the corrected form is accepted (default limit 5)."""
    statuses = [client.post("/referrals/new/", filled_form(client, reason="")).status_code
                for _ in range(6)]
    assert [400] * 6 == statuses
    response = client.post("/referrals/new/", filled_form(client))
    assert (302, "/referrals/thanks/") == (response.status_code, response.url)
    assert ["Rosa"] == list(Referral.objects.values_list("first_name", flat=True))


def test_accepted_referrals_from_one_address_are_still_limited(client: Client, settings: Any,
                                                               db: Any) -> None:
    """Mistakes in between do not matter; the third accepted one is refused, keeping what was
    typed, and a further form with a mistake is told about the limit too."""
    settings.REFERRAL_RATE_LIMIT = 2
    statuses = [client.post("/referrals/new/", filled_form(client, **extra)).status_code
                for extra in ({"first_name": "Rosa"}, {"phone": ""}, {"first_name": "Ada"},
                              {"first_name": "Omar"})]
    assert [302, 400, 302, 429] == statuses
    assert 2 == Referral.objects.count()
    response = client.post("/referrals/new/", filled_form(client, first_name="Ines",
                                                           reason=""))
    page = response.content.decode()
    assert 429 == response.status_code
    assert TOO_MANY in page and 'value="Ines"' in page
    assert 2 == Referral.objects.count()


def test_a_referral_whose_file_is_refused_gives_its_allowance_back(
        client: Client, settings: Any, db: Any) -> None:
    """The form passes its checks but the action refuses the upload: nothing stored, nothing
    counted."""
    settings.REFERRAL_RATE_LIMIT = 1
    bad = filled_form(client, documents=[SimpleUploadedFile("report.pdf", b"MZ not a pdf")])
    assert 400 == client.post("/referrals/new/", bad).status_code
    assert 302 == client.post("/referrals/new/", filled_form(client)).status_code
    assert 429 == client.post("/referrals/new/",
                              filled_form(client, first_name="Ines")).status_code
    assert 1 == Referral.objects.count()


def test_spam_traps_store_nothing_and_the_limit_still_holds_after_them(
        client: Client, settings: Any, db: Any) -> None:
    """A filled honeypot or a forged stamp is refused without a referral; the address keeps
    its allowance for real referrals, and no more."""
    settings.REFERRAL_RATE_LIMIT = 1
    for extra in ({"website": "http://spam.example"}, {"stamp": "1700000000:forged"}):
        assert 400 == client.post("/referrals/new/", filled_form(client, **extra)).status_code
    assert 0 == Referral.objects.count()
    assert 302 == client.post("/referrals/new/", filled_form(client)).status_code
    assert 429 == client.post("/referrals/new/",
                              filled_form(client, first_name="Ines")).status_code
    assert 1 == Referral.objects.count()
