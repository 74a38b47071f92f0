"""A follow-up visit is completed when it has happened: a completion date after the program's
today is refused on the date (on the worklist and in the action), judged on the program's
calendar, not the server's UTC date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.patients.models import Patient, TimelineEntry
from netcare.surveillance.actions import complete_follow_up, generate_plan
from netcare.surveillance.models import FollowUp
from netcare.tumors.models import Tumor
from netcare.workup.actions import ResultInputError


@pytest.fixture(autouse=True)
def _evening_in_los_angeles(settings: Any) -> Any:
    """Monday 2 March 2026, 21:00 in Los Angeles: the server's UTC date is already 3 March."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    with time_machine.travel("2026-03-03 05:00:00+00:00", tick=False):
        yield


@pytest.fixture
def follow_up(sam: Any) -> FollowUp:
    patient = Patient.objects.create(mrn="F000001", first_name="Fiona", last_name="Follow",
                                     date_of_birth=date(1962, 7, 1), sex="female")
    tumor = Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                 t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    generate_plan(tumor, start_on=date(2025, 1, 6), by=sam)
    return FollowUp.objects.filter(patient=patient).order_by("due_on").first()


def test_completing_a_follow_up_tomorrow_is_refused_on_the_date(follow_up: FollowUp,
                                                                nora: Any) -> None:
    with pytest.raises(ResultInputError) as refused:
        complete_follow_up(follow_up, date(2026, 3, 3), by=nora)
    assert ("on", "Date completed cannot be in the future.") == (refused.value.field,
                                                                 refused.value.detail)
    follow_up.refresh_from_db()
    assert ("due", None) == (follow_up.status, follow_up.completed_on)
    assert not TimelineEntry.objects.filter(source_type="surveillance.follow_up",
                                            title="Follow-up visit completed").exists()


def test_completing_a_follow_up_this_evening_in_los_angeles_is_accepted(follow_up: FollowUp,
                                                                        nora: Any) -> None:
    complete_follow_up(follow_up, date(2026, 3, 2), by=nora, note="CT and CgA done")
    follow_up.refresh_from_db()
    assert ("completed", date(2026, 3, 2)) == (follow_up.status, follow_up.completed_on)


def test_the_worklist_refuses_a_completion_next_week_and_keeps_the_follow_up_open(
        client: Client, follow_up: FollowUp, nora: Any) -> None:
    client.force_login(nora)
    before = AuditEntry.objects.count()
    response = client.post(f"/surveillance/follow-ups/{follow_up.pk}/",
                           {"action": "complete", "on": "2026-03-09"}, follow=True)
    page = response.content.decode()
    assert "Date completed cannot be in the future." in page
    assert "Follow-up updated." not in page
    follow_up.refresh_from_db()
    assert "due" == follow_up.status
    assert f"/surveillance/follow-ups/{follow_up.pk}/" in page  # still on the worklist
    assert not AuditEntry.objects.filter(pk__gt=before, action=codes.FOLLOW_UP_COMPLETED).exists()


def test_a_follow_up_can_still_be_scheduled_for_next_week(client: Client, follow_up: FollowUp,
                                                          nora: Any) -> None:
    client.force_login(nora)
    client.post(f"/surveillance/follow-ups/{follow_up.pk}/",
                {"action": "schedule", "on": (date(2026, 3, 2) + timedelta(days=7)).isoformat()})
    follow_up.refresh_from_db()
    assert ("scheduled", date(2026, 3, 9)) == (follow_up.status, follow_up.scheduled_for)
