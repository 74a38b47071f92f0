"""The discussion notes typed in the live view go with "Present case" and "Record
recommendation" (one form for the case), stored in the same transaction as the action; a
refused recommendation stores neither and comes back with the notes as typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netcare.audit.models import AuditEntry
from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase, Recommendation
from netcare.workup.dates import program_zone

NOTES = "Surgeon: resectable. Pathology: Ki-67 re-count on the liver biopsy."


@pytest.fixture
def case(meeting: Any, nora: Any, pat_record: Any) -> Any:
    return actions.submit_case(meeting, pat_record, "Surveillance or treatment?", by=nora)


def _recommendation(case: Any, owner: Any, **over: Any) -> dict[str, Any]:
    board = timezone.localtime(case.meeting.starts_at, program_zone()).date()
    return {"follow_up_kind": "treatment", "treatment_kind": "lanreotide", "option_code": "",
            "urgency": "routine", "owner": owner.pk, "due_on": board + timedelta(days=14),
            "text": "Start lanreotide 120 mg every 4 weeks.", "dissent": "", **over}


def test_recording_the_recommendation_stores_the_notes_typed_beside_it(
    client: Client, case: Any, cora: Any, sam: Any
) -> None:
    client.force_login(cora)
    response = client.post(f"/board/cases/{case.pk}/recommendation/",
                           {**_recommendation(case, sam), "notes": NOTES})
    assert 302 == response.status_code
    case.refresh_from_db()
    assert (NOTES, "decided") == (case.notes, case.status)
    assert Recommendation.objects.filter(case=case).exists()
    page = client.get(response["Location"]).content.decode()
    assert f">\n{NOTES}</textarea>" in page
    assert 1 == AuditEntry.objects.filter(action="netcare.board.case_notes").count()


def test_presenting_the_case_stores_the_notes_typed_before(
    client: Client, case: Any, cora: Any
) -> None:
    client.force_login(cora)
    assert 302 == client.post(f"/board/cases/{case.pk}/present/",
                              {"notes": NOTES}).status_code
    case.refresh_from_db()
    assert (NOTES, "presented") == (case.notes, case.status)


def test_a_refused_recommendation_stores_nothing_and_keeps_what_was_typed(
    client: Client, case: Any, cora: Any, sam: Any
) -> None:
    """Due before the board: refused inside the transaction that presented the case and wrote
    the notes, so neither stays; the page comes back with the notes and the text as typed."""
    client.force_login(cora)
    early = case.meeting.starts_at.date() - timedelta(days=3)
    response = client.post(f"/board/cases/{case.pk}/recommendation/",
                           {**_recommendation(case, sam, due_on=early), "notes": NOTES})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "must be on or after the board date" in page
    assert f">\n{NOTES}</textarea>" in page
    assert "Start lanreotide 120 mg every 4 weeks.</textarea>" in page
    # The page came back at the form's address: its case links still open the live view.
    assert f'href="/board/meetings/{case.meeting_id}/live/?case={case.pk}#current"' in page
    stored = BoardCase.objects.get(pk=case.pk)
    assert ("", "submitted", None) == (stored.notes, stored.status, stored.snapshot)


def test_save_notes_present_and_record_are_buttons_of_one_form(
    client: Client, case: Any, cora: Any
) -> None:
    """The live page sends the notes with each of the three buttons; Enter records (the
    first submit button is Record recommendation, hidden)."""
    client.force_login(cora)
    page = client.get(f"/board/meetings/{case.meeting_id}/live/?case={case.pk}").content.decode()
    form = page.split('<form id="case-form"')[1].split("</form>")[0]
    assert 'name="notes"' in form
    buttons = [b.split(">")[0] for b in form.split("<button")[1:]]
    assert [f'type="submit" formaction="/board/cases/{case.pk}/recommendation/" hidden',
            f'type="submit" formaction="/board/cases/{case.pk}/present/" formnovalidate',
            'type="submit" formnovalidate',
            f'type="submit" formaction="/board/cases/{case.pk}/recommendation/"'] == [
                b.strip() for b in buttons]
