"""A session stays alive while it is used and ends after 30 idle minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def test_using_the_session_keeps_it_alive(client: Client, nora: Any, other_record: Any) -> None:
    """Pages opened every 20 minutes for an hour keep the navigator signed in."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(nora)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert 200 == client.get(f"/patients/{other_record.pk}/").status_code


def test_thirty_idle_minutes_end_the_session(client: Client, nora: Any, other_record: Any) -> None:
    """After 31 minutes without a request the chart asks for a sign-in again."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(nora)
        client.get(f"/patients/{other_record.pk}/")
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(f"/patients/{other_record.pk}/")
    assert 302 == response.status_code
    assert response.url.startswith("/accounts/login/")


def test_pages_within_a_minute_do_not_rewrite_the_session(
    client: Client, nora: Any, other_record: Any
) -> None:
    """Only the first of two quick page views saves the session (no UPDATE on every page)."""
    client.force_login(nora)
    client.get(f"/patients/{other_record.pk}/")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/patients/{other_record.pk}/")
    assert [] == [
        q["sql"] for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
    ]
