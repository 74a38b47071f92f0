"""Browser tests: Playwright drives the system's Chromium against a live netcare server.

Skipped when Chromium is not installed (`./run test` says so; CI installs Debian's chromium and
fails without it). Never downloads a browser. The `chromium` and `page` fixtures live in
tests/conftest.py (one browser per test process: Playwright's sync API allows one per thread);
this module holds the helpers browser tests of every area share.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# set up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("NETCARE_CHROMIUM") or shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_load(page, page.get_by_role("button", name="Sign in"))


def click_and_load(page: Any, target: Any) -> None:
    """Clicks a link or button that loads another page and returns once that page has loaded.

    A click returns before the browser has left the page it was on: a read straight after it
    (the focused element, the URL, a `main` that both pages have) could see the old page.
    """
    with page.expect_navigation(wait_until="load"):
        target.click()
