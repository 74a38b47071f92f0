"""The named cast of the test world: one user per role, and two patients.

- pat: a patient (Pat Example) who owns `pat_record`; cannot see `other_record`.
- rita: a referring physician (no access to the program's charts).
- nora: a nurse navigator.   sam: a surgeon.   paula: a pathologist.
- cora: the tumor board coordinator.   theo: a nuclear-medicine technologist.
- ada: a program administrator.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: rolled-back tests reuse ids on SQLite, and a chart
    body cached by one test must not answer another's."""
    from django.core.cache import cache

    from netcare.patients.chart_cache import PROCESS_BODIES

    cache.clear()
    PROCESS_BODIES.clear()
    yield


def _make_user(username: str, role: str, discipline: str = "", **extra: Any) -> Any:
    from netcare.accounts.models import User

    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        discipline=discipline,
        first_name=username.title(),
        last_name="Test",
        **extra,
    )


@pytest.fixture
def pat(db: Any) -> Any:
    return _make_user("pat", "patient")


@pytest.fixture
def rita(db: Any) -> Any:
    return _make_user("rita", "referring_physician")


@pytest.fixture
def nora(db: Any) -> Any:
    return _make_user("nora", "navigator")


@pytest.fixture
def sam(db: Any) -> Any:
    return _make_user("sam", "physician", "surgery")


@pytest.fixture
def paula(db: Any) -> Any:
    return _make_user("paula", "physician", "pathology")


@pytest.fixture
def cora(db: Any) -> Any:
    return _make_user("cora", "coordinator")


@pytest.fixture
def theo(db: Any) -> Any:
    return _make_user("theo", "nuclear_medicine_staff")


@pytest.fixture
def ada(db: Any) -> Any:
    return _make_user("ada", "administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def pat_record(pat: Any) -> Any:
    from netcare.patients.models import Patient

    return Patient.objects.create(
        mrn="NC0000001",
        first_name="Pat",
        last_name="Example",
        date_of_birth=date(1961, 4, 2),
        sex="female",
        phone="555-0142",
        user=pat,
    )


@pytest.fixture
def other_record(db: Any) -> Any:
    from netcare.patients.models import Patient

    return Patient.objects.create(
        mrn="NC0000002",
        first_name="Omar",
        last_name="Other",
        date_of_birth=date(1955, 9, 30),
        sex="male",
    )


@pytest.fixture
def cast(
    pat: Any, rita: Any, nora: Any, sam: Any, paula: Any, cora: Any, theo: Any, ada: Any
) -> dict[str, Any]:
    """Every role's user, by role value (physician: the surgeon)."""
    return {
        "patient": pat,
        "referring_physician": rita,
        "navigator": nora,
        "physician": sam,
        "coordinator": cora,
        "nuclear_medicine_staff": theo,
        "administrator": ada,
    }


# --- Browser tests (any module named test_browser_*.py, and everything in tests/browser/) ---


def _is_browser_test(item: Any) -> bool:
    path = str(item.fspath)
    return "/tests/browser/" in path or "/test_browser_" in path


def pytest_collection_modifyitems(items: list[Any]) -> None:
    from tests.browser.conftest import CHROMIUM

    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The system's Chromium, started once per test process."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make to set
    # up data are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) with the live server as base URL, phone-sized."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


def admin_form_data(client: Any, url: str, **changes: Any) -> dict[str, Any]:
    """The admin's form at `url` as its page shows it (each field's current value, the parts of
    a split date and time as `name_0`/`name_1`, the hidden `initial-` copies a field with a
    default carries), with `changes`, ready to post as "Save"."""
    from django.forms import MultiWidget
    from django.utils import timezone

    from netcare.program import settings_store

    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for field in form:
        if field.field.disabled:
            continue
        widget, value = field.field.widget, field.value()
        names = [field.html_name] + ([field.html_initial_name]
                                     if field.field.show_hidden_initial else [])
        for name in names:
            if isinstance(widget, MultiWidget):
                # A split date and time shows wall time in the program's zone, as the page did.
                with timezone.override(settings_store.current().zone):
                    parts = widget.decompress(value)
                data.update({f"{name}_{i}": "" if p is None else p for i, p in enumerate(parts)})
            elif isinstance(value, bool):
                if value:
                    data[name] = "on"
            elif value is not None:
                data[name] = value
    data.update(changes)
    data["_save"] = "Save"
    return data
