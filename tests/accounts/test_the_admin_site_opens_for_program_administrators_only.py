"""Django's admin opens for program administrators whose account is marked staff, and for no
one else: a staff flag on a navigator or a superuser without a role opens nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from netcare.accounts.models import User
from tests.conftest import PASSWORD, _make_user


def test_a_navigator_marked_staff_is_sent_to_the_admin_sign_in(client: Client,
                                                                 nora: Any) -> None:
    nora.is_staff = True
    nora.save(update_fields=["is_staff"])
    client.force_login(nora)
    response = client.get("/admin/")
    assert 302 == response.status_code
    assert response.url.startswith("/admin/login/")
    assert 302 == client.get("/admin/accounts/user/").status_code


def test_a_superuser_without_a_role_is_sent_to_the_admin_sign_in(client: Client,
                                                                   db: Any) -> None:
    """An account made before `createsuperuser` gave the role: staff and superuser, no role."""
    root = User.objects.create_user("root", password=PASSWORD, role="", is_staff=True,
                                    is_superuser=True)
    client.force_login(root)
    assert 302 == client.get("/admin/accounts/user/").status_code


def test_the_admin_sign_in_refuses_a_physician_marked_staff(client: Client, sam: Any) -> None:
    sam.is_staff = True
    sam.save(update_fields=["is_staff"])
    page = client.post("/admin/login/", {"username": "sam", "password": PASSWORD})
    assert 200 == page.status_code
    assert "Please enter a correct username and password" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_program_administrator_marked_staff_signs_in_and_opens_the_admin(
        client: Client, ada: Any) -> None:
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "ada", "password": PASSWORD})
    assert "/admin/" == response.url
    assert 200 == client.get("/admin/").status_code


def test_a_program_administrator_not_marked_staff_is_sent_to_the_admin_sign_in(
        client: Client, db: Any) -> None:
    client.force_login(_make_user("adam", "administrator"))
    assert 302 == client.get("/admin/").status_code


def test_createsuperuser_makes_a_program_administrator_who_opens_the_admin(
        client: Client, db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--username", "owner",
                 "--email", "owner@example.org", verbosity=0)
    owner = User.objects.get(username="owner")
    assert ("administrator", True) == (owner.role, owner.is_staff)
    client.post("/admin/login/", {"username": "owner", "password": PASSWORD})
    assert 200 == client.get("/admin/").status_code
