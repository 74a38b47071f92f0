"""The live view's "Presented 07:36" gives the date too when the case was presented on
another day than the meeting's (in the program's time zone), so it never reads as the
meeting's morning."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase
from netcare.workup.dates import program_zone


def _presented_line(client: Client, case: Any) -> str:
    page = client.get(f"/board/meetings/{case.meeting_id}/live/?case={case.pk}").content.decode()
    return page.split('<p class="muted">Presented ')[1].split(";")[0]


@pytest.mark.parametrize(("after_start", "shown"), [
    (timedelta(minutes=6), "%H:%M"),
    (timedelta(days=1, minutes=6), "%a %Y-%m-%d %H:%M"),  # a board that ran into the next day
    # 23:00 the evening before in the program's zone (Los Angeles): the meeting's day in UTC.
    (timedelta(hours=-8, minutes=-30), "%a %Y-%m-%d %H:%M"),
])
def test_the_presentation_time_has_its_date_when_it_is_not_the_meeting_day(
    client: Client, meeting: Any, nora: Any, cora: Any, pat_record: Any,
    after_start: timedelta, shown: str,
) -> None:
    case = actions.present_case(actions.submit_case(meeting, pat_record, "Q", by=nora), by=cora)
    at = meeting.starts_at + after_start
    BoardCase.objects.filter(pk=case.pk).update(presented_at=at)
    client.force_login(cora)
    assert f"{timezone.localtime(at, program_zone()):{shown}}" == _presented_line(client, case)
