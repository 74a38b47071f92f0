"""On a 375 px phone the worklists, the tables with an action on each row (a patient's orders
among them) and the lists with more columns than a phone has room for (the board's meetings, the
audit trail) stack into one card per row: the first row's patient, dates and actions are on
screen without scrolling sideways, each under its column's name."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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


def _phone_page(page: Any, path: str, username: str = "nora") -> Any:
    page.set_viewport_size(PHONE)
    sign_in(page, username, PASSWORD)
    page.goto(path)
    page.wait_for_load_state("load")  # the stylesheet is applied
    return page.locator("table.stack-sm tbody tr").first


def _fits(row: Any) -> None:
    """The row's table is no wider than its box: nothing waits behind a sideways scroll."""
    widths = row.evaluate("tr => { const wrap = tr.closest('.table-wrap');"
                          " return [wrap.scrollWidth, wrap.clientWidth]; }")
    assert widths[0] <= widths[1], widths


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


def test_the_appointments_list_shows_visit_status_and_its_actions_on_a_phone(
        page: Any, nora: Any, sam: Any, long_named_patient: Any) -> None:
    """A requested visit: Visit, Status, Confirm, Move and Cancel are on screen."""
    from netcare.scheduling.actions import request_appointment
    from netcare.scheduling.models import ClinicianAvailability
    from netcare.workup.dates import program_today, program_zone

    for weekday in range(5):
        ClinicianAvailability.objects.create(clinician=sam, weekday=weekday,
                                             starts=time(9), ends=time(17))
    day = program_today() + timedelta(days=7)
    day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
    request_appointment(long_named_patient, clinician=sam, kind="follow_up",
                        starts_at=datetime.combine(day, time(10), tzinfo=program_zone()),
                        by=nora)
    row = _phone_page(page, "/appointments/")
    _fits(row)
    for element in (row.get_by_role("link", name="Montgomery-Fitzgerald, Alexandra-Josephine"),
                    row.locator('td[data-label="Visit"]'), row.locator('td[data-label="Status"]'),
                    row.get_by_role("button", name="Confirm"),
                    row.get_by_role("link", name="Move"), row.get_by_role("link", name="Cancel")):
        _on_screen(page, element)
    assert "Requested" in row.locator('td[data-label="Status"]').inner_text()


def test_a_patients_treatments_show_doses_next_due_and_record_dose_on_a_phone(
        page: Any, sam: Any, long_named_patient: Any) -> None:
    from netcare.treatments.actions import record_treatment
    from netcare.workup.dates import program_today

    record_treatment(long_named_patient, {"kind": "lanreotide", "agent": "120 mg deep s.c.",
                                          "start_on": program_today() - timedelta(days=30)},
                     by=sam)
    row = _phone_page(page, f"/treatments/patients/{long_named_patient.pk}/", "sam")
    _fits(row)
    for element in (row.locator('td[data-label="Doses"]'),
                    row.locator('td[data-label="Next due"]'),
                    row.get_by_label("Given on"), row.get_by_label("Dose", exact=True),
                    row.get_by_role("button", name="Record dose")):
        _on_screen(page, element)
    assert "1" == row.locator('td[data-label="Doses"]').inner_text().strip()  # the first


def test_a_pet_day_shows_each_booking_and_its_cancel_button_on_a_phone(
        page: Any, theo: Any, long_named_patient: Any) -> None:
    from netcare.nuclear.models import Department, PetRequest
    from netcare.workup.dates import program_zone

    Department.objects.create(generator_calibration_date=date(2026, 11, 2),
                              opens=time(8), closes=time(17))
    zone = program_zone()
    PetRequest.objects.create(
        patient=long_named_patient, weight_kg=72.0, earliest_day=date(2026, 12, 1),
        status="booked", injection_at=datetime(2026, 12, 1, 8, 0, tzinfo=zone),
        scan_at=datetime(2026, 12, 1, 9, 0, tzinfo=zone), scanner="PET-1", source="ga68",
        elution=0, created_by=theo)
    row = _phone_page(page, "/nuclear/day/2026-12-01/", "theo")
    _fits(row)
    name = long_named_patient.full_name
    for element in (row.locator('td[data-label="Patient"]'),
                    row.locator('td[data-label="Tracer"]'),
                    row.get_by_label(f"Reason for cancelling {name}"),
                    row.get_by_role("button", name=f"Cancel the booking of {name}")):
        _on_screen(page, element)


def test_board_tasks_show_urgency_and_status_on_a_phone(
        page: Any, cora: Any, nora: Any, sam: Any, long_named_patient: Any) -> None:
    from django.utils import timezone

    from netcare.tumorboard import actions
    from netcare.workup.dates import program_today

    series = actions.create_series(
        {"name": "NET board", "weekday": 2, "local_time": time(7, 30), "case_cap": 3,
         "cutoff_hours": 48, "virtual_link": "https://meet.example.org/net-board"},
        by=cora, weeks=1, start_on=program_today() + timedelta(days=7))
    meeting = series.meetings.get()
    case = actions.submit_case(meeting, long_named_patient, "Next step?", by=nora, presenter=sam)
    actions.record_recommendation(case, {
        "follow_up_kind": "treatment", "treatment_kind": "lanreotide", "urgency": "soon",
        "owner": sam, "due_on": timezone.localtime(meeting.starts_at).date() + timedelta(days=14),
        "text": "Start lanreotide 120 mg every 4 weeks; repeat the DOTATATE PET in six months.",
        "dissent": ""}, by=cora)
    row = _phone_page(page, "/board/tasks/", "sam")
    _fits(row)
    for element in (row.get_by_role("link", name=long_named_patient.full_name),
                    row.locator('td[data-label="Urgency"]'),
                    row.locator('td[data-label="Status"]')):
        _on_screen(page, element)
    assert "open" in row.locator('td[data-label="Status"]').inner_text()


def test_a_patients_orders_show_test_status_and_record_result_on_a_phone(
        page: Any, sam: Any, long_named_patient: Any) -> None:
    from netcare.workup.actions import place_order

    place_order(long_named_patient, "pet", by=sam, note="Restaging after 4 cycles of PRRT")
    row = _phone_page(page, f"/workup/patients/{long_named_patient.pk}/", "sam")
    _fits(row)
    for element in (row.locator('td[data-label="Test"]'), row.locator('td[data-label="Status"]'),
                    row.get_by_role("link", name="Record the result of Ga-68 DOTATATE PET/CT")):
        _on_screen(page, element)
    assert "Restaging" in row.locator('td[data-label="Note"]').inner_text()


def test_the_boards_upcoming_meetings_show_when_status_and_cut_off_on_a_phone(
        page: Any, cora: Any, nora: Any) -> None:
    from netcare.tumorboard import actions
    from netcare.workup.dates import program_today

    actions.create_series(
        {"name": "Neuroendocrine tumor board", "weekday": 2, "local_time": time(7, 30),
         "case_cap": 3, "cutoff_hours": 48}, by=cora, weeks=2,
        start_on=program_today() + timedelta(days=7))
    _phone_page(page, "/board/")
    row = page.get_by_role("region", name="Upcoming meetings").locator("tbody tr").first
    _fits(row)
    for element in (row.get_by_role("link"), row.locator('td[data-label="Board"]'),
                    row.locator('td[data-label="Status"]'),
                    row.locator('td[data-label="Submissions close"]')):
        _on_screen(page, element)
    assert "Neuroendocrine tumor board" == row.locator('td[data-label="Board"]').inner_text()
    assert "Scheduled" == row.locator('td[data-label="Status"]').inner_text()


def test_the_audit_trail_shows_when_who_what_and_whose_record_on_a_phone(
        page: Any, ada: Any, nora: Any, long_named_patient: Any) -> None:
    """A navigator's change to a patient's record: when, who, what and the patient's MRN are on
    screen; the object and the address stay left out on a phone, as the action's code does."""
    from netcare.patients.actions import update_patient_contact

    update_patient_contact(
        long_named_patient,
        {"email": "alexandra-josephine.montgomery-fitzgerald@example.org"}, by=nora)
    row = _phone_page(page, "/audit/?mrn=NC0000375", "ada")
    _fits(row)
    when = row.locator('td[data-label^="When"]')
    user, action = row.locator('td[data-label="User"]'), row.locator('td[data-label="Action"]')
    patient = row.locator('td[data-label="Patient"]')
    for element in (when, user, action, patient):
        _on_screen(page, element)
    assert ("nora", "NC0000375") == (user.inner_text(), patient.inner_text())
    assert "Patient updated" == action.inner_text().strip()
    assert not row.locator('td[data-label="Address"]').is_visible()
