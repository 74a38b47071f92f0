"""A referring physician attaches a PDF, types a birth date in the future and sends: the form
comes back saying what to correct and that the PDF is kept; she corrects the date, sends, and
the navigator finds the PDF on the referral's page. (A browser cannot fill a file input
again: the server keeps the file for the form.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    """Uploads go to a temporary MEDIA_ROOT; forms may be sent at once; no rate limit used."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REFERRAL_FORM_MIN_SECONDS = 0
    cache.clear()


def test_the_attached_report_survives_a_mistake_and_reaches_the_navigator(
        page: Any, nora: Any) -> None:
    page.goto("/referrals/new/")
    page.get_by_label("Physician referral").check()
    page.get_by_label("Patient's first name").fill("Pat")
    page.get_by_label("Patient's last name").fill("Example")
    page.get_by_label("Patient's date of birth").fill("2099-04-02")
    page.get_by_label("Phone", exact=True).fill("555-0142")
    page.get_by_label("Reason for referral").fill("Ileal mass on CT.")
    page.get_by_label("Referring physician (physicians only)").fill("Dr Rita Test")
    page.get_by_label("Prior reports or images").set_input_files(
        {"name": "ct-report.pdf", "mimeType": "application/pdf", "buffer": PDF})
    click_and_load(page, page.get_by_role("button", name="Send referral"))

    summary = page.locator(".error-summary").inner_text()
    assert "Date of birth cannot be in the future." in summary
    kept = " ".join(page.locator("main").inner_text().split())  # a no-break space too
    assert "Kept: ct-report.pdf (45 bytes) — remove" in kept
    assert not page.get_by_label("Remove ct-report.pdf").is_checked()
    assert "" == page.get_by_label("Prior reports or images").input_value()  # emptied
    assert "Dr Rita Test" == page.get_by_label(
        "Referring physician (physicians only)").input_value()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Patient's date of birth").fill("1961-04-02")
    click_and_load(page, page.get_by_role("button", name="Send referral"))
    assert "/referrals/thanks/" in page.url
    shown = re.search(r"R-\d{4}-\d{6}", page.get_by_role("status").inner_text())
    assert shown is not None
    reference = shown[0]

    page.context.clear_cookies()
    sign_in(page, "nora", PASSWORD)
    row = page.get_by_role("row").filter(has_text=reference)
    click_and_load(page, row.get_by_role("link", name=reference))
    documents = page.locator("section", has=page.get_by_role("heading", name="Documents"))
    assert "ct-report.pdf (PDF, 45 bytes)" in " ".join(documents.inner_text().split())
    with page.expect_download() as download:
        documents.get_by_role("link", name="ct-report.pdf").click()
    assert PDF == Path(download.value.path()).read_bytes()
