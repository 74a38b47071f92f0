"""The board pages: scheduling a series from the form, metrics, and who may open what."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.tumorboard.models import BoardSeries
from tests.conftest import PASSWORD


def test_the_coordinator_schedules_a_series_from_the_form(client: Client, cora: Any) -> None:
    """A valid form schedules four meetings; a bad time keeps what was typed and names it."""
    client.login(username="cora", password=PASSWORD)
    form = {"name": "Thursday board", "weekday": "3", "local_time": "07:30",
            "duration_minutes": "60", "case_cap": "10", "cutoff_hours": "48",
            "virtual_link": "", "weeks": "4"}
    assert 302 == client.post("/board/series/new/", form).status_code
    assert 4 == BoardSeries.objects.get(name="Thursday board").meetings.count()
    response = client.post("/board/series/new/", {**form, "local_time": "25:99"})
    assert 400 == response.status_code
    assert "Local time:" in response.content.decode()
    assert 'value="Thursday board"' in response.content.decode()


def test_metrics_and_live_view_open_for_the_coordinator_only(
    client: Client, meeting: Any, cora: Any, sam: Any
) -> None:
    """The coordinator sees metrics and the live view; a surgeon gets 404 for both."""
    client.login(username="cora", password=PASSWORD)
    assert 200 == client.get("/board/metrics/").status_code
    assert 200 == client.get(f"/board/meetings/{meeting.pk}/live/").status_code
    client.login(username="sam", password=PASSWORD)
    assert 404 == client.get("/board/metrics/").status_code
    assert 404 == client.get(f"/board/meetings/{meeting.pk}/live/").status_code
    assert 200 == client.get(f"/board/meetings/{meeting.pk}/").status_code


def test_the_chart_shows_the_board_panel(
    client: Client, meeting: Any, nora: Any, pat_record: Any
) -> None:
    """The patient's chart (staff view) has the tumor board panel with a submit link."""
    client.login(username="nora", password=PASSWORD)
    body = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert "Submit to the tumor board" in body
