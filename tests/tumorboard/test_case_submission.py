"""Submitting cases: one open case per patient per meeting, the case cap, the cut-off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError

from netcare.patients.models import Patient, TimelineEntry
from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase


def _patients(n: int) -> list[Patient]:
    from datetime import date

    return [Patient.objects.create(mrn=f"TB{i:05d}", first_name=f"P{i}", last_name="Board",
                                   date_of_birth=date(1960, 1, 1), sex="female")
            for i in range(n)]


def test_a_navigator_submits_a_patient_and_the_chart_shows_it(
    meeting: Any, nora: Any, pat_record: Any, sam: Any
) -> None:
    """The case is on the agenda at position 1, with a board entry on the timeline."""
    case = actions.submit_case(meeting, pat_record, "PRRT or everolimus?", by=nora, presenter=sam)
    assert (1, "submitted", sam) == (case.position, case.status, case.presenter)
    entry = TimelineEntry.objects.get(patient=pat_record, kind="board")
    assert str(case.pk) == entry.source_id


def test_the_same_patient_twice_on_one_meeting_is_refused(
    meeting: Any, nora: Any, pat_record: Any
) -> None:
    """The action names the field; the agenda keeps one case."""
    actions.submit_case(meeting, pat_record, "Q1", by=nora)
    with pytest.raises(actions.BoardError) as error:
        actions.submit_case(meeting, pat_record, "Q2", by=nora)
    assert "patient" == error.value.field
    assert 1 == BoardCase.objects.filter(meeting=meeting).count()


def test_the_database_holds_one_open_case_per_patient_per_meeting(
    meeting: Any, nora: Any, pat_record: Any
) -> None:
    """Constraint board_case_one_open_per_patient_meeting; a withdrawn case does not count."""
    actions.submit_case(meeting, pat_record, "Q1", by=nora)
    with pytest.raises(IntegrityError):
        BoardCase.objects.create(meeting=meeting, patient=pat_record, question="x",
                                 submitted_by=nora)


def test_a_withdrawn_case_can_be_submitted_again(
    meeting: Any, nora: Any, cora: Any, pat_record: Any
) -> None:
    """Withdrawing frees the slot for the same patient."""
    case = actions.submit_case(meeting, pat_record, "Q1", by=nora)
    actions.withdraw_case(case, by=cora)
    again = actions.submit_case(meeting, pat_record, "Q2", by=nora)
    assert "submitted" == again.status


def test_the_case_cap_is_enforced_with_a_clear_message(meeting: Any, nora: Any) -> None:
    """The fixture's meeting takes three cases; the fourth is refused saying the agenda is full."""
    patients = _patients(4)
    for patient in patients[:3]:
        actions.submit_case(meeting, patient, "Q", by=nora)
    with pytest.raises(actions.BoardError) as error:
        actions.submit_case(meeting, patients[3], "Q", by=nora)
    assert ("meeting", True) == (error.value.field, "agenda is full (3 cases)" in str(error.value))


def test_submissions_after_the_cutoff_are_refused(meeting: Any, nora: Any, pat_record: Any) -> None:
    """One minute after the cut-off the meeting no longer takes cases."""
    with pytest.raises(actions.BoardError) as error:
        actions.submit_case(meeting, pat_record, "Q", by=nora,
                            now=meeting.submission_cutoff + timedelta(minutes=1))
    assert "closed" in error.value.detail


def test_a_cancelled_meeting_takes_no_cases(
    meeting: Any, nora: Any, cora: Any, pat_record: Any
) -> None:
    """Cancelled: refused, naming the meeting."""
    actions.cancel_meeting(meeting, "Holiday", by=cora)
    with pytest.raises(actions.BoardError) as error:
        actions.submit_case(meeting, pat_record, "Q", by=nora)
    assert "meeting" == error.value.field


def test_the_coordinator_orders_the_agenda(meeting: Any, nora: Any, cora: Any) -> None:
    """Moving the third case up twice puts it first."""
    a, b, c = (actions.submit_case(meeting, p, "Q", by=nora) for p in _patients(3))
    actions.move_case(c, "up", by=cora)
    actions.move_case(c, "up", by=cora)
    order = list(BoardCase.objects.filter(meeting=meeting).order_by("position")
                 .values_list("pk", flat=True))
    assert [c.pk, a.pk, b.pk] == order


def test_attendance_is_recorded_once_per_person_and_checks_the_quorum(
    meeting: Any, cora: Any, sam: Any, paula: Any
) -> None:
    """Surgery and pathology present: four disciplines missing; a repeat adds nobody."""
    actions.record_attendance(meeting, [sam, paula, cora], by=cora)
    actions.record_attendance(meeting, [sam], by=cora)
    q = actions.quorum(meeting)
    assert (False, ["medical_oncology", "gastroenterology", "radiology", "nuclear_medicine"]) == (
        q["met"], q["missing"])
    assert 3 == meeting.attendance.count()


def test_a_configured_quorum_of_two_disciplines_is_met(
    meeting: Any, cora: Any, sam: Any, paula: Any
) -> None:
    """The quorum is per meeting; with surgery + pathology required and present, it is met."""
    meeting.quorum_disciplines = ["surgery", "pathology"]
    meeting.save()
    actions.record_attendance(meeting, [sam, paula], by=cora)
    assert actions.quorum(meeting)["met"]


def test_attendance_is_unique_in_the_database(meeting: Any, cora: Any, sam: Any) -> None:
    """Constraint board_attendance_once."""
    from netcare.tumorboard.models import Attendance

    Attendance.objects.create(meeting=meeting, user=sam, discipline="surgery", recorded_by=cora)
    with pytest.raises(IntegrityError):
        Attendance.objects.create(meeting=meeting, user=sam, discipline="surgery",
                                  recorded_by=cora)
