"""The nuclear-medicine JSON API over real HTTP with a bearer token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from netcare.accounts.tokens import issue_token
from tests.nuclear.conftest import ELIGIBLE, GOOD_LABS


def _call(url: str, token: str, body: object | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url, data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def token(transactional_db: Any, theo: Any) -> str:
    return issue_token(theo, "tests")


def test_a_cycle_runs_over_the_api(live_server: Any, token: str, pat_record: Any,
                                   nina: Any) -> None:
    """Start a course, record labs (the table's suggestion), the physician decides, order a
    dose; activities carry GBq, mCi and a time. The technologist may not decide: 404."""
    base = f"{live_server.url}/api/v1/nuclear"
    status, course = _call(f"{base}/patients/{pat_record.pk}/prrt/courses", token, {
        "facts": ELIGIBLE, "first_window_start": "2026-12-01", "baseline_creatinine": 1.0,
        "baseline_creatinine_unit": "mg/dL"})
    assert 201 == status, course
    cycle_id = course["cycles"][0]["id"]
    status, cycle = _call(f"{base}/cycles/{cycle_id}/labs", token,
                          {"labs_on": "2026-11-20", "labs": GOOD_LABS})
    assert (200, "give_full", None) == (status, cycle["suggestion"]["action"],
                                        cycle["decision"])
    decision = {"action": "give_full", "reason": ""}
    status, _ = _call(f"{base}/cycles/{cycle_id}/dose-decision", token, decision)
    assert 404 == status
    status, cycle = _call(f"{base}/cycles/{cycle_id}/dose-decision",
                          issue_token(nina, "tests"), decision)
    assert (200, "give_full", 7.4, nina.pk) == (
        status, cycle["decision"]["action"], cycle["decision"]["activity_gbq"],
        cycle["decided_by_id"])
    status, order = _call(f"{base}/cycles/{cycle_id}/dose-orders", token, {
        "calibration_gbq": 8.2, "calibration_at": "2026-12-01T08:00:00+00:00",
        "planned_at": "2026-12-02T08:00:00+00:00"})
    assert 201 == status, order
    assert 7.388 == pytest.approx(order["at_planned"]["gbq"], abs=1e-3)
    assert 199.7 == pytest.approx(order["at_planned"]["mci"], abs=0.1)
    assert "2026-12-02T08:00:00+00:00" == order["at_planned"]["reference_time"]
    assert [] == order["warnings"]


def test_bad_input_answers_422_naming_the_field(live_server: Any, token: str,
                                                pat_record: Any) -> None:
    """Ki-67 of 140 % is refused and the message names ki67_percent."""
    status, body = _call(f"{live_server.url}/api/v1/nuclear/patients/{pat_record.pk}/prrt/"
                         "courses", token, {"facts": {**ELIGIBLE, "ki67_percent": 140},
                                            "first_window_start": "2026-12-01"})
    assert (422, "ki67_percent") == (status, body["field"])


def test_a_refused_plan_edit_answers_409_naming_the_constraint(
        live_server: Any, token: str, pat_record: Any, department: Any) -> None:
    """POST a plan, then move a PET to 06:00: 409 with constraint opening-hours."""
    from netcare.accounts.models import User
    from netcare.nuclear.actions import request_pet

    request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": "2026-11-30"},
                by=User.objects.get(username="theo"))
    base = f"{live_server.url}/api/v1/nuclear"
    status, plan = _call(f"{base}/plans", token, {"start": "2026-11-30", "days": 2})
    assert (201, "proposed") == (status, plan["status"]), plan
    ref = plan["assignments"][0]["ref"]
    status, body = _call(f"{base}/plans/{plan['id']}/edits", token, {
        "action": "move", "ref": ref, "day": "2026-11-30", "at": "06:00", "resource": "PET-1"})
    assert 409 == status
    assert "opening-hours" in {v["constraint"] for v in body["violations"]}
    status, accepted = _call(f"{base}/plans/{plan['id']}/accept", token, {})
    assert (200, "accepted") == (status, accepted["status"])


def test_the_api_refuses_a_navigator(live_server: Any, nora: Any, pat_record: Any) -> None:
    """Not nuclear medicine: 404, same as a missing patient."""
    status, _ = _call(f"{live_server.url}/api/v1/nuclear/plans", issue_token(nora, "t"),
                      {"start": "2026-11-30", "days": 2})
    assert 404 == status
