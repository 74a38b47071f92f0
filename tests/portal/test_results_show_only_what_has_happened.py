"""The portal's "Your results" lists released entries dated up to the program's today; a
planned test or the next injection (dated later) is not a result."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry


@pytest.fixture(autouse=True)
def _evening_in_los_angeles(settings: Any) -> Any:
    """6 pm on 2 March in Los Angeles: the server's (UTC) date is already 3 March."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    settings.PROGRAM_OPENING_HOURS = {d: (time(9), time(17)) for d in range(5)}
    with time_machine.travel("2026-03-03 02:00:00+00:00", tick=False):
        yield


def _released(patient: Any, at: str, kind: str, title: str) -> None:
    TimelineEntry.objects.create(patient=patient, occurred_at=datetime.fromisoformat(at),
                                 kind=kind, title=title, released_to_patient=True)


def _results(client: Client) -> str:
    page = client.get("/portal/").content.decode()
    return page.split('id="portal-results"', 1)[1].split("</section>", 1)[0]


def test_a_planned_scan_and_the_next_injection_are_not_listed_as_results(
        client: Client, pat: Any, pat_record: Any) -> None:
    _released(pat_record, "2026-02-20T18:00:00+00:00", "lab", "Chromogranin A 85 ng/mL")
    _released(pat_record, "2026-03-20T19:00:00+00:00", "imaging", "Ga-68 DOTATATE PET planned")
    _released(pat_record, "2026-03-30T19:00:00+00:00", "treatment", "Lanreotide 120 mg due")
    client.force_login(pat)
    results = _results(client)
    assert "2026-02-20 — <strong>Chromogranin A 85 ng/mL</strong>" in results
    assert "Ga-68 DOTATATE PET planned" not in results
    assert "Lanreotide 120 mg due" not in results


def test_a_result_from_this_evening_shows_although_the_server_date_is_tomorrow(
        client: Client, pat: Any, pat_record: Any) -> None:
    """5 pm in Los Angeles on 2 March is 3 March 01:00 UTC; it happened today."""
    _released(pat_record, "2026-03-03T01:00:00+00:00", "lab", "5-HIAA 4 mg/24 h")
    # Noon tomorrow in Los Angeles: planned.
    _released(pat_record, "2026-03-03T20:00:00+00:00", "lab", "Repeat 5-HIAA planned")
    client.force_login(pat)
    results = _results(client)
    assert "5-HIAA 4 mg/24 h" in results
    assert "Repeat 5-HIAA planned" not in results


def test_a_patient_with_only_planned_entries_reads_that_nothing_is_shared_yet(
        client: Client, pat: Any, pat_record: Any) -> None:
    _released(pat_record, datetime(2026, 4, 1, 19, tzinfo=UTC).isoformat(), "imaging",
              "CT chest/abdomen planned")
    client.force_login(pat)
    results = _results(client)
    assert "CT chest/abdomen planned" not in results
    assert "No results have been shared with you yet." in results
