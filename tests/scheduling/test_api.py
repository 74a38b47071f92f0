"""Appointments over real HTTP: the patient requests, the navigator confirms, clashes 409."""

from __future__ import annotations

from typing import Any

import pytest

from netcare.accounts.tokens import issue_token
from netcare.scheduling.models import Reminder
from tests.referrals.test_api import call


@pytest.fixture
def tokens(transactional_db: Any, pat: Any, pat_record: Any, nora: Any,
           sam_weekdays: Any) -> dict[str, str]:
    return {"pat": issue_token(pat, "t"), "nora": issue_token(nora, "t")}


def test_patient_requests_navigator_confirms_patient_lists(live_server: Any,
                                                           tokens: dict[str, str]) -> None:
    """Requested (201) → confirmed (reminder sent by the task) → in the patient's list."""
    status, body = call(f"{live_server.url}/api/v1/appointments", tokens["pat"],
                        {"clinician": "sam", "kind": "follow_up",
                         "starts_at": "2026-03-04T10:00:00-08:00"}, "POST")
    assert (201, "requested") == (status, body["status"])
    status, confirmed = call(f"{live_server.url}/api/v1/appointments/{body['id']}/confirm",
                             tokens["nora"], {}, "POST")
    assert (200, "confirmed") == (status, confirmed["status"])
    assert ["sent"] == list(Reminder.objects.values_list("status", flat=True))
    status, mine = call(f"{live_server.url}/api/v1/appointments", tokens["pat"])
    assert (200, [body["id"]]) == (status, [a["id"] for a in mine])


def test_a_clash_answers_409_and_closed_hours_422(live_server: Any,
                                                  tokens: dict[str, str]) -> None:
    """The same time twice: 409 on starts_at. Saturday: 422 on starts_at."""
    url = f"{live_server.url}/api/v1/appointments"
    request = {"clinician": "sam", "kind": "follow_up", "starts_at": "2026-03-04T10:00:00-08:00"}
    assert 201 == call(url, tokens["pat"], request, "POST")[0]
    status, body = call(url, tokens["pat"], request, "POST")
    assert (409, "starts_at") == (status, body["field"])
    status, body = call(url, tokens["pat"], {**request,
                                             "starts_at": "2026-03-07T10:00:00-08:00"}, "POST")
    assert (422, "starts_at") == (status, body["field"])


def test_a_patient_cannot_confirm(live_server: Any, tokens: dict[str, str]) -> None:
    """Confirming is staff work: 404 for the patient."""
    _, body = call(f"{live_server.url}/api/v1/appointments", tokens["pat"],
                   {"clinician": "sam", "kind": "follow_up",
                    "starts_at": "2026-03-04T10:00:00-08:00"}, "POST")
    assert 404 == call(f"{live_server.url}/api/v1/appointments/{body['id']}/confirm",
                       tokens["pat"], {}, "POST")[0]
