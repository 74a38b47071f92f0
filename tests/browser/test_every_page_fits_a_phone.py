"""On a 375 px phone no page that a role can reach from its navigation is wider than the screen:
the page does not scroll sideways, and no table on it keeps columns behind a sideways scroll of
its own box (wide tables stack into one card per row, long words wrap, forms fit).

The sweep signs in as one demo user per role (and as a visitor) in a small demo program: the
demo's synthetic cohort, new referrals, tumor board, nuclear-medicine work and clinics. From the
navigation it follows every link on every page it opens, opening one page of each kind: one per
view and kind argument (`/workup/results/<kind>/<id>/` once per kind), whatever the ids and dates,
and per set of query parameters. Everything runs in one browser context; each user signs in once.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.browser.conftest import sign_in

PHONE = {"width": 375, "height": 812}

# One demo user per role; of the physicians, nuclear medicine (whose navigation adds the nuclear
# pages) and pathology (the only discipline that writes pathology reports).
WALKERS = ["patient", "referrer", "navigator", "nucmed", "pathologist", "coordinator",
           "technologist", "admin"]

# Long words for the record of the patient whose chart the staff open first (the first in the
# patient list) and for the demo patient's own: a double-barrelled name is one word up to its
# hyphens, an email address one word altogether.
LONG_CONTACT = {
    "first_name": "Alexandra-Josephine",
    "email": "alexandra-josephine.montgomery-fitzgerald@example.org",
    "phone": "+1 (202) 555-0142 ext. 12",
    "address": "1200 Riverside Boulevard South, Apartment 14B, Sacramento, CA 95818",
}

# What the browser is asked after each page has loaded: the page's width, and every box that
# scrolls sideways on its own (form controls aside: a list box scrolls by design; Django's admin
# keeps its change lists' tables in such a box by design, so there only the page counts); and
# the links in the page's content (every page repeats the navigation the walk starts from), but
# not those to a file (a board case's PDF, a referral's documents).
MEASURE = """(boxesCount) => {
    const width = window.innerWidth;
    const found = [];
    const links = [...document.querySelectorAll("main a[href]:not([download])")]
        .filter(a => a.origin === location.origin).map(a => a.pathname + a.search);
    const page = document.scrollingElement.scrollWidth;
    if (page > width + 1) {
        const sticking = [...document.querySelectorAll("body *")].filter(el => {
            const right = el.getBoundingClientRect().right;
            const parent = el.parentElement.getBoundingClientRect().right;
            return right > width + 1 && parent <= width + 1;
        }).slice(0, 3).map(el => `${el.tagName.toLowerCase()}.${el.getAttribute("class")}`);
        found.push(`the page is ${page} px wide (${sticking.join(", ")})`);
    }
    if (!boxesCount) return {found, links};
    for (const el of document.querySelectorAll("body *")) {
        if (el.matches("select, textarea, input")) continue;
        const overflow = getComputedStyle(el).overflowX;
        if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
            const named = el.querySelector("caption, th, h2, h3");
            const name = named ? named.textContent.trim().slice(0, 40) : el.getAttribute("class");
            found.push(`"${name}" is ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
        }
    }
    return {found, links};
}"""

# Files, and signing out (which would end the walk).
SKIP = ("/static/", "/media/", "/accounts/logout/", "/admin/logout/")


def _is_id(value: object) -> bool:
    """A URL argument naming which object or day (not which kind of page)."""
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _kind_of_page(link: str) -> tuple[Any, ...] | None:
    """The view, its arguments other than ids and dates, and the query's parameter names; None
    for what is not a page of netcare."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(link)
    if parts.path.startswith(SKIP):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kinds = tuple(sorted((k, v) for k, v in match.kwargs.items() if not _is_id(v)))
    if match.namespace == "admin":  # its filters and sort orders show the same page
        return match.view_name, kinds
    return match.view_name, kinds, tuple(sorted({k for k, _ in parse_qsl(parts.query, True)}))


def _walk(page: Any, start: list[str]) -> tuple[list[str], set[str]]:
    """Opens one page of each kind reachable from `start`; returns what is too wide where, and
    the views it went to."""
    from playwright.sync_api import Error

    too_wide: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    waiting = list(start)
    while waiting:
        link = waiting.pop(0)
        kind = _kind_of_page(link)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        try:
            response = page.goto(link, wait_until="load")  # the stylesheet is applied
        except Error as error:
            # The walk must not start a download: the live server's thread stays busy sending
            # the file and the next pages time out.
            if "Download is starting" in error.message:
                raise AssertionError(f"{link}: a link to a file lacks `download`") from None
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.ok, (link, response.status)
        path = urlsplit(page.url).path
        netcares = not path.startswith("/admin/")
        measured = page.evaluate(MEASURE, netcares)
        too_wide += [f"{link}: {problem}" for problem in measured["found"]]
        # Of Django's admin: its index, and the change lists and forms the index links to.
        if netcares or path == "/admin/":
            waiting += measured["links"]
    return too_wide, {kind[0] for kind in seen}


def _demo_program() -> None:
    """The demo program with a small cohort, and what the demo leaves out: a referral the
    referring physician sent, a proposed plan for the PET requests, and long words in the
    records of the patient the staff open first and of the demo patient."""
    from netcare.accounts.models import User
    from netcare.nuclear.actions import request_plan
    from netcare.patients.actions import update_patient_contact
    from netcare.patients.models import Patient
    from netcare.program.demo import ensure_demo_program
    from netcare.referrals.actions import submit_referral
    from netcare.workup.dates import program_today

    ensure_demo_program(40)
    navigator = User.objects.get(username="navigator")
    for patient in {Patient.objects.first(), Patient.objects.get(user__username="patient")}:
        assert patient is not None
        update_patient_contact(patient, LONG_CONTACT, by=navigator)
    submit_referral({"source": "physician", "first_name": "Maximiliane", "last_name":
                     "Castellanos-Wojciechowski", "date_of_birth": date(1958, 11, 23),
                     "phone": "555-0160", "reason": "Liver lesions and flushing",
                     "symptoms": ["flushing"], "hereditary_syndromes": [],
                     "referring_physician_name": "Dr. Rita Referrer"},
                    by=User.objects.get(username="referrer"))
    request_plan(program_today(), 5, by=User.objects.get(username="technologist"),
                 time_limit_s=1.0)


def test_no_page_any_role_reaches_from_its_navigation_is_wider_than_a_phone(
        page: Any, transactional_db: Any) -> None:
    """Each role (and a visitor) walks from its navigation; every page it opens fits 375 px."""
    from django.urls import get_resolver

    from netcare.program.demo import DEMO_PASSWORD

    _demo_program()
    get_resolver().url_patterns  # noqa: B018 (the first request would import the API's schemas)
    page.set_viewport_size(PHONE)
    too_wide: list[str] = []
    opened: set[str] = set()
    for username in [None, *WALKERS]:
        page.context.clear_cookies()
        if username is None:
            page.goto("/")
        else:
            sign_in(page, username, DEMO_PASSWORD)
        navigation = page.get_by_role("navigation", name="Main").locator("a[href]")
        start = [urlsplit(page.url).path,
                 *navigation.evaluate_all("links => links.map(a => a.pathname)")]
        problems, views = _walk(page, start)
        too_wide += [f"{username or 'visitor'} {problem}" for problem in problems]
        opened |= views
    # The walk went everywhere: to the pages these tables are on, and to the admin's.
    assert {"program:home", "portal:home", "referrals:mine", "tumorboard:home",
            "tumorboard:case", "audit:list", "workup:result", "nuclear:generator", "nuclear:plan",
            "nuclear:course", "scheduling:availability", "admin:index"} <= opened
    assert [] == too_wide, "\n".join(too_wide)
