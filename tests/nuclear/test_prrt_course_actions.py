"""Running a PRRT course through the action functions: eligibility, labs → the label table's
suggestion → the physician's dose decision, order, administration, the next cycle's window,
timeline and audit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from netcare.nuclear import actions
from netcare.nuclear.models import CourseStatus, CycleStatus, PrrtCycle
from netcare.patients.models import TimelineEntry
from tests.nuclear.conftest import (
    ELIGIBLE,
    GOOD_LABS,
    LA,
    decide,
    give_cycle,
    tick_checklist,
)


def test_starting_a_course_records_eligibility_and_opens_cycle_1(course: Any) -> None:
    """The eligibility results come from netcare.clinical.prrt and cycle 1 gets a window."""
    assert "met" == course.eligibility["label"]
    cycle = course.cycles.get()
    assert (1, date(2026, 12, 1), date(2026, 12, 15)) == (cycle.number, cycle.window_start,
                                                          cycle.window_end)
    assert TimelineEntry.objects.filter(patient=course.patient, kind="prrt").exists()


def test_a_patient_outside_the_label_is_refused_naming_the_criterion(
        pat_record: Any, theo: Any) -> None:
    """SSTR-negative: the label indication is not met; nothing is written."""
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.start_course(pat_record, {**ELIGIBLE, "sstr_positive": False},
                             first_window_start=date(2026, 12, 1), by=theo)
    assert "eligibility" == caught.value.field
    assert "SSTR-positive" in caught.value.detail
    assert not pat_record.prrt_courses.exists()


def test_a_second_active_course_is_refused(course: Any, theo: Any) -> None:
    """One active course per patient (also a partial unique constraint)."""
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.start_course(course.patient, dict(ELIGIBLE), first_window_start=date(2027, 1, 1),
                             by=theo)
    assert "patient" == caught.value.field


def test_grade_2_thrombocytopenia_withholds_then_recovery_gives_3_7_gbq(
        course: Any, theo: Any, nina: Any) -> None:
    """Label 2.4: the table suggests withholding for grade 2 platelets and the physician
    withholds; once back to grade 1, the table suggests resuming at 3.7 GBq."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, {**GOOD_LABS, "thrombocytopenia_grade": 2},
                        labs_on=date(2026, 11, 28), today=date(2026, 11, 30), by=theo)
    assert ("withhold", CycleStatus.PLANNED) == (cycle.suggestion["action"], cycle.status)
    decide(cycle, nina, "withhold")
    assert CycleStatus.WITHHELD == cycle.status
    actions.record_labs(cycle, {**GOOD_LABS, "thrombocytopenia_grade": 1},
                        labs_on=date(2026, 12, 10), today=date(2026, 12, 10), by=theo)
    assert ("give_reduced", 3.7) == (cycle.suggestion["action"],
                                     cycle.suggestion["activity_gbq"])
    decide(cycle, nina, "give_reduced")
    assert ("give_reduced", 3.7) == (cycle.decision["action"], cycle.decision["activity_gbq"])


def test_missing_labs_suggest_withholding(course: Any, theo: Any) -> None:
    """No dose without the values the table needs."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, {}, labs_on=date(2026, 11, 28), today=date(2026, 11, 30), by=theo)
    assert "withhold" == cycle.suggestion["action"]
    assert "missing" in cycle.suggestion["reasons"][0]


def test_ordering_needs_a_give_decision(course: Any, theo: Any) -> None:
    """An order before the labs is refused naming 'decision'."""
    cycle = course.cycles.get()
    when = datetime(2026, 12, 2, 9, 0, tzinfo=LA)
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.order_dose(cycle, calibration_gbq=7.6, calibration_at=when,
                           planned_at=when + timedelta(hours=4), by=theo)
    assert "decision" == caught.value.field


def _give(cycle: PrrtCycle, theo: Any, nina: Any, when: datetime) -> Any:
    return give_cycle(cycle, staff=theo, physician=nina, when=when, residual_gbq=0.1,
                      residual_measured_at=when + timedelta(hours=1))


def test_giving_a_dose_opens_the_next_cycle_8_weeks_plus_minus_1(course: Any, theo: Any,
                                                                 nina: Any) -> None:
    """Cycle 2's window is 7-9 weeks after cycle 1 was given (local date)."""
    cycle = course.cycles.get()
    _give(cycle, theo, nina, datetime(2026, 12, 2, 9, 0, tzinfo=LA))
    nxt = course.cycles.get(number=2)
    assert (date(2027, 1, 20), date(2027, 2, 3)) == (nxt.window_start, nxt.window_end)
    assert TimelineEntry.objects.filter(title="PRRT cycle 1 given").exists()


def test_four_cycles_complete_the_course(course: Any, theo: Any, nina: Any) -> None:
    """After cycle 4 the course is completed and no cycle 5 exists."""
    when = datetime(2026, 12, 2, 9, 0, tzinfo=LA)
    for number in range(1, 5):
        _give(course.cycles.get(number=number), theo, nina, when)
        when += timedelta(weeks=8)
    course.refresh_from_db()
    assert CourseStatus.COMPLETED == course.status
    assert 4 == course.cycles.count()


def test_octreotide_outside_the_window_is_warned(course: Any, theo: Any, nina: Any,
                                                 time_machine: Any) -> None:
    """LAR 30 mg 2 h after the infusion is earlier than the 4-24 h window."""
    cycle = course.cycles.get()
    when = datetime(2026, 12, 2, 9, 0, tzinfo=LA)
    _give(cycle, theo, nina, when)
    time_machine.move_to(when + timedelta(hours=8))
    cycle.refresh_from_db()
    assert 1 == len(actions.record_octreotide(cycle, when + timedelta(hours=2), by=theo))
    assert [] == actions.record_octreotide(cycle, when + timedelta(hours=6), by=theo)


def test_the_checklist_is_complete_only_with_every_item(course: Any, theo: Any,
                                                        nina: Any) -> None:
    """Labs in the window, the physician's give decision and each ticked item make the cycle
    ready."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 25),
                        today=date(2026, 11, 26), by=theo)
    decide(cycle, nina)
    tick_checklist(cycle, theo)
    assert CycleStatus.READY == cycle.status
    actions.record_checklist(cycle, {"consent_signed": False}, by=theo)
    assert CycleStatus.PLANNED == cycle.status
