"""On a 375 px phone, by keyboard: the administrator opens a chart, follows "Edit details",
changes the phone number and saves; the chart shows the new number and the page never
scrolls sideways."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

PHONE = {"width": 375, "height": 667}


def test_the_administrator_edits_a_phone_number_by_keyboard_on_a_phone(
        page: Any, ada: Any, pat_record: Any) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "ada", PASSWORD)
    page.goto(f"/patients/{pat_record.pk}/")
    link = page.get_by_role("link", name="Edit details")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Edit details" == page.get_by_role("heading", level=1).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone = page.get_by_label("Phone")
    phone.focus()
    phone.fill("555-0199")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as the Save button would
    assert page.url.endswith(f"/patients/{pat_record.pk}/")
    assert "Phone 555-0199" in page.locator("section.chart-header").inner_text()
