"""In a real browser, a form sent back with errors puts the keyboard focus on its error summary
(no script: the `autofocus` attribute), and a link of the summary takes the user to the field."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def test_the_summary_has_the_focus_and_its_link_leads_to_the_phone_field(
        page: Any, pat: Any, pat_record: Any) -> None:
    sign_in(page, "pat", PASSWORD)
    page.goto("/portal/contact/")
    page.get_by_label("Phone").fill("abc")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    focused = page.evaluate("document.activeElement.className")
    assert "error-summary" == focused
    summary = page.locator(".error-summary")
    assert "Please correct the following" in summary.inner_text()
    summary.get_by_role("link", name="Phone: Use digits").click()
    assert "phone" == page.evaluate("document.activeElement.name")
    assert "abc" == page.get_by_label("Phone").input_value()
