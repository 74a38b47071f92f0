"""The series form sent back with an error shows the board home as it is: the meetings already
scheduled and the overdue recommendations, not "No meetings scheduled" (which would invite
scheduling the same board twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from netcare.tumorboard import actions
from netcare.workup.dates import program_zone
from tests.tumorboard.conftest import decide
from tests.tumorboard.test_series_form_names_the_field import FORM


def test_a_refused_series_still_lists_the_meetings_and_the_overdue_tasks(
    client: Client, series: Any, nora: Any, cora: Any, sam: Any, pat_record: Any,
    time_machine: Any,
) -> None:
    first, *later = list(series.meetings.order_by("starts_at"))
    decide(actions.submit_case(first, pat_record, "Next step?", by=nora), cora, sam)
    time_machine.move_to(first.starts_at + timedelta(days=20))  # two weeks due: overdue
    client.force_login(cora)
    response = client.post("/board/series/new/", {**FORM, "case_cap": "0"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Cases per meeting must be at least 1." in page
    assert "No meetings scheduled." not in page and "No tasks." not in page
    upcoming = next(m for m in later if m.starts_at > timezone.now())
    when = timezone.localtime(upcoming.starts_at, program_zone())
    assert f'href="/board/meetings/{upcoming.pk}/">{when:%a %Y-%m-%d %H:%M}</a>' in page
    overdue = page.split('id="overdue-heading"')[1].split("</section>")[0]
    assert "Pat Example" in overdue and "overdue" in overdue
