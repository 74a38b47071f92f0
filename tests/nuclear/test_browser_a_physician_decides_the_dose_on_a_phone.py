"""In a real browser on a 375 px phone, by keyboard only: the nuclear-medicine physician opens
the dose decision from the course, reads the table's suggestion, chooses a more cautious dose
with a reason, and the course shows her decision; nothing needs a sideways scroll."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.nuclear.conftest import GOOD_LABS

PHONE = {"width": 375, "height": 812}


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_a_physician_decides_a_reduced_dose_by_keyboard_on_a_phone(
        page: Any, theo: Any, nina: Any, course: Any) -> None:
    from netcare.nuclear.actions import record_labs

    cycle = course.cycles.get()
    record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 24), today=date(2026, 11, 25),
                by=theo)
    page.set_viewport_size(PHONE)
    sign_in(page, "nina", PASSWORD)
    page.goto(f"/nuclear/patients/{course.patient.pk}/prrt/")
    _fits(page)
    link = page.get_by_role("link", name="Decide the dose")
    link.focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    main = page.locator("main").inner_text()
    assert "give the full dose 7.4 GBq (200 mCi) at administration" in main
    assert "label 2.2: 7.4 GBq every 8 weeks" in main
    _fits(page)

    page.get_by_label("give the full dose (7.4 GBq at administration)").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("give a reduced dose (3.7 GBq at administration)").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("frail, 82 years")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    section = page.locator(f"#cycle-{cycle.number}").inner_text()
    assert ("Dose decision: give a reduced dose 3.7 GBq (100 mCi) at administration, decided "
            "by Nina Test") in section
    assert "the label's table suggested give the full dose: frail, 82 years" in section
    _fits(page)
