"""Triage with status history, and turning a referral into a patient with duplicate checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from netcare.patients.actions import DuplicatePatientError
from netcare.patients.models import Patient, TimelineEntry
from netcare.referrals.actions import convert_referral, triage_referral


def test_triage_records_who_when_and_why(client: Client, nora: Any, make_referral: Any) -> None:
    """The navigator contacts the person: status, assignment and the history row are saved."""
    referral = make_referral()
    client.force_login(nora)
    response = client.post(f"/referrals/{referral.pk}/triage/", {
        "status": "contacted", "priority": "2", "assigned_to": nora.pk,
        "reason": "called, booked a call-back"})
    assert 302 == response.status_code
    referral.refresh_from_db()
    assert ("contacted", 2, nora) == (referral.status, referral.priority, referral.assigned_to)
    last = referral.history.last()
    assert ("new", "contacted", nora, "called, booked a call-back") == (
        last.from_status, last.to_status, last.by, last.reason)


def test_declining_needs_a_reason(nora: Any, make_referral: Any) -> None:
    """Declining without saying why is refused, naming the reason field."""
    with pytest.raises(ValidationError) as error:
        triage_referral(make_referral(), by=nora, status="declined")
    assert "reason" in error.value.message_dict


def test_only_navigators_are_assigned(nora: Any, sam: Any, make_referral: Any) -> None:
    """Assigning a surgeon is refused."""
    with pytest.raises(ValidationError):
        triage_referral(make_referral(), by=nora, assigned_to=sam)


def test_converting_registers_the_patient_and_writes_the_timeline(
        client: Client, nora: Any, make_referral: Any) -> None:
    """The referral becomes a patient; the chart gets a referral entry with the flags."""
    referral = make_referral(symptoms=["jaundice"])
    client.force_login(nora)
    response = client.post(f"/referrals/{referral.pk}/convert/",
                           {"mrn": "nc0000777", "sex": "female"})
    patient = Patient.objects.get(mrn="NC0000777")
    assert (302, f"/patients/{patient.pk}/") == (response.status_code, response.url)
    referral.refresh_from_db()
    assert ("converted", patient) == (referral.status, referral.patient)
    entry = TimelineEntry.objects.get(patient=patient)
    assert "referral" == entry.kind
    assert referral.reference in entry.title
    assert "Urgent review" in entry.summary
    assert False is entry.released_to_patient


def test_same_name_and_birth_date_is_caught_and_can_be_linked(
        client: Client, nora: Any, make_referral: Any) -> None:
    """A patient with the same name and DOB exists: the page offers to link to them."""
    existing = Patient.objects.create(mrn="NC0000900", first_name="rosa", last_name="REFERRED",
                                      date_of_birth=date(1970, 5, 6), sex="female")
    referral = make_referral()
    client.force_login(nora)
    response = client.post(f"/referrals/{referral.pk}/convert/", {"mrn": "NC0000901",
                                                                  "sex": "female"})
    assert 400 == response.status_code
    assert "Link referral to this patient" in response.content.decode()
    response = client.post(f"/referrals/{referral.pk}/convert/",
                           {"link_patient": existing.pk})
    assert 302 == response.status_code
    referral.refresh_from_db()
    assert existing == referral.patient
    assert 1 == Patient.objects.count()


def test_an_existing_mrn_is_a_duplicate(nora: Any, make_referral: Any,
                                        other_record: Any) -> None:
    """Converting with an MRN another patient has raises the duplicate error; nothing changes."""
    referral = make_referral()
    with pytest.raises(DuplicatePatientError):
        convert_referral(referral, by=nora, mrn=other_record.mrn)
    referral.refresh_from_db()
    assert "new" == referral.status


def test_confirmed_different_person_is_registered(nora: Any, make_referral: Any) -> None:
    """After checking, the navigator may register a same-name, same-DOB different person."""
    Patient.objects.create(mrn="NC0000900", first_name="Rosa", last_name="Referred",
                           date_of_birth=date(1970, 5, 6), sex="female")
    patient = convert_referral(make_referral(), by=nora, mrn="NC0000902",
                               allow_same_name_and_birth_date=True)
    assert "NC0000902" == patient.mrn
