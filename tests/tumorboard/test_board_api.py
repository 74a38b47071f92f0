"""The tumor board JSON API over real HTTP with a bearer token (same actions as the pages)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from netcare.accounts.tokens import issue_token


def _call(url: str, token: str | None, body: object = None) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url, data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def tokens(transactional_db: Any, nora: Any, cora: Any, pat: Any) -> dict[str, str]:
    return {u.username: issue_token(u, "tests") for u in (nora, cora, pat)}


def test_a_case_goes_from_submission_to_recommendation_over_http(
    live_server: Any, tokens: dict[str, str], meeting: Any, pat_record: Any, sam: Any
) -> None:
    """List meetings, submit, read the summary (snapshot + options), record the consensus."""
    base = f"{live_server.url}/api/v1/board"
    status, meetings = _call(f"{base}/meetings", tokens["nora"])
    assert 200 == status and meeting.pk in [m["id"] for m in meetings]

    status, case = _call(f"{base}/meetings/{meeting.pk}/cases", tokens["nora"],
                         {"patient_id": pat_record.pk, "question": "Workup?",
                          "presenter_id": sam.pk})
    assert (201, 1) == (status, case["position"])

    status, summary = _call(f"{base}/cases/{case['id']}/summary", tokens["nora"])
    assert (200, False) == (status, summary["frozen"])
    assert "a clinician decides" in summary["decision_support"]["disclaimer"]
    assert "as_of" in summary["snapshot"]

    board = timezone.localtime(meeting.starts_at).date()
    status, reco = _call(f"{base}/cases/{case['id']}/recommendation", tokens["cora"],
                         {"follow_up_kind": "workup", "owner_id": sam.pk,
                          "due_on": str(board + timedelta(days=10)),
                          "text": "Ga-68 DOTATATE PET, then re-discuss."})
    assert (201, sam.pk, str(board)) == (status, reco["owner_id"], reco["board_date"])
    status, summary = _call(f"{base}/cases/{case['id']}/summary", tokens["nora"])
    assert (200, True) == (status, summary["frozen"])


def test_errors_name_the_field_and_forbidden_is_not_found(
    live_server: Any, tokens: dict[str, str], meeting: Any, pat_record: Any, sam: Any
) -> None:
    """A duplicate submission is 422 naming patient_id; a navigator may not record the
    consensus (404); a patient may not list meetings (404); no token is 401."""
    base = f"{live_server.url}/api/v1/board"
    body = {"patient_id": pat_record.pk, "question": "Q"}
    assert 201 == _call(f"{base}/meetings/{meeting.pk}/cases", tokens["nora"], body)[0]
    status, problem = _call(f"{base}/meetings/{meeting.pk}/cases", tokens["nora"], body)
    assert (422, "patient_id") == (status, problem["field"])
    status, _ = _call(f"{base}/cases/1/recommendation", tokens["nora"],
                      {"follow_up_kind": "workup", "owner_id": sam.pk, "due_on": "2030-01-01",
                       "text": "x"})
    assert 404 == status
    assert 404 == _call(f"{base}/meetings", tokens["pat"])[0]
    assert 401 == _call(f"{base}/meetings", None)[0]
