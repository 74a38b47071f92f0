"""The board series form refuses a cap of 0 cases (or a 0-minute meeting) on the field, in
words, with the typed values kept; the database constraint's name never reaches the page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.tumorboard.models import BoardSeries, Meeting

FORM = {"name": "Thursday board", "weekday": "3", "local_time": "07:30",
        "duration_minutes": "60", "case_cap": "10", "cutoff_hours": "48",
        "virtual_link": "", "weeks": "4"}


def test_a_cap_of_0_cases_is_refused_on_cases_per_meeting(client: Client, cora: Any) -> None:
    client.force_login(cora)
    response = client.post("/board/series/new/", {**FORM, "case_cap": "0"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "<li>Cases per meeting must be at least 1.</li>" in page
    assert '<a href="#id_case_cap">Cases per meeting must be at least 1.</a>' in page
    assert "board_series_cap_positive" not in page and "Constraint" not in page
    assert 'value="Thursday board"' in page and 'name="case_cap" value="0"' in page
    assert not BoardSeries.objects.exists() and not Meeting.objects.exists()


def test_the_inputs_offer_their_limits(client: Client, cora: Any) -> None:
    """The browser is told too: at least 1 case, 1 minute and 1 week."""
    client.force_login(cora)
    page = client.get("/board/").content.decode()
    for name in ("case_cap", "duration_minutes", "weeks"):
        assert f'name="{name}"' in page
        tag = page.split(f'name="{name}"')[1].split(">")[0]
        assert 'min="1"' in tag, (name, tag)


def test_a_0_minute_meeting_is_refused_on_its_duration(client: Client, cora: Any) -> None:
    client.force_login(cora)
    response = client.post("/board/series/new/", {**FORM, "duration_minutes": "0"})
    assert 400 == response.status_code
    assert "Duration (minutes) must be at least 1." in response.content.decode()
    assert not BoardSeries.objects.exists()


def test_a_valid_series_is_still_scheduled(client: Client, cora: Any) -> None:
    client.force_login(cora)
    assert 302 == client.post("/board/series/new/", FORM).status_code
    assert (10, 4) == (BoardSeries.objects.get().case_cap, Meeting.objects.count())
