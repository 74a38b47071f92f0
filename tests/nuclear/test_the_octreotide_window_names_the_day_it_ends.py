"""The octreotide LAR window (4-24 h after the infusion, REFERENCE §5) on the course page ends
the next day: its end shows that day's date, in the program's zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from netcare.nuclear.templatetags.nuclear_tags import moment_span
from tests.nuclear.conftest import LA, give_cycle


def test_the_window_ending_the_next_morning_shows_both_dates(
        course: Any, theo: Any, nina: Any, client: Client) -> None:
    """Given 2026-12-03 08:00 in Los Angeles, infusion to 08:40: LAR from 12:40 that day to
    08:40 on 4 December."""
    give_cycle(course.cycles.get(), staff=theo, physician=nina,
               when=datetime(2026, 12, 3, 8, 0, tzinfo=LA))
    client.force_login(theo)
    page = client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode()
    assert '<td data-label="Octreotide LAR window">2026-12-03 12:40 – 2026-12-04 08:40</td>' in page


def test_a_window_within_one_day_shows_its_date_once_in_the_current_zone() -> None:
    """08:40-16:40 in Los Angeles is one day there (though it crosses midnight in UTC)."""
    start = datetime(2026, 12, 3, 8, 40, tzinfo=LA)
    with timezone.override(LA):
        assert "2026-12-03 08:40 – 16:40" == moment_span((start, start + timedelta(hours=8)))
