"""In a real browser, a form sent back with errors puts the keyboard focus on its error summary
(no script: the `autofocus` attribute), and a link of the summary takes the user to the field."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD


def test_the_summary_has_the_focus_and_its_link_leads_to_the_phone_field(
        page: Any, pat: Any, pat_record: Any) -> None:
    sign_in(page, "pat", PASSWORD)
    page.goto("/portal/contact/")
    page.get_by_label("Phone").fill("abc")
    click_and_load(page, page.get_by_role("button", name="Save"))
    summary = page.locator(".error-summary")
    # The browser moves the focus to an `autofocus` element when it next renders, which may
    # come after the load event: the expectation retries until then.
    expect(summary).to_be_focused()
    assert "Please correct the following" in summary.inner_text()
    summary.get_by_role("link", name="Phone: Use digits").click()
    expect(page.get_by_label("Phone")).to_be_focused()
    assert "abc" == page.get_by_label("Phone").input_value()
