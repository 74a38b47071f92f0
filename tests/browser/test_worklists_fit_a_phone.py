"""On a 375 px phone the navigator's worklists stack into one card per row: the first row's
patient, due date and action are on screen without scrolling sideways, each under its column's
name."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def long_named_patient(db: Any) -> Any:
    from netcare.patients.models import Patient

    return Patient.objects.create(
        mrn="NC0000375", first_name="Alexandra-Josephine", last_name="Montgomery-Fitzgerald",
        date_of_birth=date(1958, 11, 23), sex="female", phone="+1 (202) 555-0142 ext. 12")


def _on_screen(page: Any, locator: Any) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, locator
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (locator, box)


def _phone_page(page: Any, path: str) -> Any:
    page.set_viewport_size(PHONE)
    sign_in(page, "nora", PASSWORD)
    page.goto(path)
    page.wait_for_load_state("load")  # the stylesheet is applied
    return page.locator("table.stack-sm tbody tr").first


def test_the_follow_up_worklist_shows_patient_due_date_and_save_on_a_phone(
        page: Any, nora: Any, sam: Any, long_named_patient: Any) -> None:
    from netcare.surveillance.actions import generate_plan
    from netcare.tumors.models import Tumor
    from netcare.workup.dates import program_today

    tumor = Tumor.objects.create(patient=long_named_patient, site="pancreas", category="NET",
                                 grade="G1", t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    row = _phone_page(page, "/surveillance/worklist/")
    name = row.get_by_role("link", name="Montgomery-Fitzgerald, Alexandra-Josephine")
    due = row.locator('td[data-label="Due"]')
    save = row.get_by_role("button", name="Save")
    for element in (name, due, save):
        _on_screen(page, element)
    assert "overdue" in due.inner_text()
    # The cell shows its column's name above the value (the header row is hidden).
    label = due.evaluate("td => getComputedStyle(td, '::before').content")
    assert '"Due"' == label


def test_the_referral_queue_shows_reference_person_and_received_on_a_phone(
        page: Any, nora: Any) -> None:
    from netcare.referrals.actions import submit_referral

    submit_referral({"source": "self", "first_name": "Alexandra-Josephine",
                     "last_name": "Montgomery-Fitzgerald", "date_of_birth": date(1958, 11, 23),
                     "phone": "555-0150", "reason": "Flushing for months",
                     "symptoms": ["flushing"], "hereditary_syndromes": []}, by=None)
    row = _phone_page(page, "/referrals/")
    for element in (row.get_by_role("link"),
                    row.get_by_text("Montgomery-Fitzgerald, Alexandra-Josephine"),
                    row.locator('td[data-label="Received"]')):
        _on_screen(page, element)


def test_injections_due_show_patient_and_due_date_on_a_phone(
        page: Any, nora: Any, sam: Any, long_named_patient: Any) -> None:
    from netcare.treatments.actions import record_treatment
    from netcare.workup.dates import program_today

    record_treatment(long_named_patient, {"kind": "lanreotide", "agent": "120 mg deep s.c.",
                                          "start_on": program_today() - timedelta(days=30)},
                     by=sam)
    row = _phone_page(page, "/treatments/injections-due/")
    for element in (row.get_by_role("link", name="Montgomery-Fitzgerald, Alexandra-Josephine"),
                    row.locator('td[data-label="Due"]'), row.locator('td[data-label="Status"]')):
        _on_screen(page, element)
    assert "Overdue by 2 days" in row.locator('td[data-label="Status"]').inner_text()
