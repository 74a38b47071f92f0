"""Referrals over real HTTP: a referring physician submits; the navigator lists and triages."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from netcare.accounts.tokens import issue_token


def call(url: str, token: str, body: object | None = None,
         method: str = "GET") -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url, data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def tokens(transactional_db: Any, rita: Any, nora: Any, pat: Any) -> dict[str, str]:
    return {"rita": issue_token(rita, "t"), "nora": issue_token(nora, "t"),
            "pat": issue_token(pat, "t")}


BODY = {"first_name": "Ivan", "last_name": "Ileum", "date_of_birth": "1958-02-03",
        "phone": "555-0160", "reason": "Liver lesions, flushing", "symptoms": ["flushing"],
        "hereditary_syndromes": []}


def test_a_physician_submits_and_the_navigator_triages(live_server: Any,
                                                       tokens: dict[str, str]) -> None:
    """201 with reference and flags; the navigator sees it in the queue and assigns it."""
    status, body = call(f"{live_server.url}/api/v1/referrals", tokens["rita"], BODY, "POST")
    assert (201, "physician", ["carcinoid"]) == (status, body["source"],
                                                 [f["code"] for f in body["flags"]])
    status, queue = call(f"{live_server.url}/api/v1/referrals?flag=carcinoid", tokens["nora"])
    assert (200, [body["reference"]]) == (status, [r["reference"] for r in queue])
    status, triaged = call(f"{live_server.url}/api/v1/referrals/{body['id']}/triage",
                           tokens["nora"], {"status": "contacted", "assigned_to": "nora",
                                            "reason": "phoned"}, "POST")
    assert (200, "contacted", "nora") == (status, triaged["status"], triaged["assigned_to"])


def test_an_unknown_symptom_answers_422_naming_the_field(live_server: Any,
                                                         tokens: dict[str, str]) -> None:
    """Symptoms must come from the checklist."""
    status, body = call(f"{live_server.url}/api/v1/referrals", tokens["rita"],
                        {**BODY, "symptoms": ["itching"]}, "POST")
    assert (422, "symptoms") == (status, body["field"])


def test_the_queue_is_closed_to_referrers_and_patients(live_server: Any,
                                                       tokens: dict[str, str]) -> None:
    """Rita and Pat get 404 for the queue."""
    for who in ("rita", "pat"):
        assert 404 == call(f"{live_server.url}/api/v1/referrals", tokens[who])[0]
