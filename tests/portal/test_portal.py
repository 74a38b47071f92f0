"""The patient portal: appointments, released results only, instructions, requests, contact."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netcare.patients.models import TimelineEntry
from netcare.scheduling.models import Appointment, ClinicianAvailability


@pytest.fixture(autouse=True)
def _clock(settings: Any) -> Any:
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    settings.PROGRAM_OPENING_HOURS = {d: (time(9), time(17)) for d in range(5)}
    with time_machine.travel("2026-03-02 16:00:00+00:00", tick=False):
        yield


@pytest.fixture
def surgeon(sam: Any) -> Any:
    ClinicianAvailability.objects.create(clinician=sam, weekday=2, starts=time(9),
                                         ends=time(17))
    return sam


def test_a_patient_lands_on_the_portal(client: Client, pat: Any, pat_record: Any) -> None:
    """Signing in as a patient leads to "My care"."""
    client.force_login(pat)
    response = client.get("/accounts/home/", follow=True)
    assert "/portal/" == response.redirect_chain[-1][0]


def test_only_released_results_are_shown(client: Client, pat: Any, pat_record: Any,
                                         other_record: Any) -> None:
    """A released lab shows; an unreleased one and another patient's do not."""
    now = timezone.now()
    TimelineEntry.objects.create(patient=pat_record, occurred_at=now, kind="lab",
                                 title="Chromogranin A normal", released_to_patient=True)
    TimelineEntry.objects.create(patient=pat_record, occurred_at=now, kind="lab",
                                 title="Draft 5-HIAA", released_to_patient=False)
    TimelineEntry.objects.create(patient=other_record, occurred_at=now, kind="lab",
                                 title="Omar's result", released_to_patient=True)
    client.force_login(pat)
    page = client.get("/portal/").content.decode()
    assert "Chromogranin A normal" in page
    assert "Draft 5-HIAA" not in page and "Omar's result" not in page


def test_the_portal_home_query_count_is_bounded(client: Client, pat: Any, pat_record: Any,
                                                django_assert_max_num_queries: Any) -> None:
    """Thirty released results cost no more queries than none (session, user, patient, audit,
    appointments, results, session save in a savepoint)."""
    client.force_login(pat)
    client.get("/portal/")
    TimelineEntry.objects.bulk_create([
        TimelineEntry(patient=pat_record, occurred_at=timezone.now(), kind="lab",
                      title=f"result {i}", released_to_patient=True) for i in range(30)])
    with django_assert_max_num_queries(9):
        assert 200 == client.get("/portal/").status_code


def test_the_5hiaa_instructions_list_the_foods_and_drugs_of_the_rules(client: Client,
                                                                      pat: Any) -> None:
    """Every food and drug of the biomarkers lists appears in plain words."""
    from netcare.clinical.biomarkers import (
        DRUGS_LOWERING_HIAA,
        DRUGS_RAISING_HIAA,
        FOODS_RAISING_HIAA,
    )

    client.force_login(pat)
    page = client.get("/portal/instructions/urine-5-hiaa/").content.decode()
    from django.utils.html import escape

    for item in FOODS_RAISING_HIAA + DRUGS_RAISING_HIAA + DRUGS_LOWERING_HIAA:
        assert escape(item) in page, item
    for slug, words in (("ga68-pet", "4 weeks"), ("prrt-safety", "radiation")):
        assert words in client.get(f"/portal/instructions/{slug}/").content.decode()


def test_a_patient_requests_and_cancels_a_visit(client: Client, pat: Any, pat_record: Any,
                                                surgeon: Any) -> None:
    """The request waits for confirmation; the patient may cancel it with a reason."""
    client.force_login(pat)
    page = client.get("/portal/appointments/request/?kind=follow_up").content.decode()
    assert "Wed 04 Mar 2026, 09:00" in page  # the first free time, local (PST)
    response = client.post("/portal/appointments/request/?kind=follow_up", {
        "slot": f"{surgeon.pk}@2026-03-04T18:30", "reason": "questions about results"})
    assert 302 == response.status_code
    appointment = Appointment.objects.get()
    assert ("requested", pat_record) == (appointment.status, appointment.patient)
    assert "Waiting for confirmation" in client.get("/portal/").content.decode()
    response = client.post(f"/portal/appointments/{appointment.pk}/cancel/",
                           {"reason": "feeling better"})
    assert 302 == response.status_code
    appointment.refresh_from_db()
    assert "cancelled" == appointment.status


def test_a_patient_cannot_cancel_someone_elses_visit(client: Client, pat: Any,
                                                     other_record: Any, surgeon: Any,
                                                     nora: Any) -> None:
    """Another patient's appointment answers 404."""
    from netcare.scheduling.actions import request_appointment
    from tests.scheduling.conftest import local

    theirs = request_appointment(other_record, clinician=surgeon, kind="follow_up",
                                 starts_at=local(4, 10), by=nora)
    client.force_login(pat)
    assert 404 == client.post(f"/portal/appointments/{theirs.pk}/cancel/",
                              {"reason": "x"}).status_code


def test_a_patient_updates_contact_details_audited(client: Client, pat: Any,
                                                   pat_record: Any) -> None:
    """New phone and language are saved through the registry's action, with an audit entry."""
    from netcare.audit.models import AuditEntry

    client.force_login(pat)
    response = client.post("/portal/contact/", {"phone": "555-0199", "email": "pat@example.org",
                                                "address": "1 Main St",
                                                "preferred_language": "es"})
    assert 302 == response.status_code
    pat_record.refresh_from_db()
    assert ("555-0199", "es") == (pat_record.phone, pat_record.preferred_language)
    assert AuditEntry.objects.filter(action="netcare.patient.updated",
                                     patient=pat_record).exists()


def test_staff_and_referrers_have_no_portal(client: Client, nora: Any, rita: Any) -> None:
    """The portal is for patients: others get 404."""
    for user in (nora, rita):
        client.force_login(user)
        assert 404 == client.get("/portal/").status_code
        assert 404 == client.get("/portal/appointments/request/").status_code
