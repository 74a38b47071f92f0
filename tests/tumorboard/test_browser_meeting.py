"""Browser: the coordinator builds an agenda, runs the meeting, records a recommendation; the
owner sees the task; the case PDF renders with stage and grade."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD
from tests.tumorboard.pdfcheck import pdf_text


def test_a_coordinator_runs_a_board_and_the_owner_sees_the_task(
    page: Any, meeting: Any, board_patient: Any, sam: Any, paula: Any, nora: Any
) -> None:
    """A case in a few clicks: agenda, attendance, presentation, recommendation, task, PDF."""
    from netcare.tumors.models import Tumor
    from netcare.workup.dates import program_today

    tumor = Tumor.objects.filter(patient=board_patient).order_by("created_at", "id").first()

    # The coordinator lands on the board and opens the next meeting.
    sign_in(page, "cora", PASSWORD)
    assert "/board/" in page.url
    assert "Tumor board" in page.get_by_role("heading", level=1).inner_text()
    click_and_load(page, page.locator(f'a[href="/board/meetings/{meeting.pk}/"]'))

    # Prepare the case: record number, question, presenter. Nothing else is typed.
    page.get_by_label("Patient's medical record number").fill(board_patient.mrn)
    page.get_by_label("Clinical question for the board").fill("Surveillance or treatment?")
    page.get_by_label("Presenting physician").select_option(label="Sam Test — Physician — Surgery")
    click_and_load(page, page.get_by_role("button", name="Submit case"))
    assert "is on the agenda" in page.get_by_role("status").inner_text()
    assert board_patient.full_name in page.locator("ol.agenda").inner_text()

    # The live meeting: attendance with the quorum check.
    click_and_load(page, page.get_by_role("link", name="Run the meeting (live view)"))
    page.get_by_label("Sam Test — Physician — Surgery").check()
    page.get_by_label("Paula Test — Physician — Pathology").check()
    click_and_load(page, page.get_by_role("button", name="Record attendance"))
    assert "No quorum" in page.locator("#quorum").inner_text()
    assert "missing: Medical oncology, Gastroenterology" in page.locator("#quorum").inner_text()

    # Present (freeze the summary) and record the consensus.
    click_and_load(page, page.get_by_role("button", name="Present case (freeze the summary)"))
    assert "frozen" in page.locator("#current").inner_text()
    page.get_by_label("Recommended action").select_option("treatment")
    page.get_by_label("Treatment (if a treatment)").select_option("lanreotide")
    page.get_by_label("Owner of the task").select_option(label="Sam Test — Physician — Surgery")
    page.get_by_label("Due date").fill(str(program_today() + timedelta(days=30)))
    page.get_by_label("Consensus recommendation").fill("Start lanreotide; CT in 3 months.")
    page.get_by_label("Dissent (who and why)").fill("Pathology would wait for a second biopsy.")
    click_and_load(page, page.get_by_role("button", name="Record recommendation"))
    assert "owner has the task" in page.get_by_role("status").inner_text()
    assert "Start lanreotide" in page.locator("#reco-heading + dl").inner_text()

    # The PDF of the case renders and names the stage and the grade.
    case_link = page.get_by_role("link", name="PDF")
    response = page.request.get(case_link.get_attribute("href"))
    assert ("application/pdf", b"%PDF") == (response.headers["content-type"], response.body()[:4])
    text = pdf_text(response.body())
    assert f"WHO grade {tumor.effective('grade')}" in text
    assert f"stage {tumor.effective('stage')}" in text

    # The owner signs in and finds the task on the page they land on, then the full list.
    page.context.clear_cookies()
    sign_in(page, "sam", PASSWORD)
    landing = page.locator("#home-board-tasks").inner_text()
    assert "Your board tasks" in landing and board_patient.full_name in landing
    click_and_load(page, page.get_by_role("link", name="My board tasks").first)
    tasks = page.locator("main").inner_text()
    assert board_patient.full_name in tasks
    assert "Start lanreotide" in tasks
    assert "open" in tasks
