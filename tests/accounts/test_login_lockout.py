"""Sign-in locks an account after repeated failures and unlocks after the lock-out time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from netcare.audit.models import AuditEntry
from tests.conftest import PASSWORD


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_correct_password_signs_in_and_lands_on_the_role_home(client: Client, nora: Any) -> None:
    """The navigator signs in and is sent to the referral queue."""
    response = _login(client, "nora", PASSWORD)
    assert 302 == response.status_code
    assert "/referrals/" == client.get("/accounts/home/").url


def test_five_wrong_passwords_lock_the_account(client: Client, nora: Any) -> None:
    """After five failures even the right password is refused, with a message saying why."""
    for _ in range(5):
        assert 200 == _login(client, "nora", "wrong-password").status_code
    response = _login(client, "nora", PASSWORD)
    assert 200 == response.status_code
    assert "locked for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    actions = list(AuditEntry.objects.filter(user=nora).values_list("action", flat=True))
    assert 5 == actions.count("netcare.account.login_failed")
    assert 1 == actions.count("netcare.account.locked")


def test_the_lock_ends_after_fifteen_minutes(client: Client, nora: Any) -> None:
    """Sixteen minutes later the right password works again and the count is reset."""
    for _ in range(5):
        _login(client, "nora", "wrong-password")
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert 302 == _login(client, "nora", PASSWORD).status_code
    nora.refresh_from_db()
    assert (0, None) == (nora.failed_logins, nora.locked_until)


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(
    client: Client, nora: Any
) -> None:
    """The sign-in page does not reveal which usernames exist."""
    unknown = _login(client, "nobody", "x").content.decode()
    wrong = _login(client, "nora", "x").content.decode()
    assert "Please enter a correct username and password" in unknown
    assert "Please enter a correct username and password" in wrong


def test_password_change_requires_the_old_password(client: Client, nora: Any) -> None:
    """A wrong old password is refused with a message naming the field; a right one works."""
    client.force_login(nora)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "a-new-long-secret-1",
            "new_password2": "a-new-long-secret-1",
        },
    )
    assert 200 == response.status_code
    assert "Old password" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-secret-1",
            "new_password2": "a-new-long-secret-1",
        },
    )
    assert 302 == response.status_code
    nora.refresh_from_db()
    assert nora.check_password("a-new-long-secret-1")


def test_signing_out_ends_the_session(client: Client, nora: Any) -> None:
    """After signing out the patient list asks for a sign-in again."""
    client.force_login(nora)
    client.post("/accounts/logout/")
    assert client.get("/patients/").url.startswith("/accounts/login/")


def test_the_admin_sign_in_locks_out_too(client: Client, ada: Any) -> None:
    """The administration site's sign-in is no way around the lock-out."""
    for _ in range(5):
        client.post("/admin/login/", {"username": "ada", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "ada", "password": PASSWORD})
    assert "locked for 15 minutes" in response.content.decode()
