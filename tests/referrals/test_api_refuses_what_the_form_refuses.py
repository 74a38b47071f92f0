"""The referral API refuses what the web form refuses, naming the field: a phone number that is
not one, and a date of birth after the program's today (judged on the program's calendar, not
the server's UTC date)."""

from __future__ import annotations

import json
import re
from datetime import time
from typing import Any

import pytest
from django.test import Client

from netcare.accounts.tokens import issue_token
from netcare.referrals.models import Referral

BODY = {"first_name": "Ivan", "last_name": "Ileum", "date_of_birth": "1958-02-03",
        "phone": "555-0160", "reason": "Liver lesions, flushing", "symptoms": ["flushing"],
        "hereditary_syndromes": []}


@pytest.fixture(autouse=True)
def _evening_in_los_angeles(settings: Any) -> Any:
    """Monday 2 March 2026, 21:00 in Los Angeles: the server's UTC date is already 3 March."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    settings.PROGRAM_OPENING_HOURS = {d: (time(9), time(17)) for d in range(5)}
    with time_machine.travel("2026-03-03 05:00:00+00:00", tick=False):
        yield


def _submit(client: Client, who: Any, **changes: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/api/v1/referrals", json.dumps({**BODY, **changes}),
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {issue_token(who, 't')}"})
    return response.status_code, response.json()


def test_a_phone_number_of_letters_is_refused_on_phone(client: Client, rita: Any) -> None:
    status, body = _submit(client, rita, phone="call the daughter")
    assert (422, "phone") == (status, body["field"])
    assert body["detail"].startswith("phone: use digits, spaces, +, - and parentheses only")
    assert not Referral.objects.exists()


def test_a_practice_phone_too_short_to_dial_is_refused_on_referring_phone(
        client: Client, rita: Any) -> None:
    status, body = _submit(client, rita, referring_phone="555")
    assert (422, "referring_phone") == (status, body["field"])
    assert "referring_phone: a phone number has at least 6 digits" in body["detail"]
    assert not Referral.objects.exists()


def test_a_phone_with_an_extension_is_accepted_and_kept_trimmed(client: Client,
                                                                rita: Any) -> None:
    status, body = _submit(client, rita, phone="  +1 (202) 555-0142 ext. 12 ")
    assert 201 == status
    assert "+1 (202) 555-0142 ext. 12" == Referral.objects.get(pk=body["id"]).phone


def test_a_date_of_birth_tomorrow_is_refused_on_date_of_birth(client: Client,
                                                              rita: Any) -> None:
    status, body = _submit(client, rita, date_of_birth="2026-03-03")
    assert (422, "date_of_birth") == (status, body["field"])
    assert "date_of_birth: Date of birth cannot be in the future." == body["detail"]
    assert not Referral.objects.exists()


def test_a_baby_born_this_evening_in_los_angeles_can_be_referred(client: Client,
                                                                 rita: Any) -> None:
    """2 March is today in Los Angeles although the server's date is 3 March."""
    status, body = _submit(client, rita, date_of_birth="2026-03-02")
    assert (201, "2026-03-02") == (status, body["date_of_birth"])


def _form(client: Client) -> dict[str, Any]:
    page = client.get("/referrals/new/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return {"source": "self", "first_name": "Rosa", "last_name": "Referred",
            "date_of_birth": "2026-03-02", "phone": "555-0150", "email": "",
            "preferred_contact_times": "", "reason": "Flushing", "stamp": stamp[1],
            "website": ""}


def test_the_web_form_accepts_a_birth_today_in_los_angeles(client: Client, db: Any) -> None:
    response = client.post("/referrals/new/", _form(client))
    assert (302, "/referrals/thanks/") == (response.status_code, response.url)
    assert "2026-03-02" == Referral.objects.get().date_of_birth.isoformat()


def test_the_web_form_refuses_a_birth_tomorrow_and_keeps_the_typed_date(client: Client,
                                                                        db: Any) -> None:
    response = client.post("/referrals/new/", {**_form(client), "date_of_birth": "2026-03-03"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Date of birth cannot be in the future." in page
    assert 'value="2026-03-03"' in page
    assert not Referral.objects.exists()


def test_the_web_form_refuses_a_birth_year_before_1900(client: Client, db: Any) -> None:
    response = client.post("/referrals/new/", {**_form(client), "date_of_birth": "1890-03-02"})
    assert "Date of birth is before 1900; enter a real date of birth." in (
        response.content.decode())
    assert not Referral.objects.exists()
