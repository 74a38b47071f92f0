"""On a 375 px phone, following a course page's "REFERENCE §5" by keyboard lands on §5 of the
clinical sources page, which fits the screen."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

PHONE = {"width": 375, "height": 667}


def test_a_citation_opens_its_section_of_the_sources_page_on_a_phone(
    page: Any, pat_record: Any, theo: Any
) -> None:
    from netcare.nuclear.actions import start_course

    start_course(pat_record, {"age_years": 64.0, "gep_net": True, "sstr_positive": True},
                 first_window_start=date(2026, 12, 1), by=theo)
    page.set_viewport_size(PHONE)
    sign_in(page, "theo", PASSWORD)
    page.goto(f"/nuclear/patients/{pat_record.pk}/prrt/")
    link = page.get_by_role("link", name="REFERENCE §5").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/sources/#reference-5")
    section = page.locator("#reference-5")
    assert section.evaluate("s => s.matches(':target')")
    box = section.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] / 2  # scrolled to it
    assert "Verification: unverified" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
