"""PostgreSQL: a kept connection is checked before each request's first query without a
round trip, and a connection the server closed is replaced instead of failing the request."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend only"),
]


@pytest.fixture(autouse=True)
def _reconnect_after_each_test() -> Iterator[None]:
    """A test that ended its own connection leaves a fresh one for the database teardown."""
    yield
    if connection.connection is not None and not connection.is_usable():
        connection.close()


def _admin_connection() -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )


def _last_query_of(pid: int) -> str:
    with _admin_connection() as admin:
        row = admin.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return row[0] if row else ""


def test_a_healthy_idle_connection_is_usable_without_a_query() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'health-check-marker'")
        pid = cursor.fetchone()[0]
    assert connection.is_usable()
    assert "health-check-marker" in _last_query_of(pid)  # no SELECT 1 went to the server


def test_a_connection_the_server_terminated_is_not_usable() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with _admin_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not connection.is_usable()


def test_a_page_after_the_server_dropped_the_connection_still_opens(
    client: Client, nora: Any, other_record: Any
) -> None:
    """The navigator's chart opens although the database ended her worker's connection."""
    client.force_login(nora)
    assert 200 == client.get(f"/patients/{other_record.pk}/").status_code
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with _admin_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)
    # What Django does when the next request starts (the test client leaves it out).
    close_old_connections()
    page = client.get(f"/patients/{other_record.pk}/")
    assert 200 == page.status_code
    assert "Other, Omar" in page.content.decode() or "Omar Other" in page.content.decode()
