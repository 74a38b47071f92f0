"""A task is carried out only by a matching chart item on or after the board date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry
from netcare.tumorboard import actions, followthrough
from tests.tumorboard.conftest import decide


@pytest.fixture
def case(meeting: Any, nora: Any, sam: Any, pat_record: Any) -> Any:
    return actions.submit_case(meeting, pat_record, "Next step?", by=nora, presenter=sam)


ACTION_KINDS = [
    ("treatment", "lanreotide", ["treatment", "prrt"], ["visit", "lab", "board"]),
    ("appointment", "", ["visit"], ["follow_up", "treatment", "imaging"]),
    ("workup", "", ["imaging", "pet", "lab", "pathology", "endoscopy"], ["visit", "treatment"]),
    ("rediscuss", "", ["board"], ["visit", "imaging", "treatment"]),
]


@pytest.mark.parametrize(("action", "treatment", "matching", "other"), ACTION_KINDS)
def test_each_action_type_is_carried_out_by_its_own_kinds_only(
    case: Any, cora: Any, sam: Any, pat_record: Any, action: str, treatment: str,
    matching: list[str], other: list[str], time_machine: Any,
) -> None:
    """Entries of other kinds leave the task open; each matching kind carries it out, and the
    task names that entry."""
    decide(case, cora, sam, follow_up_kind=action, treatment_kind=treatment)
    after = case.meeting.starts_at + timedelta(days=2)
    time_machine.move_to(after + timedelta(days=1))  # the board is next week: look back at it
    for kind in other:
        entry = TimelineEntry.objects.create(patient=pat_record, kind=kind, title=f"{kind} x",
                                             occurred_at=after)
        [task] = followthrough.tasks_for(sam)
        assert (None, None) == (task.carried_out_on, task.match)
        entry.delete()
    for kind in matching:
        entry = TimelineEntry.objects.create(patient=pat_record, kind=kind, title=f"{kind} done",
                                             occurred_at=after)
        [task] = followthrough.tasks_for(sam)
        assert (f"{kind} done", entry.pk) == (task.match.title, task.match.entry_id)
        entry.delete()


def test_an_entry_before_the_board_date_or_of_another_patient_does_not_count(
    case: Any, cora: Any, sam: Any, pat_record: Any, other_record: Any
) -> None:
    """A treatment the day before the board, or on another patient's chart, leaves it open."""
    decide(case, cora, sam)
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Before",
                                 occurred_at=case.meeting.starts_at - timedelta(days=1))
    TimelineEntry.objects.create(patient=other_record, kind="treatment", title="Elsewhere",
                                 occurred_at=case.meeting.starts_at + timedelta(days=1))
    [task] = followthrough.tasks_for(sam)
    assert task.match is None


def test_a_rediscussion_is_not_carried_out_by_the_case_itself_but_by_a_later_board(
    case: Any, series: Any, cora: Any, sam: Any, nora: Any, pat_record: Any, time_machine: Any
) -> None:
    """The case's own submission and recommendation entries do not count; submitting the
    patient to a later meeting does."""
    decide(case, cora, sam, follow_up_kind="rediscuss", treatment_kind="")
    time_machine.move_to(case.meeting.starts_at + timedelta(days=1))
    [task] = followthrough.tasks_for(sam)
    assert task.match is None
    later = series.meetings.order_by("starts_at")[1]
    new_case = actions.submit_case(later, pat_record, "Re-discuss after PET", by=nora)
    TimelineEntry.objects.filter(source_type="tumorboard.BoardCase",
                                 source_id=str(new_case.pk)).update(
        occurred_at=case.meeting.starts_at + timedelta(hours=3))
    [task] = followthrough.tasks_for(sam)
    assert "Submitted to the tumor board" == task.match.title


def test_the_task_page_shows_the_matching_item_with_a_link(
    client: Client, case: Any, cora: Any, sam: Any, pat_record: Any, time_machine: Any
) -> None:
    """The owner's task list names the entry that carried the task out, its date and a link
    to it on the chart."""
    decide(case, cora, sam, follow_up_kind="workup", treatment_kind="")
    at = case.meeting.starts_at + timedelta(days=4)
    time_machine.move_to(at + timedelta(days=1))
    TimelineEntry.objects.create(patient=pat_record, kind="pet", title="Ga-68 DOTATATE PET",
                                 occurred_at=at)
    client.force_login(sam)
    body = client.get("/board/tasks/").content.decode()
    assert "Ga-68 DOTATATE PET" in body
    assert f"/patients/{pat_record.pk}/?kind=pet#timeline-heading" in body
    assert "carried out" in body
