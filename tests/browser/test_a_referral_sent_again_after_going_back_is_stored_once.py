"""A person who goes Back after the referral's confirmation and presses "Send referral" again
sees the same reference number, and the navigator gets one referral. (Chromium fetches the
form afresh, with a new one-time token, and fills in what was typed.)"""

from __future__ import annotations

import re
from typing import Any

from netcare.referrals.models import Referral
from tests.browser.conftest import click_and_load


def _reference_shown(page: Any) -> str:
    shown = re.search(r"R-\d{4}-\d{6}", page.get_by_role("status").inner_text())
    assert shown is not None
    return shown[0]


def test_back_and_send_again_shows_the_same_reference(page: Any, settings: Any,
                                                      transactional_db: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.REFERRAL_FORM_MIN_SECONDS = 0
    page.goto("/referrals/new/")
    page.get_by_label("Self-referral").check()
    page.get_by_label("Patient's first name").fill("Pat")
    page.get_by_label("Patient's last name").fill("Example")
    page.get_by_label("Patient's date of birth").fill("1961-04-02")
    page.get_by_label("Phone", exact=True).fill("555-0142")
    page.get_by_label("Reason for referral").fill("Yellow eyes for two weeks.")
    click_and_load(page, page.get_by_role("button", name="Send referral"))
    first = _reference_shown(page)

    page.go_back(wait_until="load")
    assert "Pat" == page.get_by_label("Patient's first name").input_value()
    click_and_load(page, page.get_by_role("button", name="Send referral"))
    assert "/referrals/thanks/" in page.url
    assert first == _reference_shown(page)
    assert [first] == list(Referral.objects.values_list("reference", flat=True))
