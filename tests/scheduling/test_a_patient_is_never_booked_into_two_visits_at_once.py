"""A patient is never booked into two visits at the same time, with one clinician or two: the
database refuses the patient's second claim of a slot, and the person booking is told which
visit is in the way, on the time's field, without losing what they typed."""

from __future__ import annotations

import threading
from datetime import time
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from netcare.scheduling.actions import (
    PatientBusyError,
    cancel_appointment,
    request_appointment,
    reschedule_appointment,
)
from netcare.scheduling.models import Appointment, AppointmentSlot
from tests.scheduling.conftest import local

SAM_AT_NINE = ("Pat Example already has a requested visit with Sam Test (Surgery) at "
               "09:00–09:30 on Wed 4 Mar; choose another time.")


def _with_sid(pat_record: Any, sid: Any, nora: Any, start: Any,
              kind: str = "follow_up") -> Appointment:
    return request_appointment(pat_record, clinician=sid, kind=kind, starts_at=start, by=nora)


def test_a_second_visit_at_the_same_time_with_another_clinician_is_refused_naming_the_first(
        book: Any, sid_weekdays: Any, pat_record: Any, nora: Any) -> None:
    """Pat sees Sam on Wednesday 09:00; Sid at 09:00 the same day is refused on the time,
    naming Sam's visit, and nothing of the second request is written."""
    book(local(4, 9))
    with pytest.raises(PatientBusyError) as refused:
        _with_sid(pat_record, sid_weekdays, nora, local(4, 9))
    assert {"starts_at": [SAM_AT_NINE]} == refused.value.message_dict
    assert ["sam"] == [a.clinician.username for a in Appointment.objects.all()]
    assert 2 == AppointmentSlot.objects.count()


def test_a_visit_that_overlaps_part_of_another_is_refused(book: Any, sid_weekdays: Any,
                                                          pat_record: Any, nora: Any) -> None:
    """Sam's new-patient visit runs 09:00–10:00; Sid's follow-up at 09:30 is refused."""
    book(local(4, 9), "new_patient")
    with pytest.raises(PatientBusyError) as refused:
        _with_sid(pat_record, sid_weekdays, nora, local(4, 9, 30))
    assert ("Pat Example already has a requested visit with Sam Test (Surgery) at 09:00–10:00 "
            "on Wed 4 Mar; choose another time.") == refused.value.messages[0]
    assert 1 == Appointment.objects.count()


def test_back_to_back_visits_of_one_patient_are_fine(book: Any, sid_weekdays: Any,
                                                    pat_record: Any, nora: Any) -> None:
    """Sam 09:00–09:30, then Sid at 09:30."""
    book(local(4, 9))
    assert "requested" == _with_sid(pat_record, sid_weekdays, nora, local(4, 9, 30)).status


def test_a_cancelled_visit_does_not_keep_the_patient_busy(book: Any, sid_weekdays: Any,
                                                         pat_record: Any, nora: Any) -> None:
    """Once the visit with Sam is cancelled, Pat can see Sid at that time."""
    cancel_appointment(book(local(4, 9)), by=nora, reason="Pat prefers Sid")
    assert "requested" == _with_sid(pat_record, sid_weekdays, nora, local(4, 9)).status


def test_another_patient_may_see_another_clinician_at_that_time(
        book: Any, sid_weekdays: Any, other_record: Any, nora: Any) -> None:
    """The guard is per patient: Omar sees Sid while Pat sees Sam."""
    book(local(4, 9))
    assert "requested" == _with_sid(other_record, sid_weekdays, nora, local(4, 9)).status


def test_moving_a_visit_onto_the_patients_other_visit_is_refused_and_nothing_moves(
        book: Any, sid_weekdays: Any, pat_record: Any, nora: Any) -> None:
    """Pat sees Sam at 09:00 and Sid at 11:00; moving Sid's visit to 09:00 is refused."""
    book(local(4, 9))
    with_sid = _with_sid(pat_record, sid_weekdays, nora, local(4, 11))
    with pytest.raises(PatientBusyError):
        reschedule_appointment(with_sid, starts_at=local(4, 9), by=nora, reason="earlier")
    with_sid.refresh_from_db()
    assert local(4, 11) == with_sid.starts_at
    assert [local(4, 11), local(4, 11, 15)] == sorted(
        with_sid.slots.values_list("starts_at", flat=True))


def test_the_constraint_itself_refuses_a_second_slot_row_of_the_patient(
        book: Any, sid_weekdays: Any) -> None:
    """Even bypassing the action, the database refuses the same patient and start twice."""
    appointment = book(local(4, 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentSlot.objects.create(appointment=appointment, clinician=sid_weekdays,
                                       patient_id=appointment.patient_id,
                                       starts_at=appointment.starts_at)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_patient_with_different_clinicians_book_one(
        sam_weekdays: Any, pat_record: Any, nora: Any) -> None:
    """Six threads, each on its own database connection, ask at once for Pat at Wednesday
    09:00, each with another free surgeon: exactly one succeeds; the others are told Pat
    already has that visit.

    Runs on PostgreSQL; skipped on the SQLite in-memory test database, whose threads cannot
    write concurrently (as in test_no_double_booking)."""
    from netcare.scheduling.models import ClinicianAvailability
    from tests.conftest import _make_user

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
            "file:memorydb"):
        pytest.skip("SQLite in-memory test database: threads cannot write concurrently")
    surgeons = [sam_weekdays] + [_make_user(f"surgeon{n}", "physician", "surgery")
                                 for n in range(1, 6)]
    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=surgeon, weekday=2, starts=time(9), ends=time(17))
        for surgeon in surgeons[1:]
    ])
    barrier = threading.Barrier(len(surgeons))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(surgeon: Any) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            request_appointment(pat_record, clinician=surgeon, kind="follow_up",
                                starts_at=local(4, 9), by=nora)
            result = "booked"
        except PatientBusyError as error:
            result = ("busy" if "Pat Example already has a requested visit" in error.messages[0]
                      else f"message: {error.messages[0]}")
        except Exception as error:  # noqa: BLE001 (reported in the assertion)
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(surgeon,)) for surgeon in surgeons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert (["booked"] + ["busy"] * 5) == sorted(outcomes)
    assert 1 == Appointment.objects.count()
    assert 2 == AppointmentSlot.objects.filter(patient=pat_record).count()


# --- Over HTTP ---


def test_a_navigator_booking_pat_with_sid_during_pats_visit_with_sam_is_told_on_the_time(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """The booking page offered Sid's 09:00 before Pat's visit with Sam was booked then;
    posting it afterwards is refused naming Sam's visit; the reason typed is still there and
    nothing is booked."""
    client.force_login(nora)
    url = (f"/appointments/book/{pat_record.pk}/?kind=follow_up&clinician={sid_weekdays.pk}"
           "&from_date=2026-03-04")
    assert "Wed 04 Mar 2026, 09:00 — Sid Test" in client.get(url).content.decode()
    book(local(4, 9))
    response = client.post(url, {"slot": f"{sid_weekdays.pk}@2026-03-04T17:00",
                                 "reason": "second opinion", "confirm_now": "on"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert f"Time: {SAM_AT_NINE}" in page
    assert 'value="second opinion"' in page
    assert ["sam"] == [a.clinician.username for a in Appointment.objects.all()]


def test_a_patient_asking_for_a_time_they_already_have_a_visit_is_told_which(
        client: Client, pat: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """Pat asks for Sid at 09:00 while her visit with Sam is then: refused on the time, in
    her words ("You"), her reason kept, nothing requested."""
    book(local(4, 9))
    client.force_login(pat)
    url = (f"/portal/appointments/request/?kind=follow_up&clinician={sid_weekdays.pk}"
           "&from_date=2026-03-04")
    response = client.post(url, {"slot": f"{sid_weekdays.pk}@2026-03-04T17:00",
                                 "reason": "questions about my scan"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert ("Time: You already have a requested visit with Sam Test (Surgery) at "
            "09:00–09:30 on Wed 4 Mar; choose another time.") in page
    assert 'value="questions about my scan"' in page
    assert 1 == Appointment.objects.count()


def test_over_the_api_a_second_visit_at_the_same_time_answers_409_on_starts_at(
        live_server: Any, transactional_db: Any, pat: Any, pat_record: Any,
        sam_weekdays: Any, sid_weekdays: Any) -> None:
    """Pat asks for Sam at 09:00 (201), then for Sid at 09:00: 409 naming Sam's visit."""
    from netcare.accounts.tokens import issue_token
    from tests.referrals.test_api import call

    token = issue_token(pat, "t")
    url = f"{live_server.url}/api/v1/appointments"
    first = {"clinician": "sam", "kind": "follow_up", "starts_at": "2026-03-04T09:00:00-08:00"}
    assert 201 == call(url, token, first, "POST")[0]
    status, body = call(url, token, {**first, "clinician": "sid"}, "POST")
    assert (409, "starts_at") == (status, body["field"])
    assert ("starts_at: You already have a requested visit with Sam Test (Surgery) at "
            "09:00–09:30 on Wed 4 Mar; choose another time.") == body["detail"]
