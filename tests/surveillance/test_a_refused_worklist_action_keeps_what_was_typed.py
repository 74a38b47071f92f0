"""A row action the worklist refuses comes back on the worklist (400) with that row showing what
the navigator typed and why, by its field; a saved action still goes back to the worklist."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.test import Client

from netcare.patients.models import Patient
from netcare.surveillance.actions import generate_plan
from netcare.surveillance.models import FollowUp
from netcare.tumors.models import Tumor
from netcare.workup.dates import program_today


def _due_follow_up(sam: Any) -> FollowUp:
    patient = Patient.objects.create(mrn="R000001", first_name="Rhea", last_name="Refused",
                                     date_of_birth=date(1960, 1, 1), sex="female")
    tumor = Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                 t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    return FollowUp.objects.filter(patient=patient, status="due").order_by("due_on").first()


def _row(page: str, follow_up_id: int) -> str:
    match = re.search(rf'<tr id="follow-up-{follow_up_id}">.*?</tr>', page, re.S)
    assert match, f"no row for follow-up {follow_up_id}"
    return match[0]


def _navigator(nora: Any) -> Client:
    client = Client()
    client.force_login(nora)
    return client


def test_completing_a_follow_up_tomorrow_shows_the_refusal_by_the_row_with_the_date_kept(
    sam: Any, nora: Any
) -> None:
    follow_up = _due_follow_up(sam)
    tomorrow = (program_today() + timedelta(days=1)).isoformat()

    response = _navigator(nora).post(f"/surveillance/follow-ups/{follow_up.pk}/",
                                     {"action": "complete", "on": tomorrow})

    assert 400 == response.status_code
    page = response.content.decode()
    row = _row(page, follow_up.pk)
    assert "Date completed cannot be in the future." in row
    assert re.search(rf'<input id="on-{follow_up.pk}" type="date" name="on" value="{tomorrow}"',
                     row)
    assert '<option value="complete" selected>' in row
    assert f'href="#follow-up-{follow_up.pk}"' in page  # the summary leads to the row
    assert f'href="#on-{follow_up.pk}"' in page  # and its error to the date
    assert "Follow-up worklist" in page and "Refused, Rhea" in page
    unchanged = FollowUp.objects.get(pk=follow_up.pk)
    assert ("due", None) == (unchanged.status, unchanged.completed_on)


def test_a_date_that_is_not_a_date_is_named_by_the_row_and_kept_as_typed(
    sam: Any, nora: Any
) -> None:
    follow_up = _due_follow_up(sam)

    response = _navigator(nora).post(f"/surveillance/follow-ups/{follow_up.pk}/",
                                     {"action": "schedule", "on": "31/02/2026"})

    assert 400 == response.status_code
    row = _row(response.content.decode(), follow_up.pk)
    assert "Date: Enter a valid date." in row
    assert 'value="31/02/2026"' in row
    assert '<option value="schedule" selected>' in row
    assert "due" == FollowUp.objects.get(pk=follow_up.pk).status


def test_the_other_rows_are_shown_as_usual_beside_the_refused_one(sam: Any, nora: Any) -> None:
    follow_up = _due_follow_up(sam)
    others = FollowUp.objects.filter(patient_id=follow_up.patient_id,
                                     status="due").exclude(pk=follow_up.pk)
    tomorrow = (program_today() + timedelta(days=1)).isoformat()

    page = _navigator(nora).post(f"/surveillance/follow-ups/{follow_up.pk}/",
                                 {"action": "complete", "on": tomorrow}).content.decode()

    shown = [o for o in others if o.due_on <= program_today() + timedelta(days=30)]
    assert shown  # the plan started 400 days ago: more than one is due
    for other in shown:
        row = _row(page, other.pk)
        assert f'<input id="on-{other.pk}" type="date" name="on" required>' in row
        assert "errorlist" not in row and " selected" not in row
    assert "\x00" not in page and 'name="csrfmiddlewaretoken"' in page


def test_a_valid_completion_still_goes_back_to_the_worklist_with_a_message(
    sam: Any, nora: Any
) -> None:
    follow_up = _due_follow_up(sam)
    client = _navigator(nora)

    response = client.post(f"/surveillance/follow-ups/{follow_up.pk}/",
                           {"action": "complete", "on": program_today().isoformat()})

    assert 302 == response.status_code
    assert "/surveillance/worklist/" == response["Location"]
    assert "Follow-up updated." in client.get(response["Location"]).content.decode()
    assert "completed" == FollowUp.objects.get(pk=follow_up.pk).status
