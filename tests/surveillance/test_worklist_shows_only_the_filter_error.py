"""A worklist filter that cannot be read shows its error, and not "Nothing due." as if the
list had been searched."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_a_bad_window_shows_the_error_and_not_nothing_due(client: Client, nora: Any) -> None:
    client.force_login(nora)
    response = client.get("/surveillance/worklist/", {"within_days": "-3"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Due within (days): Ensure this value is greater than or equal to 0." in page
    assert 'name="within_days" value="-3"' in page
    assert "Nothing due." not in page


def test_an_empty_worklist_still_says_nothing_due(client: Client, nora: Any) -> None:
    client.force_login(nora)
    response = client.get("/surveillance/worklist/", {"within_days": "30"})
    assert 200 == response.status_code
    assert "Nothing due." in response.content.decode()
