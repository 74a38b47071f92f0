"""The chart, opened by a physician and by the patient, runs under the content security policy
without one refusal, and its 5-HIAA / chromogranin A trend plots come out at their drawn size
(90 px high, at most 320 px wide): their size once hung on an inline style the policy blocked,
and they sprawled at the browser's default 150 px height across the whole column."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

# Injected through the DevTools protocol, so the policy under test cannot block the listener.
WATCH_POLICY = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
                          + ` at line ${event.lineNumber}`
                          + (event.sample ? `: ${event.sample}` : ""));
});
"""


@pytest.fixture
def chart_with_trends(pat_record: Any, sam: Any) -> str:
    """Pat's chart: three released CgA and two released 5-HIAA results (both trend plots), a
    planned injection and a result entered late (every kind of timeline line)."""
    from netcare.treatments.actions import record_treatment
    from netcare.workup.actions import record_result, release_result
    from netcare.workup.dates import program_today

    today = program_today()
    for days_ago, test, value, unit in [(300, "chromogranin_a", 88.0, "ng/mL"),
                                        (200, "chromogranin_a", 140.0, "ng/mL"),
                                        (100, "chromogranin_a", 310.0, "ng/mL"),
                                        (250, "urine_5hiaa", 6.0, "mg/24h"),
                                        (120, "urine_5hiaa", 19.0, "mg/24h")]:
        lab = record_result("lab", pat_record, {"performed_on": today - timedelta(days=days_ago),
                                                "test": test, "value": value, "unit": unit},
                            by=sam)
        release_result(lab, by=sam)
    record_treatment(pat_record, {"kind": "lanreotide", "agent": "lanreotide 120 mg deep SC",
                                  "intent": "palliative", "start_on": today + timedelta(days=10)},
                     by=sam)
    return f"/patients/{pat_record.pk}/"


def _open_watching(page: Any, path: str) -> list[str]:
    """Open `path`; return every policy refusal, console error and script error on it."""
    problems: list[str] = []
    page.expose_binding("__cspViolation", lambda source, text: problems.append(f"CSP: {text}"))
    page.add_init_script(WATCH_POLICY)
    page.on("console", lambda message: message.type == "error"
            and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    response = page.goto(path)
    assert response is not None and response.ok, (path, response and response.status)
    page.wait_for_load_state("load")
    # Violation events are queued as tasks after parsing: one frame and one task later they
    # have all reached the binding.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
    return problems


def _trend_sizes(page: Any) -> list[tuple[float, float]]:
    plots = page.locator("svg.trend-plot")
    assert plots.count() == 2  # chromogranin A and 5-HIAA
    return [(box["width"], box["height"])
            for box in (plots.nth(i).bounding_box() for i in range(plots.count()))]


@pytest.mark.parametrize(("who", "path"), [("sam", None), ("pat", "/patients/me/")])
def test_the_chart_shows_without_a_policy_violation_and_its_trends_at_their_drawn_size(
    page: Any, chart_with_trends: str, who: str, path: str | None
) -> None:
    sign_in(page, who, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert [] == _open_watching(page, path or chart_with_trends)
    assert page.get_by_role("heading", name="Marker trends").is_visible()
    assert page.get_by_text("Planned, not done yet").is_visible()
    for width, height in _trend_sizes(page):
        assert (320, 90) == (round(width), round(height))


def test_on_a_phone_the_trends_fit_the_column_and_keep_their_height(
    page: Any, chart_with_trends: str
) -> None:
    sign_in(page, "sam", PASSWORD)
    assert [] == _open_watching(page, chart_with_trends)
    column = page.evaluate("document.documentElement.clientWidth")
    for width, height in _trend_sizes(page):
        assert 150 <= width <= min(320, column)
        assert 90 == round(height)
