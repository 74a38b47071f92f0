"""Fixtures of the nuclear-medicine tests: a nuclear-medicine physician, a department, a course.

The browser fixtures (`chromium`, `page`) come from tests/browser/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, page  # noqa: F401 (fixture)
from tests.conftest import _make_user

LA = ZoneInfo("America/Los_Angeles")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "test_browser_" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture(scope="module")
def chromium(request: Any) -> Iterator[Any]:
    """The browser for this directory's browser tests.

    Playwright's sync API allows one running instance per thread: when tests/browser already
    started its session-wide browser, reuse it; otherwise start one just for this module (and
    stop it at the module's end, before tests/browser may start theirs).
    """
    by_node = request._fixturemanager._arg2node2fixturedefs.get("chromium", {})
    for fixturedef in (d for defs in by_node.values() for d in defs):
        cached = getattr(fixturedef, "cached_result", None)
        if fixturedef.scope == "session" and cached is not None and cached[0] is not None:
            yield cached[0]
            return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def nina(db: Any) -> Any:
    """A physician of nuclear medicine (may run PRRT cycles, may not plan PET days)."""
    return _make_user("nina", "physician", "nuclear_medicine")


@pytest.fixture
def department(db: Any) -> Any:
    from netcare.nuclear.models import Department

    return Department.objects.create(generator_calibration_date=date(2026, 11, 2),
                                     opens=time(8, 0), closes=time(17, 0))


ELIGIBLE = {"age_years": 64.0, "gep_net": True, "sstr_positive": True,
            "differentiation": "well", "ki67_percent": 8.0, "min_target_krenning": 3,
            "creatinine_clearance_ml_min": 80.0}

GOOD_LABS = {"thrombocytopenia_grade": 0, "anemia_grade": 0, "neutropenia_grade": 0,
             "creatinine_clearance_ml_min": 78.0, "creatinine": 1.0, "bilirubin_x_uln": 0.5,
             "albumin_g_l": 40.0}


@pytest.fixture
def course(pat_record: Any, theo: Any) -> Any:
    from netcare.nuclear.actions import start_course

    return start_course(pat_record, dict(ELIGIBLE), first_window_start=date(2026, 12, 1),
                        baseline_creatinine=1.0,
                        last_long_acting_ssa=datetime(2026, 10, 20, 9, 0, tzinfo=LA), by=theo)
