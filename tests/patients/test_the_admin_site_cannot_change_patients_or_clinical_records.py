"""The program administrator cannot change, add or delete a patient or any clinical record in
Django's admin (its patient pages answer 404 and the rows stay as they were): demographics
change on the chart's "Edit details" page, through the audited action."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.patients.models import Patient

PATIENT_FORM = {"mrn": "NC0000001", "first_name": "Pat", "last_name": "Example",
                "date_of_birth": "1961-04-02", "sex": "female", "phone": "555-0199",
                "email": "", "address": "", "preferred_language": "en", "_save": "Save"}


def test_the_administrator_cannot_change_a_patients_phone_in_the_admin(
        client: Client, ada: Any, pat_record: Any) -> None:
    client.force_login(ada)
    page = f"/admin/patients/patient/{pat_record.pk}/change/"
    assert 404 == client.get(page).status_code
    assert 404 == client.post(page, PATIENT_FORM).status_code
    pat_record.refresh_from_db()
    assert "555-0142" == pat_record.phone
    assert not AuditEntry.objects.filter(patient=pat_record).exists()


def test_the_administrator_cannot_add_a_patient_in_the_admin(client: Client, ada: Any,
                                                              pat_record: Any) -> None:
    client.force_login(ada)
    response = client.post("/admin/patients/patient/add/",
                           {**PATIENT_FORM, "mrn": "NC0000999", "first_name": "Ann"})
    assert 404 == response.status_code
    assert ["NC0000001"] == list(Patient.objects.values_list("mrn", flat=True))


def test_the_administrator_cannot_delete_a_patient_in_the_admin(client: Client, ada: Any,
                                                                 pat_record: Any) -> None:
    client.force_login(ada)
    response = client.post(f"/admin/patients/patient/{pat_record.pk}/delete/", {"post": "yes"})
    assert 404 == response.status_code
    assert Patient.objects.filter(pk=pat_record.pk, last_name="Example").exists()


def test_the_admin_lists_no_patients(client: Client, ada: Any, pat_record: Any) -> None:
    """Neither the index nor any list names the patient (its pages would write no "Patient
    viewed" entry)."""
    client.force_login(ada)
    index = client.get("/admin/").content.decode()
    assert "Patients" not in index and "Example" not in index
    assert 404 == client.get("/admin/patients/patient/").status_code


CLINICAL = ["patients.Patient", "patients.TimelineEntry", "referrals.Referral",
            "referrals.ReferralDocument", "scheduling.Appointment",
            "scheduling.AppointmentChange", "scheduling.Reminder", "workup.LabResult",
            "workup.PetScan", "workup.PathologyReport", "tumors.Tumor", "treatments.Treatment",
            "treatments.Administration", "surveillance.SurveillancePlan",
            "surveillance.FollowUp", "nuclear.PrrtCourse", "tumorboard.Recommendation"]


@pytest.mark.parametrize("label", CLINICAL)
def test_no_admin_page_of_a_clinical_record_opens(client: Client, ada: Any, label: str,
                                                   ) -> None:
    """Its list, add, change and delete pages answer 404, so the actions stay the one way to
    change it and the areas' pages the one way to read it."""
    model = apps.get_model(label)
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    client.force_login(ada)
    answers = {path: client.get(path).status_code
               for path in (base, f"{base}add/", f"{base}1/change/", f"{base}1/delete/")}
    answers[f"POST {base}add/"] = client.post(f"{base}add/", {}).status_code
    assert {404} == set(answers.values()), answers


def test_a_tumor_stays_as_it_was_after_a_change_posted_in_the_admin(
        client: Client, ada: Any, pat_record: Any) -> None:
    """A clinical record with a real row: the post answers 404 and changes nothing."""
    from netcare.tumors.models import Tumor

    tumor = Tumor.objects.create(patient=pat_record, site="pancreas",
                                 diagnosed_on=date(2025, 1, 5))
    client.force_login(ada)
    response = client.post(f"/admin/tumors/tumor/{tumor.pk}/change/",
                           {"site": "small_intestine", "diagnosed_on": "2025-02-01"})
    assert 404 == response.status_code
    tumor.refresh_from_db()
    assert ("pancreas", date(2025, 1, 5)) == (tumor.site, tumor.diagnosed_on)
