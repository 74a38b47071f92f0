"""Every role's key pages run under the content security policy without a single violation.

A blocked inline style or script does not fail loudly: the page just looks wrong or stays blank
(as /api/docs did while it loaded Swagger UI from a CDN). So each page is opened in real Chromium
and whatever the browser refused, or logged as an error, is collected and must be empty.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

# Init scripts are injected through the DevTools protocol, so the policy under test cannot block
# the listener that watches it; the exposed binding hands each refusal straight to Python.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__reportCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
        + (event.sample ? ` (${event.sample})` : ""));
});
"""

# role fixture → the pages that role works on (the {names} are filled in from `world`).
PAGES = {
    "pat": ["/portal/", "/patients/me/", "/workup/me/", "/portal/appointments/request/",
            "/portal/contact/", "/accounts/password/"],
    "rita": ["/calculators/", "/referrals/new/"],
    "nora": ["/referrals/", "/patients/", "/surveillance/worklist/", "/appointments/",
             "/board/"],
    "sam": ["/patients/", "{chart}", "/workup/patients/{patient}/",
            "/treatments/patients/{patient}/", "/surveillance/patients/{patient}/",
            "/tumors/{tumor}/", "/board/tasks/", "/api/docs"],
    "cora": ["/board/", "/board/meetings/{meeting}/", "/board/meetings/{meeting}/live/",
             "/board/cases/{case}/", "/board/metrics/"],
    "theo": ["/nuclear/", "/nuclear/generator/", "/nuclear/plans/", "/nuclear/day/{day}/",
             "/nuclear/week/{day}/", "/nuclear/patients/{patient}/prrt/"],
    "ada": ["/audit/", "/admin/", "/admin/accounts/user/", "/admin/program/programpage/",
            "/patients/{patient}/edit/"],
}
PUBLIC_PAGES = ["/", "/about/what-are-nets/", "/accounts/login/", "/referrals/new/"]


class Watch:
    """Everything the browser refused or reported as an error, on any page the tab opens."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.expose_binding("__reportCspViolation",
                            lambda source, text: self.problems.append(f"CSP: {text}"))
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message: Any) -> None:
        # Every page links its icon (base.html), so not even the browser's own icon request fails.
        if message.type == "error":
            self.problems.append(f"console: {message.text} @ {message.location.get('url')}")

    def open(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        self.settle()

    def settle(self) -> None:
        # Violation events are dispatched as tasks after parsing; one frame and one task later
        # every refusal so far has reached the binding.
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")

    def report(self) -> str:
        return "\n".join(self.problems)


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    """The live server's first request would import the URLconf (with the API's schemas: some
    seconds on a busy machine) inside the browser's navigation timeout; import it up front."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)


@pytest.fixture
def world(pat_record: Any, sam: Any, cora: Any, theo: Any) -> dict[str, Any]:
    """Pat's chart with tumour-marker results (drawn as trend plots), a tumour under
    surveillance and a case on the next tumor board, so pages show their panels rather than
    their empty states."""
    from netcare.program.demo import ensure_pages
    from netcare.surveillance.actions import generate_plan
    from netcare.tumorboard.actions import create_series, submit_case
    from netcare.tumors.models import Tumor
    from netcare.workup.actions import record_result, release_result
    from netcare.workup.dates import program_today

    ensure_pages()
    markers = [("chromogranin_a", 90.0, "ng/mL"), ("urine_5hiaa", 6.0, "mg/24h"),
               ("chromogranin_a", 140.0, "ng/mL"), ("urine_5hiaa", 9.0, "mg/24h")]
    for i, (test, value, unit) in enumerate(markers):
        lab = record_result("lab", pat_record, {
            "performed_on": date(2025, 1, 1) + timedelta(days=30 * i), "test": test,
            "value": value, "unit": unit}, by=sam)
        release_result(lab, by=sam)
    tumor = Tumor.objects.create(patient=pat_record, site="pancreas", category="NET",
                                 grade="G1", t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    series = create_series(
        {"name": "NET board", "weekday": 2, "local_time": time(7, 30), "case_cap": 3,
         "cutoff_hours": 48}, by=cora, weeks=2, start_on=program_today() + timedelta(days=7))
    meeting = series.meetings.order_by("starts_at").first()
    case = submit_case(meeting, pat_record, "Surveillance or treatment?", by=cora,
                       presenter=sam)
    return {"chart": f"/patients/{pat_record.pk}/", "patient": pat_record.pk,
            "tumor": tumor.pk, "day": program_today().isoformat(), "meeting": meeting.pk,
            "case": case.pk}


@pytest.mark.parametrize("who", list(PAGES))
def test_each_roles_pages_show_without_any_content_security_policy_violation(
    page: Any, request: Any, world: dict[str, Any], who: str
) -> None:
    """Signed in as the role, none of its pages (nor the sign-in page) has a blocked style or
    script, or a script error, in the browser."""
    user = request.getfixturevalue(who)
    watch = Watch(page)
    sign_in(page, user.username, PASSWORD)
    for path in PAGES[who]:
        watch.open(path.format(**world))
    assert [] == watch.problems, watch.report()


def test_public_pages_show_without_any_content_security_policy_violation(
    page: Any, world: dict[str, Any]
) -> None:
    """A visitor who is not signed in sees the program's pages and the referral form intact."""
    watch = Watch(page)
    for path in PUBLIC_PAGES:
        watch.open(path)
    assert [] == watch.problems, watch.report()


def test_the_generator_page_draws_its_timeline_under_the_policy(
    page: Any, theo: Any, world: dict[str, Any]
) -> None:
    """The elution timeline is drawn and kept to a readable width by the stylesheet alone."""
    page.set_viewport_size({"width": 1280, "height": 800})  # wide enough for the cap to show
    watch = Watch(page)
    sign_in(page, "theo", PASSWORD)
    watch.open("/nuclear/generator/")
    timeline = page.get_by_role("img", name="Ga-68 on the generator column")
    assert timeline.is_visible()
    assert timeline.bounding_box()["width"] <= 40 * 16 + 1  # 40rem at the default font size
    assert [] == watch.problems, watch.report()


def test_the_api_docs_render_offline_under_the_policy(
    page: Any, live_server: Any, sam: Any
) -> None:
    """Swagger UI is served by netcare itself, lists the API's operations and opens one; the
    browser asks no other host for anything."""
    watch = Watch(page)
    elsewhere: list[str] = []

    def note_foreign(request: Any) -> None:
        if not request.url.startswith((live_server.url, "data:")):
            elsewhere.append(request.url)

    page.on("request", note_foreign)
    sign_in(page, "sam", PASSWORD)
    watch.open("/api/docs")
    assert "netcare API" in page.locator(".information-container .title").inner_text()
    search = page.locator(".opblock-summary", has_text="Search patients").first
    assert "/api/v1/patients" in search.inner_text()
    search.click()
    page.get_by_role("button", name="Try it out").first.wait_for()
    assert page.get_by_role("heading", name="Parameters").first.is_visible()
    watch.settle()
    assert [] == watch.problems, watch.report()
    assert [] == elsewhere
