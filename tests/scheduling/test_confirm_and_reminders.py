"""Patients request, staff confirm; confirming queues a reminder as a background task."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netcare.patients.models import TimelineEntry
from netcare.scheduling.actions import (
    cancel_appointment,
    confirm_appointment,
    reschedule_appointment,
)
from netcare.scheduling.models import Reminder
from tests.scheduling.conftest import local


def test_confirming_queues_a_reminder_that_the_task_sends_after_commit(
        book: Any, nora: Any, django_capture_on_commit_callbacks: Any) -> None:
    """The reminder row is queued in the transaction; the task runs on commit and sends it."""
    appointment = book(local(4, 10))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm_appointment(appointment, by=nora)
    reminder = Reminder.objects.get()
    assert ("queued", local(3, 10)) == (reminder.status, reminder.send_at)
    assert 1 == len(callbacks)
    callbacks[0]()
    reminder.refresh_from_db()
    assert "sent" == reminder.status
    assert reminder.sent_at is not None


def test_confirm_writes_history_and_timeline(book: Any, nora: Any) -> None:
    """Requested then confirmed: two history rows and two released timeline entries."""
    appointment = book(local(4, 10))
    confirm_appointment(appointment, by=nora)
    assert ["requested", "confirmed"] == list(appointment.changes.values_list("kind", flat=True))
    titles = list(TimelineEntry.objects.filter(released_to_patient=True, kind="visit")
                  .order_by("id").values_list("title", flat=True))
    assert 2 == len(titles) and titles[1].startswith("Appointment confirmed")


def test_cancelling_needs_a_reason_and_stops_the_reminder(book: Any, nora: Any) -> None:
    """No reason: refused. With a reason: cancelled, queued reminder cancelled."""
    appointment = book(local(4, 10))
    confirm_appointment(appointment, by=nora)
    Reminder.objects.update(status="queued")
    with pytest.raises(ValidationError):
        cancel_appointment(appointment, by=nora, reason=" ")
    cancel_appointment(appointment, by=nora, reason="clinic closed")
    appointment.refresh_from_db()
    assert ("cancelled", "clinic closed") == (appointment.status, appointment.change_reason)
    assert ["cancelled"] == list(Reminder.objects.values_list("status", flat=True))
    with pytest.raises(ValidationError):
        confirm_appointment(appointment, by=nora)


def test_rescheduling_moves_the_slots_and_keeps_the_old_time_in_history(book: Any,
                                                                       nora: Any) -> None:
    """Moved from Wednesday 10:00 to Thursday 11:00 with a reason."""
    appointment = book(local(4, 10))
    reschedule_appointment(appointment, starts_at=local(5, 11), by=nora,
                           reason="surgeon in theatre")
    appointment.refresh_from_db()
    assert local(5, 11) == appointment.starts_at
    assert [local(5, 11), local(5, 11, 15)] == list(
        appointment.slots.order_by("starts_at").values_list("starts_at", flat=True))
    change = appointment.changes.last()
    assert ("rescheduled", local(4, 10), "surgeon in theatre") == (
        change.kind, change.old_starts_at, change.reason)


def test_a_clashing_move_changes_nothing(book: Any, nora: Any, other_record: Any) -> None:
    """Moving onto another patient's time is refused; the original time stays claimed."""
    from netcare.scheduling.actions import SlotTakenError

    appointment = book(local(4, 10))
    book(local(5, 11), patient=other_record)
    with pytest.raises(SlotTakenError):
        reschedule_appointment(appointment, starts_at=local(5, 11), by=nora, reason="moved")
    appointment.refresh_from_db()
    assert local(4, 10) == appointment.starts_at
    assert 2 == appointment.slots.count()
