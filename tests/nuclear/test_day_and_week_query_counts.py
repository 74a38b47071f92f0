"""The day and week views issue a bounded number of queries, whatever the number of bookings
(2 vs 20 PET scans and PRRT cycles)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.nuclear import actions
from netcare.nuclear.models import CourseStatus, PetRequest, PetStatus, PrrtCourse, PrrtCycle
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)


def _book(n: int, patient: Any, by: Any) -> None:
    for i in range(n):
        at = actions.local_instant(MONDAY, 8 * 60 + 10 * (i % 30))
        PetRequest.objects.create(patient=patient, weight_kg=70.0, earliest_day=MONDAY,
                                  status=PetStatus.BOOKED, injection_at=at,
                                  scan_at=at + timedelta(minutes=60), scanner="PET-1",
                                  source="ga68", elution=0, created_by=by)
        course = PrrtCourse.objects.create(patient=patient, eligibility={}, created_by=by,
                                           status=CourseStatus.COMPLETED)
        PrrtCycle.objects.create(course=course, number=1, window_start=MONDAY,
                                 window_end=MONDAY + timedelta(days=14), scheduled_at=at,
                                 chair="CHAIR-1")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert 200 == client.get(url).status_code
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [f"/nuclear/day/{MONDAY}/", f"/nuclear/week/{MONDAY}/"])
def test_the_page_costs_the_same_for_2_and_20_bookings(url: str, department: Any,
                                                        pat_record: Any, theo: Any,
                                                        client: Client) -> None:
    """Same number of queries with 2 and 20 bookings of each kind, and at most 10."""
    client.login(username="theo", password=PASSWORD)
    client.get(url)  # the first page view after sign-in also saves the session
    _book(2, pat_record, theo)
    few = _count(client, url)
    _book(18, pat_record, theo)
    many = _count(client, url)
    assert few == many
    assert many <= 10
    body = client.get(url).content.decode()
    assert 40 <= body.count(pat_record.full_name)  # every PET and PRRT booking is listed
