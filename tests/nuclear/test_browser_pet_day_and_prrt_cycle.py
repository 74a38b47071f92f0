"""In a real browser: a technologist plans a PET day; a nurse (nuclear-medicine staff role)
runs a PRRT cycle from labs to administration."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD


def test_a_technologist_plans_a_pet_day(page: Any, theo: Any, pat_record: Any,
                                        other_record: Any, department: Any) -> None:
    """Theo lands on the nuclear-medicine home, runs the optimiser, accepts, sees the day;
    then cancels one booking from the day view and accepts the re-plan, which moves a waiting
    request into the freed slot."""
    from netcare.nuclear.actions import request_pet

    department.route = "kit"  # three patients a day at most
    department.save()
    monday = date(2026, 11, 30)
    for patient in (pat_record, other_record):
        request_pet(patient, {"weight_kg": 72.0, "earliest_day": monday, "latest_day": monday},
                    by=theo)
    sign_in(page, "theo", PASSWORD)
    assert "/nuclear/" in page.url
    page.get_by_label("First day").fill("2026-11-30")
    page.get_by_label("Days (1-28)").fill("1")
    click_and_load(page, page.get_by_role("button", name="Run the optimiser"))
    assert "Proposed" in page.get_by_role("status").first.inner_text()
    assert "Physics bound" in page.locator("main").inner_text()
    click_and_load(page, page.get_by_role("button", name="Accept plan and book patients"))
    assert "Plan accepted" in page.locator(".messages").inner_text()
    page.goto("/nuclear/day/2026-11-30/")
    assert "Example" in page.locator("main").inner_text()

    late = request_pet(pat_record, {"weight_kg": 60.0, "earliest_day": monday,
                                    "latest_day": monday}, by=theo)
    name = other_record.full_name
    click_and_load(page, page.get_by_role("button", name=f"Cancel the booking of {name}").first)
    replan = page.locator("#replan").inner_text()
    assert "Moved in (1)" in replan and pat_record.full_name in replan
    click_and_load(page, page.get_by_role("button", name="Accept plan and book patients"))
    assert "Plan accepted" in page.locator(".messages").inner_text()
    late.refresh_from_db()
    assert "booked" == late.status
    page.goto("/nuclear/day/2026-11-30/")
    assert name not in page.locator("main").inner_text()


def test_a_nurse_runs_a_prrt_cycle(page: Any, theo: Any, nina: Any, course: Any,
                                  time_machine: Any) -> None:
    """Labs suggest 7.4 GBq and the physician decides it; checklist; order shows the decayed
    activity; administration, recorded once it happened."""
    from netcare.nuclear.actions import decide_dose
    from tests.nuclear.conftest import LA

    time_machine.move_to(datetime(2026, 12, 2, 9, 30, tzinfo=LA))

    cycle = course.cycles.get()
    sign_in(page, "theo", PASSWORD)
    page.goto(f"/nuclear/patients/{course.patient.pk}/prrt/")
    click_and_load(page, page.get_by_role("link", name="Record labs"))
    page.get_by_label("Labs drawn on").fill("2026-11-24")
    for label in ("Thrombocytopenia", "Anemia", "Neutropenia"):
        page.get_by_label(label).fill("0")
    page.get_by_label("Creatinine clearance").fill("78")
    page.get_by_label("Creatinine (mg/dL)").fill("1.0")
    page.get_by_label("Bilirubin").fill("0.5")
    page.get_by_label("Albumin").fill("40")
    click_and_load(page, page.get_by_role("button", name="Save"))
    section = page.locator(f"#cycle-{cycle.number}").inner_text()
    assert "Label table suggests: give the full dose" in section
    assert "waits for a nuclear-medicine physician's decision" in section
    assert 0 == page.get_by_role("link", name="Order dose").count()
    cycle.refresh_from_db()
    decide_dose(cycle, "give_full", by=nina)  # Nina decides on her own screen
    page.reload()

    click_and_load(page, page.get_by_role("link", name="Checklist"))
    assert 0 == page.get_by_label("Pregnancy test negative").count()
    for label in ("Somatostatin analog washout", "Consent signed", "Amino acid infusion ready",
                  "Anti-emetic premedication"):
        page.get_by_label(label).check()
    click_and_load(page, page.get_by_role("button", name="Save"))

    click_and_load(page, page.get_by_role("link", name="Order dose"))
    page.get_by_label("Activity at calibration").fill("8.2")
    page.get_by_label("Calibration date and time").fill("2026-12-01T08:00")
    page.get_by_label("Planned administration time").fill("2026-12-02T08:00")
    click_and_load(page, page.get_by_role("button", name="Save"))
    section = page.locator(f"#cycle-{cycle.number}").inner_text()
    assert "7.39 GBq (200 mCi)" in section

    click_and_load(page, page.get_by_role("link", name="Record administration"))
    page.get_by_label("Administered activity").fill("7.39")
    page.get_by_label("Administration time").fill("2026-12-02T08:00")
    click_and_load(page, page.get_by_role("button", name="Save"))
    assert "Given" in page.locator(f"#cycle-{cycle.number}").inner_text()
    assert "Cycle 2 of 4" in page.locator("main").inner_text()
