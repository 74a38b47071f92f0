"""The patient journey on a phone, each leg by the person who does it (issue: the patient
journey): a person refers themselves; the navigator triages, registers and books; a physician
orders a PET that nuclear medicine records; a pathologist reports; grade and stage appear
computed; a surgeon records the operation; the navigator generates the follow-up plan; a
physician releases one result; the patient sees it, and not the other, in the portal.

Every page is the real one, driven by label and role (accessible names double as an
accessibility check), at 390×844, and every key page must fit the phone's width.
"""

from __future__ import annotations

import re
import time
from datetime import time as clock
from typing import Any

import pytest

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM_MIN_SECONDS = 3.2  # the referral form refuses what is sent under 3 s after it was shown


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    """Uploads go to a temporary MEDIA_ROOT; the referral rate limit starts afresh."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def sam_sees_patients(sam: Any) -> Any:
    """The surgeon has clinic on every weekday morning, so the free-slots picker offers times."""
    from netcare.scheduling.models import ClinicianAvailability

    for weekday in range(5):
        ClinicianAvailability.objects.create(clinician=sam, weekday=weekday,
                                             starts=clock(9), ends=clock(12))
    return sam


def fits_the_phone(page: Any) -> bool:
    """No sideways scrolling: the document is no wider than the viewport."""
    page.wait_for_load_state("load")  # the stylesheet is applied (sign-in waits only for DOM)
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"))


def sign_out_and_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def section(page: Any, heading: str) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name=heading))


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_the_referral_form_is_reachable_and_sent_with_the_keyboard(page: Any,
                                                                  nora: Any) -> None:
    """Tab walks every visible field of the referral form in order and skips the hidden
    spam trap; the sign-in page is filled with Tab and sent with Enter."""
    page.goto("/referrals/new/")
    page.get_by_label("Patient's first name").focus()
    order = []
    for _ in range(60):
        name = page.evaluate("document.activeElement.name || document.activeElement.tagName")
        if not order or order[-1] != name:
            order.append(name)
        if name == "BUTTON":
            break
        page.keyboard.press("Tab")
    fields = ["first_name", "last_name", "date_of_birth", "phone", "email",
              "preferred_contact_times", "reason", "symptoms", "hereditary_syndromes",
              "family_history_of_net", "family_history_details", "referring_physician_name",
              "referring_practice", "referring_phone", "documents", "BUTTON"]
    assert fields == [name for i, name in enumerate(order) if name not in order[:i]]
    assert "website" not in order and "stamp" not in order
    assert fits_the_phone(page)

    page.goto("/accounts/login/")
    assert fits_the_phone(page)
    page.get_by_label("Username").focus()
    page.keyboard.type("nora")
    page.keyboard.press("Tab")
    assert "password" == page.evaluate("document.activeElement.name")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/referrals/")
    assert "Referral queue" in page.get_by_role("heading", level=1).inner_text()


def test_the_whole_journey_as_each_role_sees_it_on_a_phone(
    page: Any, pat: Any, nora: Any, sam_sees_patients: Any, theo: Any, paula: Any
) -> None:
    """Self-referral → triage, registration and booking → PET and pathology → computed grade
    and stage → surgery and follow-up plan → the patient sees only the released result."""
    from netcare.patients.models import Patient

    # 1. A person refers themselves, with symptoms, a syndrome, call times and a PDF.
    page.goto("/referrals/new/")
    shown_at = time.monotonic()
    assert fits_the_phone(page)
    page.get_by_label("Self-referral").check()
    page.get_by_label("Patient's first name").fill("Pat")
    page.get_by_label("Patient's last name").fill("Example")
    page.get_by_label("Patient's date of birth").fill("1961-04-02")
    page.get_by_label("Phone", exact=True).fill("555-0142")
    page.get_by_label("Reason for referral").fill("Yellow eyes for two weeks; flushing.")
    page.get_by_label("Yellow skin or eyes (jaundice)").check()
    page.get_by_label("Facial flushing (face turns red and warm)").check()
    page.get_by_label("Multiple endocrine neoplasia type 1 (MEN1)").check()
    page.get_by_label("Prior reports or images").set_input_files(
        {"name": "ultrasound.pdf", "mimeType": "application/pdf", "buffer": PDF})
    contact = page.get_by_label("When should we call?")
    contact.fill("weekday mornings")
    time.sleep(max(0.0, FORM_MIN_SECONDS - (time.monotonic() - shown_at)))
    contact.press("Enter")  # implicit submission from a text field, keyboard only
    page.wait_for_url("**/referrals/thanks/")
    confirmation = page.get_by_role("status").inner_text()
    reference = re.search(r"R-\d{4}-\d{6}", confirmation)
    assert reference is not None, confirmation
    reference_number = reference[0]
    assert fits_the_phone(page)

    # 2. The navigator finds it in the queue, flagged, triages, registers and books.
    sign_out_and_in(page, "nora")
    assert "/referrals/" in page.url
    row = page.get_by_role("row").filter(has_text=reference_number)
    flags = row.inner_text()
    assert "Urgent review" in flags and "Genetic counselling" in flags
    assert "Urgent" in flags  # the priority computed from the jaundice
    assert fits_the_phone(page)
    click_and_load(page, row.get_by_role("link", name=reference_number))
    detail = main_text(page)
    assert "ultrasound.pdf" in detail and "weekday mornings" in detail
    assert "a clinician decides" in detail
    page.get_by_label("Status").select_option(label="Triaged")
    page.get_by_label("Assigned navigator").select_option(str(nora.pk))
    page.get_by_label("Reason (for the history)").fill("Jaundice: see this week.")
    click_and_load(page, page.get_by_role("button", name="Save"))
    assert f"{reference_number} updated." in page.get_by_role("status").inner_text()
    assert "New → Triaged, by Nora Test: “Jaundice: see this week.”" in main_text(page)
    page.get_by_label("Medical record number").fill("NC0042001")
    page.get_by_label("Sex").select_option(label="Female")
    click_and_load(page, page.get_by_role("button", name="Register patient"))
    assert "converted: Pat Example" in page.get_by_role("status").inner_text()
    patient = Patient.objects.get(mrn="NC0042001")
    assert f"/patients/{patient.pk}/" in page.url
    # The registered person is given a portal account (here: the `pat` user).
    Patient.objects.filter(pk=patient.pk).update(user=pat)
    click_and_load(page, page.get_by_role("link", name="Book a visit"))
    page.get_by_label("Clinician").select_option(label="Sam Test — Surgery")
    click_and_load(page, page.get_by_role("button", name="Show free times"))
    first_time = page.get_by_role("radio").first
    booked_label = page.locator(f'label[for="{first_time.get_attribute("id")}"]').inner_text()
    assert "Sam Test (Surgery)" in booked_label
    first_time.check()
    page.get_by_label("Reason for the visit").fill("New-patient visit: jaundice")
    click_and_load(page, page.get_by_role("button", name="Book"))
    assert "Appointment booked." in page.get_by_role("status").inner_text()
    booked = page.get_by_role("row").filter(has_text="Example, Pat").inner_text()
    assert "New-patient visit" in booked and "Confirmed" in booked

    # 3. A physician orders the PET; nuclear medicine records it; the pathologist reports.
    sign_out_and_in(page, "sam")
    page.goto(f"/patients/{patient.pk}/")
    click_and_load(page, page.get_by_role("link", name="Workup"))
    page.get_by_label("Kind").select_option(label="Ga-68 DOTATATE PET/CT")
    click_and_load(page, page.get_by_role("button", name="Place order"))
    assert "Order placed." in page.get_by_role("status").inner_text()

    sign_out_and_in(page, "theo")
    page.goto(f"/workup/patients/{patient.pk}/")
    record_pet = page.get_by_role("link", name=re.compile("Record the result of Ga-68 DOTATATE"))
    click_and_load(page, record_pet)
    page.get_by_label("Performed on").fill("2025-03-03")
    page.get_by_label("Liver SUVmax").fill("6")
    page.get_by_label("Spleen SUVmax").fill("20")
    page.get_by_label("Impression").fill("Avid ileal primary.")
    page.locator("#id_lesions-0-location").select_option("primary")
    page.locator("#id_lesions-0-site").fill("terminal ileum")
    page.locator("#id_lesions-0-size_mm").fill("18")
    page.locator("#id_lesions-0-suv_max").fill("25")
    assert fits_the_phone(page)
    click_and_load(page, page.get_by_role("button", name="Record result"))
    assert "Result recorded." in page.get_by_role("status").inner_text()
    lesion = page.get_by_role("row").filter(has_text="terminal ileum").inner_text()
    assert "4" in lesion and "Derived from SUVmax" in lesion  # Krenning computed, not typed
    click_and_load(page, page.get_by_role("link", name=re.compile("Workup of")))
    assert "Resulted" in page.get_by_role("row").filter(has_text="DOTATATE").inner_text()

    sign_out_and_in(page, "paula")
    page.goto(f"/workup/patients/{patient.pk}/pathology/new/")
    page.get_by_label("Performed on").fill("2025-03-20")
    page.get_by_label(re.compile(r"^Site\b")).select_option("jejunum_ileum")
    page.get_by_label("Specimen").select_option("resection")
    page.get_by_label("Histology").fill("well-differentiated neuroendocrine tumor")
    page.get_by_label("Differentiation").select_option("well")
    page.get_by_label("Ki-67 (%)").fill("8")
    page.get_by_label("Mitoses per 2 mm²").fill("1")
    page.get_by_label("Size (cm)").fill("1.8")
    page.get_by_label("Depth").select_option("muscularis_propria")
    page.get_by_label("Margins").select_option("negative")
    page.get_by_label("Nodes examined").fill("14")
    page.get_by_label("Nodes positive").fill("0")
    click_and_load(page, page.get_by_role("button", name="Record result"))
    assert "Result recorded." in page.get_by_role("status").inner_text()

    # The tumor page: grade and stage computed, with the inputs used and who decides.
    page.goto(f"/patients/{patient.pk}/")
    problems = page.get_by_role("region", name="Current problems")
    assert "G2" in problems.inner_text() and "stage II" in problems.inner_text()
    click_and_load(page, problems.get_by_role("link").first)
    tumor_page = main_text(page)
    assert "NET G2, T2 N0 M0, stage II" in tumor_page
    assert "Inputs used" in tumor_page and "Ki-67 (%) 8" in tumor_page
    assert "a clinician decides" in tumor_page
    assert fits_the_phone(page)

    # 4. The surgeon records the operation; the navigator generates the follow-up plan.
    sign_out_and_in(page, "sam")
    page.goto(f"/treatments/patients/{patient.pk}/")
    page.get_by_label("Kind").select_option("surgery")
    page.get_by_label("Agent").fill("segmental ileal resection")
    page.get_by_label("Intent").select_option("curative")
    page.get_by_label("Start on").fill("2025-03-18")
    page.get_by_label("End on").fill("2025-03-18")
    click_and_load(page, page.get_by_role("button", name="Record treatment"))
    assert "segmental ileal resection" in page.get_by_role("table").inner_text()

    sign_out_and_in(page, "nora")
    page.goto(f"/surveillance/patients/{patient.pk}/")
    page.get_by_label("Start (date of treatment or diagnosis)").fill("2025-03-18")
    click_and_load(page, page.get_by_role("button", name="Generate"))
    plan = main_text(page)
    assert "2025-06-18" in plan and "a clinician decides" in plan
    click_and_load(page, page.get_by_role("link", name=re.compile("Chart of")))
    history = page.get_by_role("list", name="History").inner_text()
    assert "segmental ileal resection" in history
    # The plan's visits to come wait under "Planned", apart from what happened.
    planned = page.get_by_role("list", name="Planned, not done yet").inner_text()
    assert "Follow-up visit (planned)" in planned
    assert "segmental ileal resection" not in planned
    assert "Next follow-up: due 2025-06-18" in main_text(page)
    assert fits_the_phone(page)

    # 5. A physician releases the PET, not the pathology; the patient sees only the PET.
    sign_out_and_in(page, "sam")
    page.goto(f"/workup/patients/{patient.pk}/")
    click_and_load(page, page.get_by_role("link", name=re.compile("DOTATATE PET.CT 2025-03-03")))
    click_and_load(page, page.get_by_role("button", name="Release to the patient"))
    assert "Released to the patient." in page.get_by_role("status").inner_text()

    sign_out_and_in(page, "pat")
    assert "/portal/" in page.url
    results = section(page, "Your results").inner_text()
    assert "Krenning 4" in results
    assert "Pathology" not in results and "Ki-67" not in results
    visits = section(page, "Your upcoming appointments").inner_text()
    assert "New-patient visit" in visits and "Confirmed" in visits
    assert fits_the_phone(page)
    page.goto("/workup/me/")
    mine = main_text(page)
    assert "PET/CT" in mine and "Pathology" not in mine
    assert fits_the_phone(page)
