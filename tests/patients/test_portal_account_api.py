"""A navigator creates a patient's portal sign-in over the API (real HTTP, bearer token), as
with the chart's button: the one-time password is returned once, a second attempt answers 409,
and anyone else, or a patient they cannot see, gets 404."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from netcare.accounts.models import User
from netcare.accounts.tokens import issue_token
from netcare.audit.models import AuditEntry


def _create(base: str, patient_id: int, token: str) -> tuple[int, Any, str]:
    """POST .../portal-account: status, JSON body and the Cache-Control header."""
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        f"{base}/api/v1/patients/{patient_id}/portal-account",
        data=b"",
        method="POST",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return (
                response.status,
                json.loads(response.read()),
                response.headers.get("Cache-Control", ""),
            )
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), error.headers.get("Cache-Control", "")


@pytest.fixture
def tokens(
    transactional_db: Any, nora: Any, ada: Any, sam: Any, rita: Any, pat: Any
) -> dict[str, str]:
    return {u.username: issue_token(u, "t") for u in (nora, ada, sam, rita, pat)}


def test_a_navigator_gets_the_username_and_the_one_time_password_once(
    live_server: Any, tokens: dict[str, str], nora: Any, other_record: Any
) -> None:
    """201 with the MRN-derived username and a password that signs in; the patient is linked
    and must change it; the response is not cached and the audit entry holds no password."""
    status, body, cache = _create(live_server.url, other_record.pk, tokens["nora"])
    assert (201, other_record.pk, "nc0000002", True) == (
        status,
        body["patient_id"],
        body["username"],
        body["must_change_password"],
    )
    assert "no-store" in cache
    other_record.refresh_from_db()
    user = other_record.user
    assert ("nc0000002", "patient", True) == (user.username, user.role, user.must_change_password)
    assert user.check_password(body["one_time_password"])
    entry = AuditEntry.objects.get(action="netcare.account.portal_account_created")
    assert (nora, other_record.pk, {"username": "nc0000002"}) == (
        entry.user,
        entry.patient_id,
        entry.detail,
    )
    assert body["one_time_password"] not in json.dumps(
        list(AuditEntry.objects.values_list("detail", flat=True))
    )


def test_an_administrator_may_create_it_too(
    live_server: Any, tokens: dict[str, str], other_record: Any
) -> None:
    """Ada (administrator) gets 201 as well."""
    status, body, _ = _create(live_server.url, other_record.pk, tokens["ada"])
    assert (201, "nc0000002") == (status, body["username"])


def test_a_second_creation_answers_409_naming_the_user_and_changes_nothing(
    live_server: Any, tokens: dict[str, str], pat_record: Any, other_record: Any
) -> None:
    """Pat already signs in: 409 on `user`. Omar's second attempt: 409 too; his first account
    and its password stay."""
    status, body, _ = _create(live_server.url, pat_record.pk, tokens["nora"])
    assert (409, "user") == (status, body["field"])
    assert (
        "user: This patient already has a portal sign-in; no second one is made." == body["detail"]
    )
    _, first, _ = _create(live_server.url, other_record.pk, tokens["nora"])
    status, body, _ = _create(live_server.url, other_record.pk, tokens["nora"])
    assert (409, "user") == (status, body["field"])
    other_record.refresh_from_db()
    assert other_record.user.check_password(first["one_time_password"])
    assert 1 == AuditEntry.objects.filter(action="netcare.account.portal_account_created").count()


def test_a_taken_username_answers_409_naming_the_user(
    live_server: Any, tokens: dict[str, str], other_record: Any
) -> None:
    """An account named nc0000002 exists already (not Omar's): 409 on `user`, Omar stays
    without a sign-in."""
    User.objects.create_user(username="NC0000002", password="x-long-enough-9", role="navigator")
    status, body, _ = _create(live_server.url, other_record.pk, tokens["nora"])
    assert (409, "user") == (status, body["field"])
    assert "'nc0000002' is already taken" in body["detail"]
    other_record.refresh_from_db()
    assert other_record.user is None


def test_other_roles_and_missing_patients_get_404_and_nothing_is_created(
    live_server: Any, tokens: dict[str, str], other_record: Any
) -> None:
    """Sam (physician), Rita (referrer) and Pat (a patient) get 404 for Omar; Nora gets 404 for
    a patient id that does not exist. No account is made."""
    for who in ("sam", "rita", "pat"):
        assert 404 == _create(live_server.url, other_record.pk, tokens[who])[0], who
    assert 404 == _create(live_server.url, other_record.pk + 1000, tokens["nora"])[0]
    other_record.refresh_from_db()
    assert other_record.user is None
    assert not User.objects.filter(username="nc0000002").exists()


def test_without_a_token_the_answer_is_401(
    live_server: Any, tokens: dict[str, str], other_record: Any
) -> None:
    """No credentials: 401, nothing created."""
    request = urllib.request.Request(  # noqa: S310 (our own live test server)
        f"{live_server.url}/api/v1/patients/{other_record.pk}/portal-account",
        data=b"",
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert 401 == refused.value.code
    other_record.refresh_from_db()
    assert other_record.user is None
