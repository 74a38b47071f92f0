"""Times show in the program's zone on every page; booking offers the next free times."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.scheduling.actions import confirm_appointment
from netcare.scheduling.models import Appointment, ClinicianAvailability
from netcare.scheduling.slots import next_free_slots
from tests.scheduling.conftest import local


def test_a_visit_stored_at_1730_utc_shows_at_0930_pst_for_staff_and_patient(
        client: Client, nora: Any, pat: Any, book: Any) -> None:
    """Before the clock change (PST, UTC-8) a visit stored at 17:30 UTC shows at 09:30 local
    on the staff schedule and in the portal, never at the UTC time (the middleware)."""
    appointment = book(local(4, 9, 30))
    assert datetime(2026, 3, 4, 17, 30, tzinfo=UTC) == appointment.starts_at
    client.force_login(nora)
    staff_page = client.get("/appointments/?start=2026-03-02").content.decode()
    assert "Wed 2026-03-04 09:30" in staff_page and "17:30" not in staff_page
    client.force_login(pat)
    portal = client.get("/portal/").content.decode()
    assert "Wednesday 4 March 2026, 09:30" in portal and "17:30" not in portal


def test_after_the_clock_change_1630_utc_is_0930_pdt(client: Client, nora: Any, pat: Any,
                                                     book: Any) -> None:
    """Monday 9 March (after DST starts): a visit stored at 16:30 UTC shows 09:30 PDT."""
    appointment = book(datetime(2026, 3, 9, 16, 30, tzinfo=UTC))
    assert local(9, 9, 30) == appointment.starts_at
    client.force_login(nora)
    assert "Mon 2026-03-09 09:30" in client.get("/appointments/?start=2026-03-09").content.decode()
    client.force_login(pat)
    assert "Monday 9 March 2026, 09:30" in client.get("/portal/").content.decode()


def test_free_times_respect_hours_availability_and_bookings(sam_weekdays: Any,
                                                           book: Any) -> None:
    """From Monday 08:00: the first new-patient times are 09:00 onwards; a booked 09:00
    pushes the first offer to 10:00; at most four a day; none on the weekend."""
    book(local(2, 9), kind="new_patient")
    slots = next_free_slots("new_patient", discipline="surgery").slots
    starts = [s.starts_at for s in slots]
    assert [local(2, 10), local(2, 11), local(2, 12), local(2, 13)] == starts[:4]
    assert local(3, 9) == starts[4]
    assert all(s.starts_at.astimezone(local(2, 0).tzinfo).weekday() < 5 for s in slots)
    assert 12 == len(slots)


def test_free_times_of_another_discipline_are_empty_without_availability(
        sam_weekdays: Any, paula: Any) -> None:
    """The pathologist has no availability: nothing is offered for pathology."""
    assert [] == next_free_slots("follow_up", discipline="pathology").slots


def test_the_picker_costs_the_same_queries_with_many_bookings(
        client: Client, nora: Any, pat_record: Any, book: Any,
        django_assert_max_num_queries: Any) -> None:
    """Ten bookings more do not add queries to the booking page."""
    client.force_login(nora)
    url = f"/appointments/book/{pat_record.pk}/?kind=follow_up"
    client.get(url)
    with django_assert_max_num_queries(12):
        assert 200 == client.get(url).status_code
    for index in range(10):
        book(local(5, 9) + (local(5, 9, 30) - local(5, 9)) * index)
    with django_assert_max_num_queries(12):
        assert 200 == client.get(url).status_code


def test_a_confirmed_visit_that_started_is_marked_completed_audited(
        client: Client, nora: Any, book: Any, pat_record: Any) -> None:
    """Completing before the visit starts is refused; after, it is completed with a timeline
    line and an audit entry; a patient cannot do it."""
    import time_machine

    appointment = book(local(2, 10))
    confirm_appointment(appointment, by=nora)
    client.force_login(nora)
    client.post(f"/appointments/{appointment.pk}/complete/")
    appointment.refresh_from_db()
    assert "confirmed" == appointment.status
    with time_machine.travel(local(2, 10, 5), tick=False):
        client.force_login(nora)  # the session idles out over two hours
        assert "Mark completed" in client.get("/appointments/").content.decode()
        assert 302 == client.post(f"/appointments/{appointment.pk}/complete/").status_code
    appointment.refresh_from_db()
    assert "completed" == appointment.status
    assert AuditEntry.objects.filter(action="netcare.appointment.completed").exists()
    assert pat_record.timeline.filter(title__startswith="Visit completed").exists()


def test_a_navigator_manages_weekly_availability_audited(client: Client, nora: Any,
                                                         sam: Any) -> None:
    """Add Tuesday 09:00-12:00; an overlapping block is refused naming "From"; ends before
    starts is refused naming "Until"; removing is audited too."""
    client.force_login(nora)
    url = f"/appointments/availability/{sam.pk}/"
    assert 302 == client.post(url, {"weekday": "1", "starts": "09:00",
                                    "ends": "12:00"}).status_code
    response = client.post(url, {"weekday": "1", "starts": "11:00", "ends": "13:00"})
    assert 400 == response.status_code
    assert "From: overlaps the block 09:00–12:00" in response.content.decode()
    response = client.post(url, {"weekday": "2", "starts": "12:00", "ends": "09:00"})
    assert "Until: must be after the start" in response.content.decode()
    block = ClinicianAvailability.objects.get()
    assert (1, time(9), time(12)) == (block.weekday, block.starts, block.ends)
    assert "Every Tuesday" in client.get(url).content.decode()
    assert 302 == client.post(url, {"remove": str(block.pk)}).status_code
    assert not ClinicianAvailability.objects.exists()
    assert 2 == AuditEntry.objects.filter(action__startswith="netcare.availability.").count()


def test_availability_pages_are_closed_to_physicians_and_patients(
        client: Client, sam: Any, pat: Any) -> None:
    """Only navigators and coordinators manage availability: others get 404."""
    for user in (sam, pat):
        client.force_login(user)
        assert 404 == client.get("/appointments/availability/").status_code
        assert 404 == client.post(f"/appointments/availability/{sam.pk}/",
                                  {"weekday": "1", "starts": "09:00",
                                   "ends": "12:00"}).status_code
    assert not ClinicianAvailability.objects.exists()
    assert not Appointment.objects.exists()
