"""A navigator who filtered the worklist gets the same filtered worklist back after a row
action, saved or refused. Before, the row's form did not carry the filter, and the page came
back with the default one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.test import Client

from netcare.surveillance.models import FollowUp
from netcare.workup.dates import program_today
from tests.surveillance.plans import planned_tumor


def _overdue_and_coming(sam: Any) -> tuple[FollowUp, FollowUp]:
    """An overdue follow-up, and another due in 20 days (on the default 30-day list only)."""
    patient = planned_tumor(sam, mrn="K000001", first_name="Kai", last_name="Kept").patient
    overdue = FollowUp.objects.filter(patient=patient, due_on__lt=program_today()).first()
    coming = FollowUp.objects.filter(patient=patient, due_on__gt=program_today()).first()
    assert overdue is not None and coming is not None
    coming.due_on = program_today() + timedelta(days=20)
    coming.save(update_fields=["due_on"])
    return overdue, coming


def _filtered_form(client: Client, follow_up: FollowUp) -> dict[str, str]:
    """The hidden fields of the follow-up's row form on the 'overdue only' worklist."""
    page = client.get("/surveillance/worklist/?overdue=on").content.decode()
    row = re.search(rf'<tr id="follow-up-{follow_up.pk}">.*?</tr>', page, re.S)
    assert row is not None
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', row[0]))


def test_a_refused_action_returns_the_worklist_as_it_was_filtered(sam: Any, nora: Any) -> None:
    overdue, coming = _overdue_and_coming(sam)
    client = Client()
    client.force_login(nora)
    hidden = _filtered_form(client, overdue)
    assert "on" == hidden["overdue"]
    tomorrow = (program_today() + timedelta(days=1)).isoformat()
    response = client.post(f"/surveillance/follow-ups/{overdue.pk}/",
                           {**hidden, "action": "complete", "on": tomorrow})
    assert 400 == response.status_code
    page = response.content.decode()
    assert re.search(r'<input type="checkbox" name="overdue"[^>]*checked', page)
    assert f'id="follow-up-{overdue.pk}"' in page
    assert f'id="follow-up-{coming.pk}"' not in page  # not overdue: not on this list


def test_a_saved_action_returns_to_the_filtered_worklist(sam: Any, nora: Any) -> None:
    overdue, _ = _overdue_and_coming(sam)
    client = Client()
    client.force_login(nora)
    hidden = _filtered_form(client, overdue)
    response = client.post(f"/surveillance/follow-ups/{overdue.pk}/",
                           {**hidden, "action": "schedule",
                            "on": (program_today() + timedelta(days=3)).isoformat()})
    assert 302 == response.status_code
    assert "/surveillance/worklist/?overdue=on" == response["Location"]


def test_without_a_filter_the_action_returns_to_the_default_worklist(sam: Any,
                                                                      nora: Any) -> None:
    overdue, _ = _overdue_and_coming(sam)
    client = Client()
    client.force_login(nora)
    response = client.post(f"/surveillance/follow-ups/{overdue.pk}/",
                           {"action": "schedule", "within_days": "999",
                            "on": (program_today() + timedelta(days=3)).isoformat()})
    assert "/surveillance/worklist/" == response["Location"]  # an invalid filter is dropped
