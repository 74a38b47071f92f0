"""When the time check refuses a form sent too quickly, the fields' own mistakes are listed
with it, so the person corrects everything in one go."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from netcare.referrals.models import Referral
from tests.referrals.conftest import filled_form


def test_the_phone_or_email_error_comes_with_the_too_quickly_error(
        client: Client, settings: Any, db: Any) -> None:
    settings.REFERRAL_FORM_MIN_SECONDS = 3
    response = client.post("/referrals/new/", filled_form(client, phone="", reason=""))
    page = html.unescape(response.content.decode())
    assert 400 == response.status_code
    assert "The form was sent too quickly; please check it and send it again." in page
    assert "Phone: give a phone number or an email address" in page
    assert "Reason for referral: This field is required." in page
    assert 0 == Referral.objects.count()


def test_a_physician_referral_without_the_physician_is_named_with_the_honeypot_refusal(
        client: Client, db: Any) -> None:
    response = client.post("/referrals/new/", filled_form(
        client, source="physician", website="http://spam.example"))
    page = html.unescape(response.content.decode())
    assert "The form could not be sent." in page
    assert "Referring physician (physicians only): name the referring physician" in page
