"""Staff schedule and booking pages: bounded queries, booking, and closed to others."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from netcare.scheduling.models import Appointment
from tests.scheduling.conftest import local


def test_the_schedule_query_count_does_not_grow_with_rows(
        client: Client, nora: Any, book: Any, django_assert_max_num_queries: Any) -> None:
    """Two or twenty appointments: the same number of queries (rows in one joined query)."""
    from netcare.patients.models import Patient

    book(local(4, 9))
    book(local(4, 9, 30))
    client.force_login(nora)
    client.get("/appointments/?start=2026-03-02")
    with django_assert_max_num_queries(8):
        assert 200 == client.get("/appointments/?start=2026-03-02").status_code
    for index in range(18):
        patient = Patient.objects.create(mrn=f"NC99{index:05d}", first_name="P",
                                         last_name=f"L{index}", date_of_birth="1960-01-01",
                                         sex="male")
        book(local(5 + index // 16, 9) + timedelta(minutes=30 * (index % 16)),
             patient=patient)
    with django_assert_max_num_queries(8):
        response = client.get("/appointments/?start=2026-03-02")
    assert 20 == response.content.decode().count('<tr><td data-label="When">')


def test_a_navigator_books_and_confirms_for_a_patient(client: Client, nora: Any,
                                                      sam_weekdays: Any,
                                                      pat_record: Any) -> None:
    """Staff booking from the free times with "confirm now" gives a confirmed appointment."""
    client.force_login(nora)
    url = f"/appointments/book/{pat_record.pk}/?kind=new_patient&discipline=surgery"
    response = client.post(url, {"slot": f"{sam_weekdays.pk}@2026-03-04T18:00",
                                 "reason": "first visit", "confirm_now": "on"})
    assert 302 == response.status_code
    appointment = Appointment.objects.get()
    assert ("confirmed", local(4, 10)) == (appointment.status, appointment.starts_at)


def test_a_time_not_offered_is_refused_on_the_time_field(client: Client, nora: Any,
                                                         sam_weekdays: Any,
                                                         pat_record: Any) -> None:
    """Saturday is never offered: the post is refused naming "Time", the reason is kept."""
    client.force_login(nora)
    response = client.post(f"/appointments/book/{pat_record.pk}/?kind=follow_up", {
        "slot": f"{sam_weekdays.pk}@2026-03-07T18:00", "reason": "kept text"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Time: That time is no longer free" in page
    assert 'value="kept text"' in page
    assert not Appointment.objects.exists()


def test_patients_and_referrers_cannot_open_staff_scheduling(client: Client, pat: Any,
                                                             rita: Any, book: Any) -> None:
    """The schedule, booking and confirm answer 404 to a patient and a referring physician."""
    appointment = book(local(4, 10))
    for user in (pat, rita):
        client.force_login(user)
        assert 404 == client.get("/appointments/").status_code
        assert 404 == client.post(f"/appointments/{appointment.pk}/confirm/").status_code
        assert 404 == client.get(f"/appointments/book/{appointment.patient_id}/").status_code
