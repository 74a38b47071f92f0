"""The main navigation on a 375 px phone: the longest one (the navigator's) wraps inside the
screen, every link is a tap target of at least 24 px (WCAG 2.5.8) with its row apart from the
next, and the page's heading still starts on the first screen."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tests.browser.conftest import click_and_load, sign_in
from tests.conftest import PASSWORD

PHONE = {"width": 375, "height": 667}


def test_the_navigators_nav_wraps_inside_a_375_px_phone(page: Any, nora: Any) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "nora", PASSWORD)
    page.wait_for_load_state("load")  # the stylesheet is applied
    items = page.evaluate("""[...document.querySelectorAll('nav[aria-label="Main"] li')]
        .map(li => { const r = li.querySelector('a, button').getBoundingClientRect();
                     return {text: li.innerText.trim(), left: r.left, right: r.right,
                             top: r.top, height: r.height}; })""")
    assert ["Patients", "Referrals", "Follow-ups", "Injections due", "Appointments",
            "Tumor board", "My board tasks", "Calculators", "Password"] == [
        i["text"] for i in items][:-1]
    assert items[-1]["text"].startswith("Sign out")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert [] == [i["text"] for i in items if i["left"] < 0 or i["right"] > PHONE["width"]]
    assert [] == [i["text"] for i in items if i["height"] < 24]
    rows = sorted({round(i["top"]) for i in items})
    assert len(rows) > 1  # it does wrap, rather than shrink or scroll
    assert min(b - a for a, b in pairwise(rows)) >= 28
    heading = page.get_by_role("heading", level=1)
    assert "Referral queue" == heading.inner_text()
    assert heading.bounding_box()["y"] < PHONE["height"] / 2


def test_each_nav_link_opens_by_tapping_on_the_phone(page: Any, nora: Any) -> None:
    """Tapping "Follow-ups" in the wrapped nav opens the follow-up worklist."""
    page.set_viewport_size(PHONE)
    sign_in(page, "nora", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    click_and_load(page, nav.get_by_role("link", name="Follow-ups"))
    assert page.url.endswith("/surveillance/worklist/")
    assert "Follow-up worklist" == page.get_by_role("heading", level=1).inner_text()
