"""Recurring board meetings: stored in UTC, generated at the same local time across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import override_settings

from netcare.tumorboard import actions
from netcare.tumorboard.models import Meeting
from netcare.workup.dates import program_zone


@pytest.fixture(autouse=True)
def _los_angeles(db: Any) -> Any:
    """The program's zone (no settings row: the environment's) is Los Angeles."""
    with override_settings(PROGRAM_TIME_ZONE="America/Los_Angeles"):
        yield


def test_a_weekly_0730_board_stays_at_0730_local_across_the_end_of_daylight_saving() -> None:
    """Wednesday 28 Oct 2026 07:30 PDT is 14:30 UTC; 4 Nov (after the switch) 07:30 PST is
    15:30 UTC."""
    instants = actions.occurrences(2, time(7, 30), start_on=date(2026, 10, 26), count=2)
    assert [datetime(2026, 10, 28, 14, 30, tzinfo=UTC),
            datetime(2026, 11, 4, 15, 30, tzinfo=UTC)] == instants
    assert [time(7, 30)] * 2 == [i.astimezone(program_zone()).time() for i in instants]


def test_the_spring_switch_keeps_the_local_time_too() -> None:
    """Around 8 Mar 2026 (PST to PDT) the UTC hour moves from 15:30 to 14:30."""
    instants = actions.occurrences(2, time(7, 30), start_on=date(2026, 3, 2), count=2)
    assert [15, 14] == [i.hour for i in instants]


def test_creating_a_series_schedules_its_meetings_with_cutoff_and_link(cora: Any) -> None:
    """Eight meetings, each with the cap, the link and a cut-off 48 h before it starts."""
    series = actions.create_series(
        {"name": "NET board", "weekday": 2, "local_time": time(7, 30), "case_cap": 10,
         "cutoff_hours": 48, "virtual_link": "https://meet.example.org/b"},
        by=cora, weeks=8, start_on=date(2026, 10, 26))
    meetings = list(series.meetings.order_by("starts_at"))
    assert 8 == len(meetings)
    assert {timedelta(hours=48)} == {m.starts_at - m.submission_cutoff for m in meetings}
    assert {"https://meet.example.org/b"} == {m.virtual_link for m in meetings}
    assert {time(7, 30)} == {m.starts_at.astimezone(program_zone()).time() for m in meetings}


def test_generating_again_keeps_existing_meetings(cora: Any) -> None:
    """Generation is idempotent: the same weeks are not scheduled twice."""
    series = actions.create_series(
        {"name": "B", "weekday": 0, "local_time": time(7, 30)}, by=cora, weeks=4,
        start_on=date(2026, 10, 26))
    again = actions.generate_meetings(series, by=cora, weeks=6, start_on=date(2026, 10, 26))
    assert (2, 6) == (len(again), series.meetings.count())


def test_the_database_refuses_the_same_series_slot_twice(cora: Any) -> None:
    """Constraint board_meeting_once_per_series_slot."""
    series = actions.create_series(
        {"name": "B", "weekday": 0, "local_time": time(7, 30)}, by=cora, weeks=1,
        start_on=date(2026, 10, 26))
    first = series.meetings.get()
    with pytest.raises(IntegrityError):
        Meeting.objects.create(series=series, title="B", starts_at=first.starts_at,
                               submission_cutoff=first.submission_cutoff)


def test_cancelling_needs_a_reason(meeting: Any, cora: Any) -> None:
    """An empty reason is refused naming the field; with one, the meeting is cancelled."""
    with pytest.raises(actions.BoardError) as error:
        actions.cancel_meeting(meeting, "  ", by=cora)
    assert "reason" == error.value.field
    actions.cancel_meeting(meeting, "Holiday", by=cora)
    meeting.refresh_from_db()
    assert ("cancelled", "Holiday") == (meeting.status, meeting.cancel_reason)
