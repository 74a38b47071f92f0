"""Staff move a visit by picking one of the clinician's next free times, as when booking."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.scheduling.models import Appointment
from netcare.scheduling.rules import FreeSlot
from tests.scheduling.conftest import local


def _value(clinician: Any, start: Any) -> str:
    return FreeSlot(clinician=clinician, starts_at=start).value


def test_the_move_page_offers_the_clinicians_next_free_times(
        client: Client, nora: Any, sam_weekdays: Any, book: Any) -> None:
    """The page lists the surgeon's free follow-up times from now (no typed date or time);
    the visit's own time is not offered."""
    appointment = book(local(2, 9))
    client.force_login(nora)
    response = client.get(f"/appointments/{appointment.pk}/reschedule/")
    page = response.content.decode()
    assert 200 == response.status_code
    assert 'type="radio"' in page and 'type="date"' in page and 'name="at"' not in page
    assert _value(sam_weekdays, local(2, 9, 30)) in page
    assert _value(sam_weekdays, local(2, 9)) not in page


def test_the_from_date_moves_the_offer_later(
        client: Client, nora: Any, sam_weekdays: Any, book: Any) -> None:
    """With a from date of Friday 6 March the first time offered is Friday 09:00."""
    appointment = book(local(2, 9))
    client.force_login(nora)
    page = client.get(f"/appointments/{appointment.pk}/reschedule/?from_date=2026-03-06")
    text = page.content.decode()
    assert _value(sam_weekdays, local(6, 9)) in text
    assert _value(sam_weekdays, local(2, 9, 30)) not in text


def test_picking_a_free_time_moves_the_visit(
        client: Client, nora: Any, sam_weekdays: Any, book: Any) -> None:
    """Posting an offered time and a reason moves the visit there and returns to the
    schedule."""
    appointment = book(local(2, 9))
    client.force_login(nora)
    response = client.post(f"/appointments/{appointment.pk}/reschedule/", {
        "slot": _value(sam_weekdays, local(3, 9)), "reason": "patient asked"})
    assert (302, "/appointments/") == (response.status_code, response.url)
    appointment.refresh_from_db()
    assert (local(3, 9), "patient asked") == (appointment.starts_at,
                                                appointment.change_reason)


def test_a_time_taken_meanwhile_is_refused_on_the_time_field(
        client: Client, nora: Any, sam_weekdays: Any, book: Any, other_record: Any) -> None:
    """Another patient takes Tuesday 09:00 first: the move is refused on "Time", what was
    typed is kept, and the visit stays where it was."""
    appointment = book(local(2, 9))
    book(local(3, 9), patient=other_record)
    client.force_login(nora)
    response = client.post(f"/appointments/{appointment.pk}/reschedule/", {
        "slot": _value(sam_weekdays, local(3, 9)), "reason": "patient asked"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Time: That time is no longer free; choose another." in page
    assert 'value="patient asked"' in page
    assert local(2, 9) == Appointment.objects.get(pk=appointment.pk).starts_at


def test_a_move_without_a_reason_is_refused_on_the_reason_field(
        client: Client, nora: Any, sam_weekdays: Any, book: Any) -> None:
    """No reason: 400 naming the reason; nothing moves."""
    appointment = book(local(2, 9))
    client.force_login(nora)
    response = client.post(f"/appointments/{appointment.pk}/reschedule/", {
        "slot": _value(sam_weekdays, local(3, 9)), "reason": ""})
    assert 400 == response.status_code
    assert "Reason for the move: This field is required." in response.content.decode()
    assert local(2, 9) == Appointment.objects.get(pk=appointment.pk).starts_at
