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
    assert 20 == response.content.decode().count("<tr><td>")


def test_a_navigator_books_and_confirms_for_a_patient(client: Client, nora: Any,
                                                      sam_weekdays: Any,
                                                      pat_record: Any) -> None:
    """Staff booking with "confirm now" gives a confirmed appointment."""
    client.force_login(nora)
    response = client.post(f"/appointments/book/{pat_record.pk}/", {
        "patient_id": pat_record.pk, "clinician": sam_weekdays.pk, "kind": "new_patient",
        "day": "2026-03-04", "at": "10:00", "reason": "first visit", "confirm_now": "on"})
    assert 302 == response.status_code
    assert "confirmed" == Appointment.objects.get().status


def test_a_refused_time_names_the_field_and_keeps_the_input(client: Client, nora: Any,
                                                            sam_weekdays: Any,
                                                            pat_record: Any) -> None:
    """Saturday is refused on the Time field; the chosen date is still in the form."""
    client.force_login(nora)
    response = client.post(f"/appointments/book/{pat_record.pk}/", {
        "patient_id": pat_record.pk, "clinician": sam_weekdays.pk, "kind": "follow_up",
        "day": "2026-03-07", "at": "10:00"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Time: the program is closed on Saturdays" in page
    assert 'value="2026-03-07"' in page


def test_patients_and_referrers_cannot_open_staff_scheduling(client: Client, pat: Any,
                                                             rita: Any, book: Any) -> None:
    """The schedule, booking and confirm answer 404 to a patient and a referring physician."""
    appointment = book(local(4, 10))
    for user in (pat, rita):
        client.force_login(user)
        assert 404 == client.get("/appointments/").status_code
        assert 404 == client.post(f"/appointments/{appointment.pk}/confirm/").status_code
        assert 404 == client.get(f"/appointments/book/{appointment.patient_id}/").status_code
