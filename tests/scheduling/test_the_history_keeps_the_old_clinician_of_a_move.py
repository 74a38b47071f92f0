"""A visit's history keeps who it was with before a move, not only when: a move from Sam to Sid
records Sam as the old clinician beside the old time, and the history list shows both."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from netcare.scheduling.actions import reschedule_appointment
from netcare.scheduling.models import AppointmentChange
from tests.scheduling.conftest import local


def test_a_move_to_another_surgeon_records_the_old_surgeon_and_time(
    book: Any, nora: Any, sam_weekdays: Any, sid_weekdays: Any
) -> None:
    """Sam's Wednesday 10:00 follow-up moves to Sid on Thursday 11:00: the history row says it
    was with Sam on Wednesday 10:00, moved by Nora, and why."""
    appointment = book(local(4, 10))
    reschedule_appointment(
        appointment,
        starts_at=local(5, 11),
        clinician=sid_weekdays,
        by=nora,
        reason="Sam is in theatre",
    )
    change = appointment.changes.get(kind="rescheduled")
    assert ("sam", local(4, 10), "nora", "Sam is in theatre") == (
        change.old_clinician.username,
        change.old_starts_at,
        change.by.username,
        change.reason,
    )


def test_a_move_in_time_only_records_the_same_surgeon_as_before(
    book: Any, nora: Any, sam_weekdays: Any
) -> None:
    """Moving Sam's visit from Wednesday to Friday keeps Sam: the old clinician is Sam."""
    appointment = book(local(4, 10))
    reschedule_appointment(appointment, starts_at=local(6, 14), by=nora, reason="Pat asked")
    change = appointment.changes.get(kind="rescheduled")
    assert ("sam", local(4, 10)) == (change.old_clinician.username, change.old_starts_at)


def test_the_chart_says_the_visit_was_with_the_old_surgeon_before_the_move(
    client: Client, ada: Any, book: Any, nora: Any, sid_weekdays: Any
) -> None:
    """The chart's entry for the move names the new visit and what it was: with Sam on
    Wednesday 4 March 10:00 (the admin no longer lists appointment history: it is clinical)."""
    appointment = book(local(4, 10))
    reschedule_appointment(
        appointment,
        starts_at=local(5, 11),
        clinician=sid_weekdays,
        by=nora,
        reason="Sam is in theatre",
    )
    client.force_login(ada)
    page = client.get(f"/patients/{appointment.patient_id}/").content.decode()
    assert "Appointment moved: Follow-up visit with Sid Test (Surgery), 2026-03-05 11:00" in page
    assert ("Sam is in theatre (was: Follow-up visit with Sam Test (Surgery), 2026-03-04 10:00)"
            in page)


def test_the_database_refuses_an_old_clinician_on_a_change_that_is_not_a_move(
    book: Any, nora: Any, sam_weekdays: Any
) -> None:
    """A confirmation row naming an old clinician breaks the named constraint."""
    appointment = book(local(4, 10))
    with (
        pytest.raises(IntegrityError, match="appointment_change_old_values_only_on_move"),
        transaction.atomic(),
    ):
        AppointmentChange.objects.create(
            appointment=appointment, kind="confirmed", by=nora, old_clinician=sam_weekdays
        )
