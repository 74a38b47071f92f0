"""The same journey over real HTTP with a bearer token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from netcare.accounts.tokens import issue_token


def _call(method: str, url: str, token: str, body: object = None) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url, data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def tokens(transactional_db: Any, sam: Any, theo: Any, paula: Any, nora: Any,
           pat: Any) -> dict[str, str]:
    return {u.username: issue_token(u, "tests") for u in (sam, theo, paula, nora, pat)}


def test_order_pet_pathology_treatment_plan_and_portal_over_http(
    live_server: Any, tokens: dict[str, str], pat_record: Any
) -> None:
    """Order, PET, pathology → computed grade and stage; treatment; plan; the patient sees
    only the released result."""
    base = f"{live_server.url}/api/v1/patients/{pat_record.pk}"
    status, order = _call("POST", f"{base}/orders", tokens["sam"], {"kind": "pet"})
    assert 201 == status
    status, pet = _call("POST", f"{base}/results/pet", tokens["theo"], {
        "performed_on": "2025-03-03", "order_id": order["id"], "liver_suvmax": 6,
        "spleen_suvmax": 20, "lesions": [{"location": "primary", "size_mm": 18, "suv_max": 25}]})
    assert (201, 4, True) == (status, pet["computed"]["krenning_score"],
                              pet["computed"]["sstr_positive"])
    status, _ = _call("POST", f"{base}/results/pathology", tokens["paula"], {
        "performed_on": "2025-03-20", "site": "jejunum_ileum", "specimen": "resection",
        "histology": "well-differentiated NET", "differentiation": "well", "ki67_percent": 8,
        "mitoses_per_2mm2": 1, "size_cm": 1.8, "depth": "muscularis_propria",
        "margins": "negative", "nodes_examined": 14, "nodes_positive": 0})
    assert 201 == status
    status, tumors = _call("GET", f"{base}/tumors", tokens["sam"])
    assert 200 == status
    assert {"grade": "G2", "t": "T2", "n": "N0", "m": "M0", "stage": "II"} == tumors[0]["effective"]
    assert tumors[0]["inputs_used"]["pathology"]["ki67_percent"] == 8
    status, treatment = _call("POST", f"{base}/treatments", tokens["sam"], {
        "kind": "octreotide_lar", "agent": "octreotide LAR 30 mg IM", "intent": "palliative",
        "start_on": "2025-04-01"})
    assert (201, "2025-04-29") == (status, treatment["next_due_on"])
    status, plan = _call("POST", f"{base}/surveillance", tokens["nora"],
                         {"tumor_id": tumors[0]["id"], "start_on": "2025-03-18"})
    assert 201 == status and plan["follow_ups"]
    status, plans = _call("GET", f"{base}/surveillance", tokens["sam"])
    assert [plan["id"]] == [p["id"] for p in plans]

    status, lab = _call("POST", f"{base}/results/labs", tokens["sam"], {
        "performed_on": "2025-03-01", "test": "chromogranin_a", "value": 250, "unit": "ng/mL"})
    assert (201, "high") == (status, lab["computed"]["flag"])
    status, _ = _call("POST", f"{live_server.url}/api/v1/results/lab/{lab['id']}/release",
                      tokens["sam"])
    assert 200 == status
    status, seen = _call("GET", f"{base}/results", tokens["pat"])
    assert (200, [lab["id"]]) == (status, [r["id"] for r in seen])


def test_bad_pathology_answers_422_naming_the_field(
    live_server: Any, tokens: dict[str, str], pat_record: Any
) -> None:
    """Ki-67 of 140 % is refused and names ki67_percent; a surgeon may not record pathology."""
    url = f"{live_server.url}/api/v1/patients/{pat_record.pk}/results/pathology"
    body = {"performed_on": "2025-03-20", "site": "pancreas", "specimen": "biopsy",
            "histology": "NET", "ki67_percent": 140}
    status, problem = _call("POST", url, tokens["paula"], body)
    assert (422, "ki67_percent") == (status, problem["field"])
    assert 404 == _call("POST", url, tokens["sam"], body)[0]
