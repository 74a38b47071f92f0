"""A patient asking for a visit has a chart already: the page starts with a follow-up visit
and offers only the physicians who see patients in clinic (not pathology or radiology).
Staff booking is unchanged: a new-patient visit first, every discipline."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.scheduling.models import Appointment, ClinicianAvailability
from tests.scheduling.conftest import local


@pytest.fixture
def paula_weekdays(paula: Any) -> Any:
    """The pathologist has time blocks too (as a careless setup might give her)."""
    ClinicianAvailability.objects.bulk_create([
        ClinicianAvailability(clinician=paula, weekday=d, starts=time(9), ends=time(17))
        for d in range(5)
    ])
    return paula


def test_the_request_page_starts_with_a_follow_up_visit_and_its_times(
        client: Client, pat: Any, pat_record: Any, sam_weekdays: Any) -> None:
    """Follow-up is selected and the times are half-hourly (a follow-up's length)."""
    client.force_login(pat)
    page = client.get("/portal/appointments/request/").content.decode()
    assert '<option value="follow_up" selected>Follow-up visit</option>' in page
    assert "Mon 02 Mar 2026, 09:30 — Sam Test (Surgery)" in page


def test_a_request_sent_without_choosing_a_kind_is_a_follow_up_visit(
        client: Client, pat: Any, pat_record: Any, sam_weekdays: Any) -> None:
    """Picking 09:30 straight away asks for a 30-minute follow-up visit."""
    client.force_login(pat)
    response = client.post("/portal/appointments/request/",
                           {"slot": f"{sam_weekdays.pk}@2026-03-02T17:30", "reason": ""})
    assert 302 == response.status_code
    visit = Appointment.objects.get()
    assert ("follow_up", local(2, 9, 30), timedelta(minutes=30)) == (
        visit.kind, visit.starts_at, visit.ends_at - visit.starts_at)


def test_a_patient_may_still_ask_for_a_new_patient_visit(
        client: Client, pat: Any, pat_record: Any, sam_weekdays: Any) -> None:
    """The choice stays: a new-patient visit is an hour long."""
    client.force_login(pat)
    response = client.post("/portal/appointments/request/?kind=new_patient",
                           {"slot": f"{sam_weekdays.pk}@2026-03-02T18:00", "reason": ""})
    assert 302 == response.status_code
    visit = Appointment.objects.get()
    assert ("new_patient", timedelta(hours=1)) == (visit.kind, visit.ends_at - visit.starts_at)


def test_a_patient_is_offered_only_physicians_who_see_patients_in_clinic(
        client: Client, pat: Any, pat_record: Any, sam_weekdays: Any,
        paula_weekdays: Any) -> None:
    """No Pathology or Radiology to choose, no pathologist in the list of clinicians, and
    "Anyone free" offers the surgeon's times, never the pathologist's."""
    client.force_login(pat)
    page = client.get("/portal/appointments/request/").content.decode()
    disciplines = page[page.index('id="id_discipline"'):page.index('id="id_clinician"')]
    assert ["Any", "Surgery", "Medical oncology", "Gastroenterology", "Nuclear medicine"] == (
        re.findall(r"<option [^>]*>([^<]*)</option>", disciplines))
    assert "Sam Test — Surgery" in page
    assert "Paula Test" not in page


def test_a_patient_cannot_ask_for_pathology_by_editing_the_address(
        client: Client, pat: Any, pat_record: Any, paula_weekdays: Any) -> None:
    """Pathology in the query string is refused on Discipline, and Paula's times are neither
    offered nor accepted."""
    client.force_login(pat)
    url = "/portal/appointments/request/?kind=follow_up&discipline=pathology"
    response = client.get(url)
    assert 400 == response.status_code
    assert "Paula Test" not in response.content.decode()
    response = client.post(f"{url}&clinician={paula_weekdays.pk}",
                           {"slot": f"{paula_weekdays.pk}@2026-03-02T17:00", "reason": ""})
    assert 400 == response.status_code
    assert not Appointment.objects.exists()


def test_over_the_api_a_patient_cannot_ask_for_a_pathologist(
        live_server: Any, transactional_db: Any, pat: Any, pat_record: Any,
        paula_weekdays: Any) -> None:
    """The API holds the same rule: 422 on clinician."""
    from netcare.accounts.tokens import issue_token
    from tests.referrals.test_api import call

    status, body = call(f"{live_server.url}/api/v1/appointments", issue_token(pat, "t"),
                        {"clinician": "paula", "kind": "follow_up",
                         "starts_at": "2026-03-04T09:00:00-08:00"}, "POST")
    assert (422, "clinician", "clinician: does not see patients in clinic") == (
        status, body["field"], body["detail"])
    assert not Appointment.objects.exists()


def test_staff_booking_still_starts_with_a_new_patient_visit_and_every_discipline(
        client: Client, nora: Any, pat_record: Any, sam_weekdays: Any,
        paula_weekdays: Any) -> None:
    """The navigator's page is as before: new-patient visit first, hourly times, every
    discipline and every physician."""
    client.force_login(nora)
    page = client.get(f"/appointments/book/{pat_record.pk}/").content.decode()
    assert '<option value="new_patient" selected>New-patient visit</option>' in page
    assert "Mon 02 Mar 2026, 10:00 — Sam Test (Surgery)" in page
    assert "Mon 02 Mar 2026, 09:30 — Sam Test" not in page
    assert '<option value="pathology">Pathology</option>' in page
    assert '<option value="radiology">Radiology</option>' in page
    assert "Paula Test — Pathology" in page
