"""The recommendation: structured, signed off by the presenter, tracked until carried out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from netcare.patients.models import TimelineEntry
from netcare.tumorboard import actions, followthrough
from netcare.tumorboard.models import Recommendation


def _decide(case: Any, by: Any, owner: Any, **over: Any) -> Recommendation:
    board = timezone.localtime(case.meeting.starts_at).date()
    data = {"follow_up_kind": "treatment", "treatment_kind": "lanreotide", "urgency": "soon",
            "owner": owner, "due_on": board + timedelta(days=14),
            "text": "Start lanreotide 120 mg every 4 weeks.", "dissent": ""}
    data.update(over)
    return actions.record_recommendation(case, data, by=by)


@pytest.fixture
def case(meeting: Any, nora: Any, sam: Any, pat_record: Any) -> Any:
    return actions.submit_case(meeting, pat_record, "SSA?", by=nora, presenter=sam)


def test_recording_presents_the_case_and_writes_the_chart(case: Any, cora: Any, sam: Any) -> None:
    """The case is frozen and decided; the chart has the recommendation; dissent is kept."""
    reco = _decide(case, cora, sam, dissent="Dr Y preferred watchful waiting.")
    case.refresh_from_db()
    assert ("decided", True) == (case.status, case.is_frozen)
    assert "Dr Y preferred" in reco.dissent
    assert TimelineEntry.objects.filter(source_type="tumorboard.Recommendation",
                                        source_id=str(reco.pk)).exists()


def test_a_due_date_before_the_board_is_refused_naming_the_field(
    case: Any, cora: Any, sam: Any
) -> None:
    """Nothing is written: the case stays submitted, no recommendation exists."""
    board = timezone.localtime(case.meeting.starts_at).date()
    with pytest.raises(actions.BoardError) as error:
        _decide(case, cora, sam, due_on=board - timedelta(days=1))
    assert "due_on" == error.value.field
    assert not Recommendation.objects.exists()


def test_only_the_presenting_physician_signs_off(
    case: Any, cora: Any, sam: Any, paula: Any
) -> None:
    """Paula (not presenting) is refused; Sam signs off once."""
    reco = _decide(case, cora, sam)
    with pytest.raises(actions.BoardError):
        actions.sign_off(reco, by=paula)
    actions.sign_off(reco, by=sam)
    reco.refresh_from_db()
    assert sam == reco.signed_off_by


def test_the_task_is_carried_out_when_a_treatment_appears_on_the_chart(
    case: Any, cora: Any, sam: Any, pat_record: Any
) -> None:
    """Open until a treatment entry dated after the board appears; then carried out."""
    reco = _decide(case, cora, sam)
    [task] = followthrough.tasks_for(sam)
    assert (None, False) == (task.carried_out_on, task.overdue)
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Lanreotide",
                                 occurred_at=case.meeting.starts_at + timedelta(days=3))
    # The meeting is next week: look from the day after the treatment.
    with time_machine.travel(case.meeting.starts_at + timedelta(days=4), tick=False):
        [task] = followthrough.tasks_for(sam)
    assert reco.board_date + timedelta(days=3) == task.carried_out_on
    assert task.done_in_time


def test_a_treatment_planned_ahead_of_today_has_not_carried_the_task_out(
    case: Any, cora: Any, sam: Any, pat_record: Any
) -> None:
    """A treatment entry dated three days after the board, seen the day after the board, is
    still to come: the task stays open until that day has passed."""
    reco = _decide(case, cora, sam)
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Lanreotide",
                                 occurred_at=case.meeting.starts_at + timedelta(days=3))
    with time_machine.travel(case.meeting.starts_at + timedelta(days=1), tick=False):
        [task] = followthrough.tasks_for(sam)
        assert task.carried_out_on is None
    with time_machine.travel(case.meeting.starts_at + timedelta(days=4), tick=False):
        [task] = followthrough.tasks_for(sam)
        assert reco.board_date + timedelta(days=3) == task.carried_out_on


def test_an_entry_of_another_kind_or_before_the_board_does_not_count(
    case: Any, cora: Any, sam: Any, pat_record: Any
) -> None:
    """A lab after the board and a treatment before it leave a treatment task open."""
    _decide(case, cora, sam)
    TimelineEntry.objects.create(patient=pat_record, kind="lab", title="CgA",
                                 occurred_at=case.meeting.starts_at + timedelta(days=2))
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Old",
                                 occurred_at=case.meeting.starts_at - timedelta(days=30))
    [task] = followthrough.tasks_for(sam)
    assert task.carried_out_on is None


def test_overdue_tasks_are_listed_in_bounded_queries(
    meeting: Any, nora: Any, cora: Any, sam: Any, django_assert_max_num_queries: Any,
    time_machine: Any,
) -> None:
    """Three decided cases, none carried out, past due: all three overdue, in two queries."""
    from tests.tumorboard.test_case_submission import _patients

    for patient in _patients(3):
        _decide(actions.submit_case(meeting, patient, "Q", by=nora), cora, sam)
    time_machine.move_to(meeting.starts_at + timedelta(days=30))
    with django_assert_max_num_queries(2):
        overdue = followthrough.overdue()
    assert 3 == len(overdue)


def test_metrics_report_timeliness_and_concordance(
    case: Any, cora: Any, sam: Any, pat_record: Any, time_machine: Any
) -> None:
    """A lanreotide recommendation followed by lanreotide 5 days later: 100 % in time and
    concordant; 5 days from board to treatment; one case in one meeting."""
    from netcare.treatments.models import Treatment

    reco = _decide(case, cora, sam)
    Treatment.objects.create(patient=pat_record, kind="lanreotide",
                             start_on=reco.board_date + timedelta(days=5))
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Lanreotide",
                                 occurred_at=case.meeting.starts_at + timedelta(days=5))
    time_machine.move_to(case.meeting.starts_at + timedelta(days=20))
    m = followthrough.metrics(since=reco.board_date - timedelta(days=1),
                              until=reco.board_date + timedelta(days=1))
    assert (1, 1, 1.0, 1.0, 5) == (m["meetings"], m["cases"], m["share_carried_out_in_time"],
                                   m["concordance_share"], m["board_to_treatment_days"]["median"])
