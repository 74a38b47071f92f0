"""The audit trail names the zone its times are in, and they are in it: the program's zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.program import settings_store


@pytest.fixture
def fresh_program_settings() -> Iterator[None]:
    """The settings row a test writes is rolled back; this process's copy of it must go too."""
    settings_store.forget()
    yield
    settings_store.forget()


def test_the_when_column_names_the_programs_zone_and_shows_times_in_it(
        client: Client, ada: Any, rita: Any, settings: Any) -> None:
    """With the program in Tokyo, the header reads "When (Asia/Tokyo)" and an entry made at
    a UTC instant shows Tokyo's wall-clock time (nine hours ahead), not UTC's."""
    settings.PROGRAM_TIME_ZONE = "Asia/Tokyo"
    entry = AuditEntry.objects.create(user=rita, username="rita", role="referring_physician",
                                      action="netcare.referral.list_viewed")
    client.force_login(ada)
    page = client.get("/audit/", {"username": "rita"}).content.decode()
    assert "When (Asia/Tokyo)" in page and "When (UTC)" not in page
    in_tokyo = entry.occurred_at.astimezone(ZoneInfo("Asia/Tokyo"))
    in_utc = entry.occurred_at.astimezone(UTC)
    assert f'<td data-label="When (Asia/Tokyo)">{in_tokyo:%Y-%m-%d %H:%M:%S}</td>' in page
    assert f"{in_utc:%Y-%m-%d %H:%M:%S}</td>" not in page


def test_an_administrators_change_of_zone_moves_the_column_with_it(
        client: Client, ada: Any, nora: Any, fresh_program_settings: None) -> None:
    """After the program moves to Berlin in its settings, the column is Berlin's, header and
    values alike."""
    from netcare.program.actions import update_program_settings

    update_program_settings({"time_zone": "Europe/Berlin"}, by=ada)
    entry = AuditEntry.objects.create(user=nora, username="nora", role="navigator",
                                      action="netcare.referral.queue_viewed")
    client.force_login(ada)
    page = client.get("/audit/", {"username": "nora"}).content.decode()
    assert "When (Europe/Berlin)" in page
    in_berlin = entry.occurred_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert f'<td data-label="When (Europe/Berlin)">{in_berlin:%Y-%m-%d %H:%M:%S}</td>' in page


def test_roles_read_as_words(client: Client, ada: Any, rita: Any) -> None:
    """The role column says "Referring physician", not the stored `referring_physician`."""
    AuditEntry.objects.create(user=rita, username="rita", role="referring_physician",
                              action="netcare.referral.list_viewed")
    client.force_login(ada)
    page = client.get("/audit/", {"username": "rita"}).content.decode()
    assert '<td data-label="Role">Referring physician</td>' in page
    assert ">referring_physician<" not in page
