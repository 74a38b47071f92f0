"""Input the API cannot read (a wrong type, a missing field) answers like every other refusal:
422, a `detail` that names the field, `field`, and `errors` listing each field (real HTTP)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest


def _post(url: str, body: object, token: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (test server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def token(transactional_db: Any, sam: Any) -> str:
    from netcare.accounts.tokens import issue_token

    return issue_token(sam, "validation test")


def test_a_wrong_type_names_the_field(live_server: Any, token: str, other_record: Any) -> None:
    """A 5-HIAA value of "twelve" is refused on `value`, nothing is recorded."""
    from netcare.workup.models import LabResult

    status, body = _post(
        f"{live_server.url}/api/v1/patients/{other_record.pk}/results/labs",
        {"performed_on": "2026-11-02", "test": "u5hiaa_24h", "value": "twelve", "unit": "mg/24h"},
        token,
    )
    assert 422 == status
    assert "value" == body["field"]
    assert body["detail"].startswith("value: ")
    assert ["value"] == [e["field"] for e in body["errors"]]
    assert not LabResult.objects.filter(patient=other_record).exists()


def test_every_missing_field_is_listed(live_server: Any, token: str, other_record: Any) -> None:
    status, body = _post(
        f"{live_server.url}/api/v1/patients/{other_record.pk}/results/labs",
        {"value": 12},
        token,
    )
    assert 422 == status
    assert {"performed_on", "test", "unit"} <= {e["field"] for e in body["errors"]}
    assert body["field"] in {"performed_on", "test", "unit"}
