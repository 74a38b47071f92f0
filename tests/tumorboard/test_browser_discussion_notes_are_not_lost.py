"""Browser: discussion notes typed in the live meeting and not saved are not lost when the
coordinator presses another button. "Record recommendation" and "Present case" carry them
(with or without JavaScript), and "Save notes" keeps the recommendation typed; leaving
otherwise ("Record attendance", a link) asks first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase
from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD

NOTES = "Surgeon: resectable. Pathology: Ki-67 re-count on the liver biopsy."


@pytest.fixture
def live(meeting: Any, nora: Any, cora: Any, sam: Any, pat_record: Any) -> Any:
    """The coordinator on the live view of a meeting with Pat's case on the agenda."""
    return actions.submit_case(meeting, pat_record, "Surveillance or treatment?", by=nora)


def _open_live(page: Any, case: Any) -> None:
    sign_in(page, "cora", PASSWORD)
    page.goto(f"/board/meetings/{case.meeting_id}/live/?case={case.pk}")
    page.get_by_label("Discussion notes").fill(NOTES)


def _fill_recommendation(page: Any) -> None:
    from netcare.workup.dates import program_today

    page.get_by_label("Recommended action").select_option("treatment")
    page.get_by_label("Treatment (if a treatment)").select_option("lanreotide")
    page.get_by_label("Owner of the task").select_option(label="Sam Test — Physician — Surgery")
    page.get_by_label("Due date").fill(str(program_today() + timedelta(days=30)))
    page.get_by_label("Consensus recommendation").fill("Start lanreotide; CT in 3 months.")


def test_recording_the_recommendation_keeps_the_notes_typed(page: Any, live: Any) -> None:
    _open_live(page, live)
    _fill_recommendation(page)
    click_and_load(page, page.get_by_role("button", name="Record recommendation"))
    assert "owner has the task" in page.get_by_role("status").inner_text()
    assert NOTES == page.get_by_label("Discussion notes").input_value()
    assert NOTES == BoardCase.objects.get(pk=live.pk).notes


def test_saving_the_notes_keeps_the_recommendation_typed_until_it_is_recorded(
    page: Any, live: Any
) -> None:
    """Save notes does not record the recommendation half-typed beside them: it comes back
    in its fields; Record then stores it and the fields start afresh."""
    from netcare.tumorboard.models import Recommendation

    _open_live(page, live)
    _fill_recommendation(page)
    click_and_load(page, page.get_by_role("button", name="Save notes"))
    assert "Notes saved." in page.get_by_role("status").inner_text()
    assert ("Start lanreotide; CT in 3 months.", "lanreotide") == (
        page.get_by_label("Consensus recommendation").input_value(),
        page.get_by_label("Treatment (if a treatment)").input_value())
    assert not Recommendation.objects.filter(case=live).exists()
    click_and_load(page, page.get_by_role("button", name="Record recommendation"))
    assert "owner has the task" in page.get_by_role("status").inner_text()
    assert "Start lanreotide; CT in 3 months." == Recommendation.objects.get(case=live).text


def test_presenting_the_case_keeps_the_notes_typed(page: Any, live: Any) -> None:
    _open_live(page, live)
    click_and_load(page, page.get_by_role("button", name="Present case (freeze the summary)"))
    assert "frozen" in page.locator("#current").inner_text()
    assert NOTES == page.get_by_label("Discussion notes").input_value()


def test_enter_in_the_due_date_records_the_recommendation_and_the_notes(
    page: Any, live: Any
) -> None:
    """Enter presses the form's first button: the hidden Record recommendation, not Present."""
    _open_live(page, live)
    _fill_recommendation(page)
    with page.expect_navigation(wait_until="load"):
        page.get_by_label("Due date").press("Enter")
    assert "owner has the task" in page.get_by_role("status").inner_text()
    assert NOTES == BoardCase.objects.get(pk=live.pk).notes


def test_recording_attendance_with_notes_unsaved_asks_first(page: Any, live: Any) -> None:
    """The browser asks before leaving; staying keeps the page and the notes as typed."""
    _open_live(page, live)
    asked: list[str] = []

    def stay(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_label("Sam Test — Physician — Surgery").check()
    page.get_by_role("button", name="Record attendance").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert ["beforeunload"] == asked
    assert "/live/" in page.url
    assert NOTES == page.get_by_label("Discussion notes").input_value()


def test_nothing_typed_leaves_without_asking(page: Any, live: Any) -> None:
    sign_in(page, "cora", PASSWORD)
    page.goto(f"/board/meetings/{live.meeting_id}/live/?case={live.pk}")
    page.on("dialog", lambda dialog: pytest.fail(f"asked: {dialog.type}"))
    click_and_load(page, page.get_by_role("link", name="← Agenda"))
    assert f"/board/meetings/{live.meeting_id}/" in page.url


def test_without_javascript_recording_keeps_the_notes_typed(
    chromium: Any, live_server: Any, live: Any
) -> None:
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False,
                                   viewport={"width": 375, "height": 812})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _open_live(page, live)
        _fill_recommendation(page)
        click_and_load(page, page.get_by_role("button", name="Record recommendation"))
        assert NOTES == page.get_by_label("Discussion notes").input_value()
        assert NOTES == BoardCase.objects.get(pk=live.pk).notes
    finally:
        context.close()
