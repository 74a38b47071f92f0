"""A recommendation half-typed in the live view's case form stays in its fields when the
coordinator presses "Save notes" or "Present case" (which do not record it); "Record
recommendation" stores it and the fields start afresh."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netcare.tumorboard import actions
from netcare.tumorboard.models import Recommendation
from netcare.workup.dates import program_zone

NOTES = "Surgeon: resectable."
TEXT = "Start lanreotide 120 mg every 4 weeks."


@pytest.fixture
def case(meeting: Any, nora: Any, pat_record: Any) -> Any:
    return actions.submit_case(meeting, pat_record, "Surveillance or treatment?", by=nora)


def _typed(case: Any, owner: Any) -> dict[str, Any]:
    board = timezone.localtime(case.meeting.starts_at, program_zone()).date()
    return {"follow_up_kind": "treatment", "treatment_kind": "lanreotide", "option_code": "",
            "urgency": "urgent", "owner": owner.pk, "due_on": str(board + timedelta(days=21)),
            "text": TEXT, "dissent": "Oncology would wait.", "notes": NOTES}


def _recommendation_fields(page: str) -> str:
    return page.split('id="reco-form-heading"')[1].split("</section>")[0]


def _shows_as_typed(fields: str, case: Any, owner: Any) -> None:
    board = timezone.localtime(case.meeting.starts_at, program_zone()).date()
    assert f">\n{TEXT}</textarea>" in fields
    assert ">\nOncology would wait.</textarea>" in fields
    assert f'value="{board + timedelta(days=21)}"' in fields
    for value in ("treatment", "lanreotide", "urgent", str(owner.pk)):
        assert f'value="{value}" selected' in fields


@pytest.mark.parametrize("button", ["notes", "present"])
def test_the_recommendation_typed_stays_in_its_fields_after_another_button(
    client: Client, case: Any, cora: Any, sam: Any, button: str
) -> None:
    client.force_login(cora)
    response = client.post(f"/board/cases/{case.pk}/{button}/", _typed(case, sam))
    assert 302 == response.status_code
    assert not Recommendation.objects.filter(case=case).exists()
    page = client.get(response["Location"]).content.decode()
    _shows_as_typed(_recommendation_fields(page), case, sam)
    assert f">\n{NOTES}</textarea>" in page


def test_recording_stores_the_recommendation_and_forgets_what_was_typed(
    client: Client, case: Any, cora: Any, sam: Any
) -> None:
    client.force_login(cora)
    client.post(f"/board/cases/{case.pk}/notes/", _typed(case, sam))
    response = client.post(f"/board/cases/{case.pk}/recommendation/", _typed(case, sam))
    assert 302 == response.status_code
    assert (TEXT, "urgent") == tuple(
        Recommendation.objects.filter(case=case).values_list("text", "urgency").get())
    assert {} == client.session.get("tumorboard.reco_drafts")


def test_what_was_typed_for_one_case_is_not_offered_for_another(
    client: Client, case: Any, meeting: Any, cora: Any, nora: Any, sam: Any
) -> None:
    from datetime import date

    from netcare.patients.models import Patient

    olga = Patient.objects.create(mrn="NC0000002", first_name="Olga", last_name="Other",
                                  date_of_birth=date(1970, 1, 1), sex="female")
    other = actions.submit_case(meeting, olga, "Next step?", by=nora)
    client.force_login(cora)
    client.post(f"/board/cases/{case.pk}/notes/", _typed(case, sam))
    page = client.get(f"/board/meetings/{meeting.pk}/live/?case={other.pk}").content.decode()
    assert TEXT not in _recommendation_fields(page)
