"""A referring physician's system that retries a referral after a lost answer sends the same
Idempotency-Key: the retry answers 201 with the referral the first request stored, and stores
nothing more. Another key, or none, is another referral; so is a different body."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from netcare.accounts.tokens import issue_token
from netcare.referrals.models import Referral
from tests.referrals.test_api import BODY


def _post(url: str, token: str, body: dict[str, Any], key: str | None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url, data=json.dumps(body).encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_retry_with_the_same_key_answers_the_first_referral(
        live_server: Any, transactional_db: Any, rita: Any) -> None:
    """Ivan's referral sent three times with one key: three 201s naming one referral."""
    url, token = f"{live_server.url}/api/v1/referrals", issue_token(rita, "t")
    answers = [_post(url, token, BODY, "3f1c2a9e-ivan") for _ in range(3)]
    referral = Referral.objects.get()
    assert [(201, referral.pk, referral.reference)] * 3 == [
        (status, body["id"], body["reference"]) for status, body in answers]


def test_other_keys_no_key_or_another_body_are_referrals_of_their_own(
        live_server: Any, transactional_db: Any, rita: Any) -> None:
    url, token = f"{live_server.url}/api/v1/referrals", issue_token(rita, "t")
    sent = [_post(url, token, BODY, "key-1"), _post(url, token, BODY, "key-2"),
            _post(url, token, BODY, None), _post(url, token, BODY, None),
            _post(url, token, {**BODY, "first_name": "Ines"}, "key-1")]
    assert [201] * 5 == [status for status, _body in sent]
    assert 5 == len({body["reference"] for _status, body in sent})
    assert ["Ines", "Ivan", "Ivan", "Ivan", "Ivan"] == sorted(
        Referral.objects.values_list("first_name", flat=True))


def test_a_key_longer_than_200_characters_is_refused_naming_the_header(
        live_server: Any, transactional_db: Any, rita: Any) -> None:
    status, body = _post(f"{live_server.url}/api/v1/referrals", issue_token(rita, "t"), BODY,
                         "k" * 201)
    assert (422, "Idempotency-Key") == (status, body["field"])
    assert "Idempotency-Key: at most 200 characters" == body["detail"]
    assert not Referral.objects.exists()
