"""A pathologist chooses differentiation in words ("Well differentiated"), the same words the
board's case summary and the PRRT check show; the stored code stays "well"."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.workup.models import PathologyReport


def test_the_pathology_form_offers_differentiation_in_words(
        client: Client, paula: Any, pat_record: Any) -> None:
    client.force_login(paula)
    page = client.get(f"/workup/patients/{pat_record.pk}/pathology/new/").content.decode()
    select = re.search(r'<select name="differentiation".*?</select>', page, re.S)
    assert select is not None
    assert ['Well differentiated', 'Poorly differentiated'] == re.findall(
        r'<option value="(?:well|poor)"[^>]*>([^<]+)</option>', select.group(0))


def test_a_report_shows_the_words_and_keeps_the_code() -> None:
    report = PathologyReport(differentiation="well")
    assert ("well", "Well differentiated") == (report.differentiation,
                                               report.get_differentiation_display())
