"""The calculators over real HTTP against a running server, and on the staff page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.test import Client

from netcare.accounts.tokens import issue_token


def _post(url: str, body: object, token: str | None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def token(transactional_db: Any, sam: Any) -> str:
    return issue_token(sam, "tests")


def test_who_grade_over_http(live_server: Any, token: str) -> None:
    """Ki-67 12 % in a well-differentiated NET is G2."""
    status, body = _post(
        f"{live_server.url}/api/v1/calculators/who_grade",
        {"differentiation": "well", "ki67_percent": 12, "mitoses_per_2mm2": 1},
        token,
    )
    assert (200, "NET", "G2") == (status, body["category"], body["grade"])


def test_stage_over_http(live_server: Any, token: str) -> None:
    """Jejunum/ileum T2 N2 M0 is stage III."""
    status, body = _post(
        f"{live_server.url}/api/v1/calculators/ajcc8_stage",
        {"site": "jejunum_ileum", "t": "T2", "n": "N2", "m": "M0"},
        token,
    )
    assert (200, "III") == (status, body["stage"])


def test_bad_input_answers_422_naming_the_field(live_server: Any, token: str) -> None:
    """Ki-67 of 140 % is refused, and the message names ki67_percent."""
    status, body = _post(
        f"{live_server.url}/api/v1/calculators/who_grade",
        {"differentiation": "well", "ki67_percent": 140, "mitoses_per_2mm2": None},
        token,
    )
    assert 422 == status
    assert "ki67_percent" == body["field"]
    assert "ki67_percent" in body["detail"]


def test_a_t_category_the_site_lacks_answers_422(live_server: Any, token: str) -> None:
    """Pancreas has no T1a."""
    status, body = _post(
        f"{live_server.url}/api/v1/calculators/ajcc8_stage",
        {"site": "pancreas", "t": "T1a", "n": "N0", "m": "M0"},
        token,
    )
    assert (422, "t") == (status, body["field"])


def test_without_a_token_the_api_answers_401(live_server: Any, transactional_db: Any) -> None:
    """No credentials, no calculation."""
    status, _ = _post(f"{live_server.url}/api/v1/calculators/who_grade", {}, None)
    assert 401 == status


def test_unknown_calculator_answers_404(live_server: Any, token: str) -> None:
    """A name that is not a calculator is not found."""
    status, _ = _post(f"{live_server.url}/api/v1/calculators/astrology", {}, token)
    assert 404 == status


def test_staff_page_shows_result_with_inputs_and_disclaimer(client: Client, sam: Any) -> None:
    """The surgeon grades a tumor on the calculators page and sees the inputs used."""
    client.force_login(sam)
    response = client.post(
        "/calculators/",
        {
            "calculator": "who_grade",
            "who_grade-differentiation": "well",
            "who_grade-ki67_percent": "25",
            "who_grade-mitoses_per_2mm2": "",
        },
    )
    page = response.content.decode()
    assert 200 == response.status_code
    assert "G3" in page
    assert "Inputs used" in page
    assert "never replace, a clinician" in page


def test_staff_page_explains_refused_input(client: Client, sam: Any) -> None:
    """A negative activity is refused with the field named; the typed value stays."""
    client.force_login(sam)
    response = client.post(
        "/calculators/",
        {
            "calculator": "decay",
            "decay-nuclide": "Lu-177",
            "decay-activity_gbq": "-1",
            "decay-elapsed_hours": "24",
        },
    )
    page = response.content.decode()
    assert 422 == response.status_code
    assert "activity_gbq" in page
    assert 'value="-1' in page
