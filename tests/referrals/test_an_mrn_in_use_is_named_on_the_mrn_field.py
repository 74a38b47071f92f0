"""Registering a referred person with a medical record number another patient has: the form
names the MRN field and its holder, keeps what was typed, offers to link the referral to the
holder if it is the same person, and no "different person" confirmation gets past the clash
(a same-name-and-birth-date match is the only duplicate the navigator may confirm away)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import Patient


@pytest.fixture
def daniel(db: Any) -> Patient:
    return Patient.objects.create(mrn="NC0004242", first_name="Daniel", last_name="Williams",
                                  date_of_birth=date(1949, 3, 14), sex="male")


@pytest.fixture
def grace_referral(make_referral: Any) -> Any:
    return make_referral(first_name="Grace", last_name="Hopper",
                         date_of_birth=date(1956, 12, 9))


def _mrn_errors(page: str) -> str:
    found = re.search(r'<ul class="errorlist" id="id_mrn_error">(.*?)</ul>', page, re.S)
    assert found is not None, "no error on the MRN field"
    return html.unescape(found[1])


def test_an_mrn_in_use_is_named_on_the_mrn_field_with_its_holder(
        client: Client, nora: Any, daniel: Patient, grace_referral: Any) -> None:
    client.force_login(nora)
    response = client.post(f"/referrals/{grace_referral.pk}/convert/",
                           {"mrn": "NC0004242", "sex": "female"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert ("another patient already has this medical record number: Daniel Williams, born "
            "1949-03-14") in _mrn_errors(page)
    assert '<a href="#id_mrn">Medical record number: another patient already has' in page
    assert 'name="mrn" value="NC0004242"' in page
    assert '<option value="female" selected>' in page
    assert "same name and date of birth" not in page


def test_the_different_person_box_is_not_offered_against_an_mrn_clash(
        client: Client, nora: Any, daniel: Patient, grace_referral: Any) -> None:
    """Even a tick sent anyway leaves the MRN error in place and registers nobody."""
    client.force_login(nora)
    url = f"/referrals/{grace_referral.pk}/convert/"
    first = client.post(url, {"mrn": "NC0004242", "sex": "female"}).content.decode()
    assert 'name="confirm_not_duplicate"' not in first
    response = client.post(url, {"mrn": "NC0004242", "sex": "female",
                                 "confirm_not_duplicate": "on"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Daniel Williams, born 1949-03-14" in _mrn_errors(page)
    assert 'name="confirm_not_duplicate"' not in page
    assert ["NC0004242"] == list(Patient.objects.values_list("mrn", flat=True))
    grace_referral.refresh_from_db()
    assert ("new", None) == (grace_referral.status, grace_referral.patient)


def test_a_corrected_mrn_registers_the_referred_person(
        client: Client, nora: Any, daniel: Patient, grace_referral: Any) -> None:
    client.force_login(nora)
    url = f"/referrals/{grace_referral.pk}/convert/"
    client.post(url, {"mrn": "NC0004242", "sex": "female"})
    response = client.post(url, {"mrn": "NC0004243", "sex": "female"})
    grace = Patient.objects.get(mrn="NC0004243")
    assert (302, f"/patients/{grace.pk}/") == (response.status_code, response.url)
    assert ("Grace", "Hopper") == (grace.first_name, grace.last_name)


def test_the_mrn_holder_may_be_linked_when_they_are_the_same_person(
        client: Client, nora: Any, make_referral: Any) -> None:
    """The referral gives a new surname; the MRN shows it is a known patient."""
    known = Patient.objects.create(mrn="NC0004244", first_name="Rosa", last_name="Maiden",
                                   date_of_birth=date(1970, 5, 6), sex="female")
    referral = make_referral()
    client.force_login(nora)
    url = f"/referrals/{referral.pk}/convert/"
    page = client.post(url, {"mrn": "NC0004244", "sex": "female"}).content.decode()
    assert f'name="link_patient" value="{known.pk}"' in page
    assert "Link referral to this patient" in page
    response = client.post(url, {"link_patient": known.pk})
    assert 302 == response.status_code
    referral.refresh_from_db()
    assert ("converted", known) == (referral.status, referral.patient)
    assert 1 == Patient.objects.count()


def test_a_same_name_match_beside_an_mrn_clash_is_confirmed_only_with_a_free_mrn(
        client: Client, nora: Any, daniel: Patient, make_referral: Any) -> None:
    """Another Rosa Referred born the same day exists and Daniel has the MRN typed: the box
    is offered for the name match, the tick is kept, and it registers once the MRN is free."""
    namesake = Patient.objects.create(mrn="NC0004245", first_name="Rosa", last_name="Referred",
                                      date_of_birth=date(1970, 5, 6), sex="female")
    referral = make_referral()
    client.force_login(nora)
    url = f"/referrals/{referral.pk}/convert/"
    page = client.post(url, {"mrn": "NC0004242", "sex": "female",
                             "confirm_not_duplicate": "on"}).content.decode()
    assert "Daniel Williams" in _mrn_errors(page)
    assert f'name="link_patient" value="{namesake.pk}"' in page
    assert re.search(r'name="confirm_not_duplicate"[^>]*checked', page)
    assert 2 == Patient.objects.count()
    response = client.post(url, {"mrn": "NC0004246", "sex": "female",
                                 "confirm_not_duplicate": "on"})
    assert 302 == response.status_code
    assert Patient.objects.filter(mrn="NC0004246", first_name="Rosa").exists()


def test_the_action_refuses_an_mrn_in_use_even_when_a_different_person_is_confirmed(
        nora: Any, daniel: Patient, grace_referral: Any) -> None:
    """The API and every other caller get the same answer as the page."""
    from netcare.referrals.actions import MrnInUseError, convert_referral

    with pytest.raises(MrnInUseError) as error:
        convert_referral(grace_referral, by=nora, mrn="nc0004242", sex="female",
                         allow_same_name_and_birth_date=True)
    assert [daniel] == error.value.existing
    assert 1 == Patient.objects.count()
