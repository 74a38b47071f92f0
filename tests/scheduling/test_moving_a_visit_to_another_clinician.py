"""A navigator moves a visit to another clinician of the same discipline: the new clinician's
slots are claimed as when booking (no double booking), the old ones are freed, the audit entry
records both clinicians and times, and the patient sees the new clinician."""

from __future__ import annotations

import threading
from datetime import datetime, time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.scheduling.actions import (
    SlotTakenError,
    confirm_appointment,
    request_appointment,
    reschedule_appointment,
)
from netcare.scheduling.models import Appointment, AppointmentSlot, ClinicianAvailability
from netcare.scheduling.rules import FreeSlot
from tests.scheduling.conftest import local


def _slots(appointment: Any) -> list[tuple[str, datetime]]:
    return [
        (s.clinician.username, s.starts_at)
        for s in appointment.slots.select_related("clinician").order_by("starts_at")
    ]


def _value(clinician: Any, start: datetime) -> str:
    return FreeSlot(clinician=clinician, starts_at=start).value


# --- The action ---


def test_a_visit_moves_to_another_surgeon_with_his_slots_and_an_audit_of_both(
    book: Any, nora: Any, sid_weekdays: Any, pat_record: Any
) -> None:
    """Sam's Wednesday 10:00 follow-up moves to Sid on Thursday 11:00: Sid's two slots are
    claimed, and the audit entry names Sam and Sid, both times and the reason."""
    appointment = book(local(4, 10))
    reschedule_appointment(
        appointment,
        starts_at=local(5, 11),
        clinician=sid_weekdays,
        by=nora,
        reason="Sam is in theatre",
    )
    appointment.refresh_from_db()
    assert ("sid", "surgery", local(5, 11), local(5, 11, 30)) == (
        appointment.clinician.username,
        appointment.discipline,
        appointment.starts_at,
        appointment.ends_at,
    )
    assert [("sid", local(5, 11)), ("sid", local(5, 11, 15))] == _slots(appointment)
    entry = AuditEntry.objects.get(action=codes.APPOINTMENT_RESCHEDULED)
    assert (nora, pat_record.pk, str(appointment.pk)) == (
        entry.user,
        entry.patient_id,
        entry.object_id,
    )
    assert ("sam", "sid", "Sam is in theatre") == (
        entry.detail["old_clinician"],
        entry.detail["new_clinician"],
        entry.detail["reason"],
    )
    assert (local(4, 10), local(5, 11)) == (
        datetime.fromisoformat(entry.detail["old"]),
        datetime.fromisoformat(entry.detail["new"]),
    )
    change = appointment.changes.last()
    assert ("rescheduled", local(4, 10)) == (change.kind, change.old_starts_at)


def test_a_time_the_other_surgeon_has_taken_is_refused_and_nothing_changes(
    book: Any, nora: Any, sid_weekdays: Any, other_record: Any
) -> None:
    """Sid sees Omar 10:45–11:15 on Thursday: moving Pat's visit to Sid at 11:00 overlaps one
    slot, so it is refused whole; the visit keeps Sam's Wednesday 10:00 slots."""
    appointment = book(local(4, 10))
    request_appointment(
        other_record, clinician=sid_weekdays, kind="follow_up", starts_at=local(5, 10, 45), by=nora
    )
    with pytest.raises(SlotTakenError):
        reschedule_appointment(
            appointment,
            starts_at=local(5, 11),
            clinician=sid_weekdays,
            by=nora,
            reason="Sam is in theatre",
        )
    appointment.refresh_from_db()
    assert ("sam", local(4, 10)) == (appointment.clinician.username, appointment.starts_at)
    assert [("sam", local(4, 10)), ("sam", local(4, 10, 15))] == _slots(appointment)
    assert ["requested"] == list(appointment.changes.values_list("kind", flat=True))
    assert not AuditEntry.objects.filter(action=codes.APPOINTMENT_RESCHEDULED).exists()


def test_the_old_surgeons_time_is_free_again_after_the_move(
    book: Any, nora: Any, sid_weekdays: Any, other_record: Any
) -> None:
    """Once the visit is with Sid, Omar can be booked with Sam at Wednesday 10:00."""
    appointment = book(local(4, 10))
    with pytest.raises(SlotTakenError):
        book(local(4, 10), patient=other_record)
    reschedule_appointment(
        appointment,
        starts_at=local(4, 10),
        clinician=sid_weekdays,
        by=nora,
        reason="Sam is in theatre",
    )
    omar = book(local(4, 10), patient=other_record)
    assert [("sam", local(4, 10)), ("sam", local(4, 10, 15))] == _slots(omar)
    assert [("sid", local(4, 10)), ("sid", local(4, 10, 15))] == _slots(appointment)


def test_a_clinician_of_another_discipline_or_inactive_is_refused_on_the_clinician_field(
    book: Any, nora: Any, paula: Any, sid_weekdays: Any
) -> None:
    """Paula is a pathologist: refused on `clinician`; so is Sid once he has left. Nothing
    moves."""
    ClinicianAvailability.objects.create(clinician=paula, weekday=3, starts=time(9), ends=time(17))
    appointment = book(local(4, 10))
    with pytest.raises(ValidationError) as other_discipline:
        reschedule_appointment(
            appointment,
            starts_at=local(5, 11),
            clinician=paula,
            by=nora,
            reason="Sam is in theatre",
        )
    sid_weekdays.is_active = False
    sid_weekdays.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as inactive:
        reschedule_appointment(
            appointment,
            starts_at=local(5, 11),
            clinician=sid_weekdays,
            by=nora,
            reason="Sam is in theatre",
        )
    assert {"clinician": ["the clinician does not practise surgery"]} == (
        other_discipline.value.message_dict
    )
    assert {"clinician": ["choose an active physician"]} == inactive.value.message_dict
    appointment.refresh_from_db()
    assert ("sam", local(4, 10)) == (appointment.clinician.username, appointment.starts_at)


def test_the_new_surgeons_availability_is_checked_on_the_time_field(
    book: Any, nora: Any, sid_weekdays: Any
) -> None:
    """Sid does not work on Thursdays: a move to him on Thursday is refused on `starts_at`."""
    ClinicianAvailability.objects.filter(clinician=sid_weekdays, weekday=3).delete()
    appointment = book(local(4, 10))
    with pytest.raises(ValidationError) as refused:
        reschedule_appointment(
            appointment,
            starts_at=local(5, 11),
            clinician=sid_weekdays,
            by=nora,
            reason="Sam is in theatre",
        )
    assert {"starts_at": ["the clinician is not available at that time"]} == (
        refused.value.message_dict
    )


def test_a_confirmed_visits_reminder_is_requeued_naming_the_new_surgeon(
    book: Any, nora: Any, sid_weekdays: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The reminder for Sam is cancelled; the new one, a day before, names Sid."""
    appointment = book(local(4, 10))
    with django_capture_on_commit_callbacks(execute=False):
        confirm_appointment(appointment, by=nora)
        reschedule_appointment(
            appointment,
            starts_at=local(5, 11),
            clinician=sid_weekdays,
            by=nora,
            reason="Sam is in theatre",
        )
    assert [
        ("cancelled", "Reminder: Follow-up visit with Sam Test (Surgery), 2026-03-04 10:00"),
        ("queued", "Reminder: Follow-up visit with Sid Test (Surgery), 2026-03-05 11:00"),
    ] == [(r.status, r.message) for r in appointment.reminders.order_by("id")]


@pytest.mark.django_db(transaction=True)
def test_two_visits_moved_onto_one_time_of_the_other_surgeon_at_once_move_only_one(
    sam_weekdays: Any, sid_weekdays: Any, pat_record: Any, other_record: Any, nora: Any
) -> None:
    """Two navigators move Pat's and Omar's visits with Sam to Sid's Thursday 11:00 at the
    same moment, each on its own database connection: one is moved, the other is told the
    time is taken and stays with Sam.

    Runs on PostgreSQL; skipped on the SQLite in-memory test database, whose threads cannot
    write concurrently (as in test_no_double_booking)."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("SQLite in-memory test database: threads cannot write concurrently")
    visits = [
        request_appointment(
            patient, clinician=sam_weekdays, kind="follow_up", starts_at=start, by=nora
        )
        for patient, start in ((pat_record, local(4, 10)), (other_record, local(4, 11)))
    ]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def attempt(appointment: Any) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            reschedule_appointment(
                appointment,
                starts_at=local(5, 11),
                clinician=sid_weekdays,
                by=nora,
                reason="Sam is in theatre",
            )
            result = "moved"
        except SlotTakenError:
            result = "taken"
        except Exception as error:  # noqa: BLE001 (reported in the assertion)
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        outcomes[appointment.pk] = result

    threads = [threading.Thread(target=attempt, args=(visit,)) for visit in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert ["moved", "taken"] == sorted(outcomes.values())
    stayed = next(v for v in visits if outcomes[v.pk] == "taken")
    stayed.refresh_from_db()
    assert ("sam", 2) == (stayed.clinician.username, stayed.slots.count())
    assert 2 == AppointmentSlot.objects.filter(clinician=sid_weekdays).count()


# --- The page ---


def test_the_move_page_offers_the_same_surgeon_first_and_any_surgeon_on_request(
    client: Client, nora: Any, sam_weekdays: Any, sid_weekdays: Any, paula: Any, book: Any
) -> None:
    """Without a choice the page offers Sam's times with Sam selected; "Anyone free" adds
    Sid's. Paula (pathology, available too) is neither listed nor offered."""
    ClinicianAvailability.objects.create(clinician=paula, weekday=0, starts=time(9), ends=time(17))
    appointment = book(local(2, 9))
    client.force_login(nora)
    url = f"/appointments/{appointment.pk}/reschedule/"
    first = client.get(url).content.decode()
    assert f'<option value="{sam_weekdays.pk}" selected>Sam Test — Surgery</option>' in first
    assert f'<option value="{sid_weekdays.pk}">Sid Test — Surgery</option>' in first
    assert "Paula Test" not in first
    assert _value(sam_weekdays, local(2, 9, 30)) in first
    assert _value(sid_weekdays, local(2, 9)) not in first
    anyone = client.get(url, {"clinician": ""}).content.decode()
    assert '<option value="" selected>Anyone free (surgery)</option>' in anyone
    assert _value(sam_weekdays, local(2, 9, 30)) in anyone
    assert _value(sid_weekdays, local(2, 9)) in anyone
    assert _value(paula, local(2, 9)) not in anyone


def test_picking_the_other_surgeons_time_moves_the_visit_and_the_patient_sees_him(
    client: Client, nora: Any, pat: Any, sid_weekdays: Any, book: Any, pat_record: Any
) -> None:
    """Nora picks Sid on Tuesday 09:00: back to the schedule; the chart's timeline says the
    visit moved to Sid, and Pat's portal lists the visit with Sid, no longer with Sam."""
    appointment = book(local(2, 9))
    client.force_login(nora)
    response = client.post(
        f"/appointments/{appointment.pk}/reschedule/?clinician={sid_weekdays.pk}",
        {"slot": _value(sid_weekdays, local(3, 9)), "reason": "Sam is in theatre"},
    )
    assert (302, "/appointments/") == (response.status_code, response.url)
    appointment.refresh_from_db()
    assert ("sid", local(3, 9)) == (appointment.clinician.username, appointment.starts_at)
    chart = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert "Appointment moved: Follow-up visit with Sid Test (Surgery), 2026-03-03 09:00" in chart
    assert (
        "Sam is in theatre (was: Follow-up visit with Sam Test (Surgery), 2026-03-02 09:00)"
    ) in chart
    client.force_login(pat)
    portal = client.get("/portal/").content.decode()
    assert "Follow-up visit with Sid Test (Surgery)" in portal
    assert "with Sam Test" not in portal


def test_a_time_the_other_surgeon_gave_away_meanwhile_keeps_what_was_typed(
    client: Client, nora: Any, sid_weekdays: Any, book: Any, other_record: Any
) -> None:
    """Omar takes Sid's Tuesday 09:00 first: the move is refused on "Time" (400), Sid stays
    chosen, the from date and the reason stay typed, and the visit stays with Sam."""
    appointment = book(local(2, 9))
    request_appointment(
        other_record, clinician=sid_weekdays, kind="follow_up", starts_at=local(3, 9), by=nora
    )
    client.force_login(nora)
    response = client.post(
        f"/appointments/{appointment.pk}/reschedule/"
        f"?clinician={sid_weekdays.pk}&from_date=2026-03-03",
        {"slot": _value(sid_weekdays, local(3, 9)), "reason": "Sam is in theatre"},
    )
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Time: That time is no longer free; choose another." in page
    assert f'<option value="{sid_weekdays.pk}" selected>Sid Test — Surgery</option>' in page
    assert 'value="2026-03-03"' in page and 'value="Sam is in theatre"' in page
    moved = Appointment.objects.select_related("clinician").get(pk=appointment.pk)
    assert ("sam", local(2, 9)) == (moved.clinician.username, moved.starts_at)
    assert 2 == AppointmentSlot.objects.filter(appointment=appointment).count()
