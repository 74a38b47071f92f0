"""Every page that offers times for a patient — staff booking, moving a visit, the patient
asking for one — leaves out the times that overlap one of the patient's other visits (not
cancelled), and says which visit kept them out; the visit being moved does not keep out its
own time. A page shown before the other visit was booked is still refused naming it. The
pages cost the same queries however many visits the patient has."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.scheduling.actions import cancel_appointment, request_appointment
from netcare.scheduling.models import Appointment
from netcare.scheduling.rules import FreeSlot
from tests.scheduling.conftest import local

SAM_AT_NINE = ("Pat Example already has a requested visit with Sam Test (Surgery) at "
               "09:00–09:30 on Wed 4 Mar")
NOT_OFFERED = ", so times that overlap it are not offered."


def _sids_wednesday(page: str) -> list[str]:
    """The times offered with Sid on Wednesday 4 March, as the radio labels read."""
    return re.findall(r"Wed 04 Mar 2026, (\d\d:\d\d) — Sid Test", page)


def _with_sid(patient: Any, sid: Any, nora: Any, start: Any, kind: str = "follow_up") -> Any:
    return request_appointment(patient, clinician=sid, kind=kind, starts_at=start, by=nora)


def test_the_booking_page_does_not_offer_sid_while_pat_sees_sam(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """Pat sees Sam on Wednesday 09:00–09:30: booking her a follow-up with Sid from that day
    offers 09:30 onwards, not 09:00 or 09:15, and says why."""
    book(local(4, 9))
    client.force_login(nora)
    response = client.get(f"/appointments/book/{pat_record.pk}/?kind=follow_up"
                          f"&clinician={sid_weekdays.pk}&from_date=2026-03-04")
    page = response.content.decode()
    assert 200 == response.status_code
    assert ["09:30", "10:00", "10:30", "11:00"] == _sids_wednesday(page)
    assert SAM_AT_NINE + NOT_OFFERED in page


def test_a_longer_visit_is_not_offered_where_it_would_run_into_the_other_one(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """Pat sees Sam on Wednesday 10:00–10:30: an hour-long new-patient visit with Sid fits at
    09:00 and from 10:30, not at 09:15, 09:30 or 09:45 (they would end after 10:00)."""
    book(local(4, 10))
    client.force_login(nora)
    page = client.get(f"/appointments/book/{pat_record.pk}/?kind=new_patient"
                      f"&clinician={sid_weekdays.pk}&from_date=2026-03-04").content.decode()
    assert ["09:00", "10:30", "11:30", "12:30"] == _sids_wednesday(page)


def test_only_the_patients_own_visits_that_are_not_cancelled_keep_times_out(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any,
        other_record: Any) -> None:
    """Pat sees Sam at 09:00; Omar sees Sam at 10:00 and Pat's 11:00 with Sam is cancelled:
    only 09:00 and 09:15 are missing from Pat's times with Sid, and only her 09:00 visit is
    named."""
    book(local(4, 9))
    book(local(4, 10), patient=other_record)
    cancel_appointment(book(local(4, 11)), by=nora, reason="Pat is away")
    client.force_login(nora)
    page = client.get(f"/appointments/book/{pat_record.pk}/?kind=follow_up"
                      f"&clinician={sid_weekdays.pk}&from_date=2026-03-04").content.decode()
    assert ["09:30", "10:00", "10:30", "11:00"] == _sids_wednesday(page)
    assert 1 == page.count(NOT_OFFERED)


def test_the_patient_is_not_offered_a_time_she_is_already_booked(
        client: Client, pat: Any, book: Any, sid_weekdays: Any) -> None:
    """Pat asks for Sid from Wednesday while she sees Sam at 09:00: the portal offers 09:30
    onwards and tells her, in her words, which visit is in the way."""
    book(local(4, 9))
    client.force_login(pat)
    page = client.get(f"/portal/appointments/request/?kind=follow_up"
                      f"&clinician={sid_weekdays.pk}&from_date=2026-03-04").content.decode()
    assert ["09:30", "10:00", "10:30", "11:00"] == _sids_wednesday(page)
    assert ("You already have a requested visit with Sam Test (Surgery) at 09:00–09:30 on "
            "Wed 4 Mar" + NOT_OFFERED) in page


def test_moving_a_visit_offers_its_own_time_with_another_clinician_but_not_the_other_visit(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """Pat sees Sam at 09:00 and Sid at 11:00 on Wednesday. Moving Sam's visit to Sid offers
    Sid's 09:00 (the visit being moved is not in its own way) but nothing overlapping her
    11:00 with Sid; moving the 11:00 visit offers nothing overlapping Sam's 09:00."""
    with_sam = book(local(4, 9))
    with_sid = _with_sid(pat_record, sid_weekdays, nora, local(4, 11))
    client.force_login(nora)
    page = client.get(f"/appointments/{with_sam.pk}/reschedule/?clinician={sid_weekdays.pk}"
                      "&from_date=2026-03-04").content.decode()
    assert ["09:00", "09:30", "10:00", "10:30"] == _sids_wednesday(page)
    assert NOT_OFFERED not in page  # Sid is booked at 11:00 anyway: nothing more to say
    page = client.get(f"/appointments/{with_sid.pk}/reschedule/?clinician={sid_weekdays.pk}"
                      "&from_date=2026-03-04").content.decode()
    assert ["09:30", "10:00", "10:30", "11:30"] == _sids_wednesday(page)
    assert SAM_AT_NINE + NOT_OFFERED in page


def test_a_move_posted_from_a_page_shown_before_the_other_visit_is_refused_naming_it(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any) -> None:
    """The move page offered Sid's 09:00 for Pat's Thursday visit; meanwhile Pat is booked
    with Sam at 09:00 Wednesday. Posting Sid's 09:00 is refused on "Time" naming Sam's visit,
    the reason typed is kept and the visit stays where it was."""
    thursday = book(local(5, 9))
    client.force_login(nora)
    url = (f"/appointments/{thursday.pk}/reschedule/?clinician={sid_weekdays.pk}"
           "&from_date=2026-03-04")
    assert "09:00" in _sids_wednesday(client.get(url).content.decode())
    book(local(4, 9))
    response = client.post(url, {"slot": FreeSlot(sid_weekdays, local(4, 9)).value,
                                 "reason": "earlier suits Pat"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert f"Time: {SAM_AT_NINE}; choose another time." in page
    assert 'value="earlier suits Pat"' in page
    assert local(5, 9) == Appointment.objects.get(pk=thursday.pk).starts_at


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert 200 == client.get(url).status_code
    return len(queries)


def test_the_pages_cost_the_same_queries_however_many_visits_the_patient_has(
        client: Client, nora: Any, book: Any, sid_weekdays: Any, pat_record: Any,
        django_assert_max_num_queries: Any) -> None:
    """Ten more visits of Pat's with Sam (Wednesday and Thursday 09:00–11:30), each keeping
    times with Sid out and named, leave the booking and move pages' query counts as they
    were, within the picker's bound."""
    moving = book(local(3, 9))
    client.force_login(nora)
    booking = (f"/appointments/book/{pat_record.pk}/?kind=follow_up"
               f"&clinician={sid_weekdays.pk}&from_date=2026-03-04")
    move = f"/appointments/{moving.pk}/reschedule/?clinician={sid_weekdays.pk}"
    client.get(booking)
    before = (_queries(client, booking), _queries(client, move))
    for day in (4, 5):
        for index in range(5):
            book(local(day, 9) + timedelta(minutes=30) * index)
    page = client.get(booking).content.decode()
    assert (["11:30", "12:00", "12:30", "13:00"], 10) == (_sids_wednesday(page),
                                                         page.count(NOT_OFFERED))
    assert before == (_queries(client, booking), _queries(client, move))
    with django_assert_max_num_queries(12):
        client.get(booking)
