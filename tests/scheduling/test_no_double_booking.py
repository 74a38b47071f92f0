"""No double booking: the database refuses a second claim of a clinician's slot."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from netcare.scheduling.actions import PatientBusyError, SlotTakenError, cancel_appointment
from netcare.scheduling.models import Appointment, AppointmentSlot
from tests.scheduling.conftest import local


def test_an_overlapping_request_is_refused_and_nothing_is_written(book: Any,
                                                                  other_record: Any) -> None:
    """10:00–11:00 is taken; a 10:30 follow-up for another patient is refused whole."""
    book(local(4, 10), "new_patient")
    with pytest.raises(SlotTakenError):
        book(local(4, 10, 30), patient=other_record)
    assert 1 == Appointment.objects.count()
    assert 4 == AppointmentSlot.objects.count()


def test_back_to_back_visits_are_fine(book: Any, other_record: Any) -> None:
    """A visit may start when the previous one ends."""
    book(local(4, 10))
    assert "requested" == book(local(4, 10, 30), patient=other_record).status


def test_the_constraint_itself_refuses_a_second_slot_row(book: Any) -> None:
    """Even bypassing the action, the database refuses the same clinician and start twice."""
    appointment = book(local(4, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentSlot.objects.create(appointment=appointment,
                                       clinician_id=appointment.clinician_id,
                                       starts_at=appointment.starts_at)


def test_cancelling_frees_the_time(book: Any, nora: Any, other_record: Any) -> None:
    """After a cancellation with a reason, the same time can be booked again."""
    first = book(local(4, 10))
    cancel_appointment(first, by=nora, reason="patient unwell")
    assert "requested" == book(local(4, 10), patient=other_record).status


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_slot_book_it_once(sam_weekdays: Any, pat_record: Any,
                                                      other_record: Any, nora: Any) -> None:
    """Eight threads, each on its own database connection, ask for the same time at once:
    exactly one succeeds; the others are told the slot is taken (or, when they ask for the
    winner's patient, that the patient already has that visit).

    Runs on PostgreSQL (real concurrent transactions). Skipped on the SQLite in-memory test
    database: its shared-cache mode answers concurrent writers "database table is locked" at
    once (no busy timeout), so the threads fail before the constraint is reached — tried."""
    from netcare.scheduling.actions import request_appointment

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
            "file:memorydb"):
        pytest.skip("SQLite in-memory test database: threads cannot write concurrently")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            request_appointment(pat_record if index % 2 else other_record,
                                clinician=sam_weekdays, kind="follow_up",
                                starts_at=local(4, 10), by=nora)
            result = "booked"
        except (SlotTakenError, PatientBusyError):
            result = "taken"
        except Exception as error:  # noqa: BLE001 (reported in the assertion)
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert (["booked"] + ["taken"] * 7) == sorted(outcomes)
    assert 1 == Appointment.objects.count()
