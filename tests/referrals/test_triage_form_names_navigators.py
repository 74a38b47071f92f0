"""The triage form offers navigators by their full names, not their usernames."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import _make_user


def test_assigned_navigator_choices_show_full_names(client: Client, nora: Any,
                                                    make_referral: Any) -> None:
    """Nora Test and Nadia Navarro are listed by name; a navigator with no name on file falls
    back to the username; the submitted value stays the user's id."""
    nadia = _make_user("nnavarro", "navigator")
    nadia.first_name, nadia.last_name = "Nadia", "Navarro"
    nadia.save()
    unnamed = _make_user("navx", "navigator")
    unnamed.first_name = unnamed.last_name = ""
    unnamed.save()
    referral = make_referral()
    client.force_login(nora)
    html = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert f'<option value="{nadia.pk}">Nadia Navarro</option>' in html
    assert f'<option value="{nora.pk}">Nora Test</option>' in html
    assert f'<option value="{unnamed.pk}">navx</option>' in html
    assert ">nnavarro<" not in html
