"""With NETCARE_CACHE_URL the server processes share a Redis: chart bodies and sessions live
there, and a session signed out in one process is gone for all (a real Redis on 6379)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings

REDIS_URL = os.environ.get("NETCARE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
pytestmark = pytest.mark.skipif(
    not _CI and not _redis_answers(), reason="no Redis on 127.0.0.1:6379 (required under CI)"
)

SHARED = {
    "CACHES": {
        "default": {
            "BACKEND": "netcare.config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"netcare-test-{os.getpid()}",
        }
    },
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
}


@pytest.fixture
def shared_cache() -> Iterator[Any]:
    from django.core.cache import caches

    with override_settings(**SHARED):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_values_round_trip_through_one_reused_client(shared_cache: Any) -> None:
    shared_cache.set("chart-body:x", "<section>Ki-67 3 %</section>")
    assert "<section>Ki-67 3 %</section>" == shared_cache.get("chart-body:x")
    client = shared_cache._cache.get_client()
    assert client is shared_cache._cache.get_client()
    shared_cache.delete("chart-body:x")
    assert shared_cache.get("chart-body:x") is None


@pytest.mark.django_db
def test_a_chart_body_cached_in_redis_shows_a_new_entry(
    shared_cache: Any, client: Client, nora: Any, other_record: Any
) -> None:
    from datetime import UTC, datetime

    from netcare.patients.models import TimelineEntry

    client.force_login(nora)
    client.get(f"/patients/{other_record.pk}/")
    assert any(key for key in shared_cache._cache.get_client().keys("*chart-body*"))
    TimelineEntry.objects.create(
        patient=other_record,
        kind="lab",
        title="CgA 95 ng/mL",
        occurred_at=datetime(2026, 5, 1, 17, 0, tzinfo=UTC),
    )
    assert "CgA 95 ng/mL" in client.get(f"/patients/{other_record.pk}/").content.decode()


@pytest.mark.django_db
def test_a_signed_out_session_is_refused(shared_cache: Any, nora: Any) -> None:
    browser = Client()
    browser.force_login(nora)
    cookie = browser.cookies["sessionid"].value
    assert 200 == browser.get("/patients/").status_code
    browser.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert 302 == replay.get("/patients/").status_code  # to the sign-in page


@pytest.mark.django_db
def test_pages_work_while_redis_is_down(nora: Any, other_record: Any) -> None:
    """Nothing listens on port 6390: sessions come from the database, the chart is rendered,
    signing out works."""
    from django.core.cache import caches

    down = {
        "CACHES": {
            "default": {
                **SHARED["CACHES"]["default"],
                "LOCATION": "redis://127.0.0.1:6390/0",
                "OPTIONS": {"socket_connect_timeout": 0.5},
            }
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    }
    with override_settings(**down):
        assert caches["default"].get("anything") is None
        browser = Client()
        browser.force_login(nora)
        page = browser.get(f"/patients/{other_record.pk}/")
        assert 200 == page.status_code
        assert "Other, Omar" in page.content.decode()
        cookie = browser.cookies["sessionid"].value
        assert 302 == browser.post("/accounts/logout/").status_code
        replay = Client()
        replay.cookies["sessionid"] = cookie
        assert 302 == replay.get("/patients/").status_code  # signed out: to the sign-in page
