"""The main navigation offers each role exactly the pages it may open, and every page a role may
open without choosing a patient first is at most one click from its navigation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PASSWORD, _make_user


class _MainNav(HTMLParser):
    """The (label, href) links inside <nav aria-label="Main">, or inside the whole page."""

    def __init__(self, *, whole_page: bool = False) -> None:
        super().__init__()
        self.whole_page = whole_page
        self.depth = 0  # open <nav> elements since the main one opened
        self.href: str | None = None
        self.text = ""
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav" and (self.depth or dict(attrs).get("aria-label") == "Main"):
            self.depth += 1
        if tag == "a" and (self.depth or self.whole_page):
            self.href, self.text = dict(attrs).get("href"), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1
        if tag == "a" and self.href is not None:
            self.links.append((" ".join(self.text.split()), self.href))
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.text += data


def nav_links(html: str) -> list[tuple[str, str]]:
    parser = _MainNav()
    parser.feed(html)
    return parser.links


def page_links(html: str) -> set[str]:
    parser = _MainNav(whole_page=True)
    parser.feed(html)
    return {href.split("?")[0].split("#")[0] for _, href in parser.links
            if href.startswith("/")}


@pytest.fixture
def nina(db: Any) -> Any:
    """A physician of nuclear medicine: the nav depends on discipline too."""
    return _make_user("nina", "physician", "nuclear_medicine")


# Who signs in → the labels of their main navigation, in order (Sign out is a button).
NAV = {
    "pat": ["My care", "My record", "My tests and results", "Password"],
    "rita": ["My referrals", "Refer a patient", "Calculators", "Password"],
    "nora": ["Patients", "Referrals", "Follow-ups", "Injections due", "Appointments",
             "Tumor board", "My board tasks", "Calculators", "Password"],
    "sam": ["Patients", "Injections due", "Appointments", "Tumor board", "My board tasks",
            "Calculators", "Password"],
    "paula": ["Patients", "Injections due", "Appointments", "Tumor board", "My board tasks",
              "Calculators", "Password"],
    "nina": ["Patients", "Injections due", "Nuclear medicine", "Appointments", "Tumor board",
             "My board tasks", "Calculators", "Password"],
    "cora": ["Patients", "Appointments", "Tumor board", "My board tasks", "Calculators",
             "Password"],
    "theo": ["Patients", "Nuclear medicine", "Appointments", "Tumor board", "My board tasks",
             "Calculators", "Password"],
    "ada": ["Patients", "Appointments", "Audit trail", "Administration", "Password"],
}


def _signed_in(client: Client, request: Any, who: str) -> tuple[Any, Any]:
    """Sign `who` in; return the user and their home page (after the role's redirect)."""
    user = request.getfixturevalue(who)
    assert client.login(username=user.username, password=PASSWORD)
    home = client.get("/accounts/home/", follow=True)
    assert 200 == home.status_code, (who, home.redirect_chain)
    return user, home


@pytest.mark.parametrize("who", list(NAV))
def test_each_role_sees_its_own_links_and_every_one_opens(
    client: Client, request: Any, pat_record: Any, who: str
) -> None:
    """From the role's home page, each link of the main navigation answers 200."""
    _, home = _signed_in(client, request, who)
    links = nav_links(home.content.decode())
    assert NAV[who] == [label for label, _ in links]
    answers = {href: client.get(href).status_code for _, href in links}
    assert {href: 200 for href in answers} == answers


def test_a_visitor_sees_the_referral_form_and_sign_in_and_both_open(
    client: Client, db: Any
) -> None:
    """Before signing in the nav has two links, and both answer 200."""
    links = nav_links(client.get("/").content.decode())
    assert [("Refer yourself or a patient", "/referrals/new/"),
            ("Staff and patient sign-in", "/accounts/login/")] == links
    assert [200, 200] == [client.get(href).status_code for _, href in links]


def test_the_navigator_reaches_the_follow_up_worklist_and_the_injections_due(
    client: Client, nora: Any
) -> None:
    """Both worklists are in the navigator's nav and show their headings."""
    client.login(username="nora", password=PASSWORD)
    links = dict(nav_links(client.get("/referrals/").content.decode()))
    assert "/surveillance/worklist/" == links["Follow-ups"]
    assert "Follow-up worklist" in client.get(links["Follow-ups"]).content.decode()
    assert "/treatments/injections-due/" == links["Injections due"]
    assert "injections due" in client.get(links["Injections due"]).content.decode()


def test_the_administrator_is_not_offered_the_calculators_they_may_not_run(
    client: Client, ada: Any
) -> None:
    """The policy gives calculators to clinical staff and referrers only; the link went to a
    404 for the administrator, so it is gone, and the page still refuses them."""
    client.login(username="ada", password=PASSWORD)
    labels = [label for label, _ in nav_links(client.get("/audit/").content.decode())]
    assert "Calculators" not in labels
    assert 404 == client.get("/calculators/").status_code


def test_a_patient_reaches_their_tests_and_results_from_the_nav(
    client: Client, pat_record: Any
) -> None:
    """'My tests and results' opens the patient's own page of orders and released results."""
    client.login(username="pat", password=PASSWORD)
    links = dict(nav_links(client.get("/portal/").content.decode()))
    page = client.get(links["My tests and results"])
    assert 200 == page.status_code
    assert "<h1>My tests and results</h1>" in page.content.decode()


def test_a_program_administrator_without_admin_site_access_is_not_offered_it(
    client: Client, db: Any
) -> None:
    """Django's admin answers only staff accounts: the link follows the account, not the role."""
    _make_user("adam", "administrator")
    client.login(username="adam", password=PASSWORD)
    labels = [label for label, _ in nav_links(client.get("/audit/").content.decode())]
    assert "Audit trail" in labels
    assert "Administration" not in labels


# --- Every page a role may open is reachable -------------------------------------------------

# Pages that answer 200 to signed-in users but are not destinations of their own: sign-in and
# sign-out, the redirect home, the referral form's confirmation; and forms started where their
# subject is: a board case from a patient's chart or a meeting, a registration from the patients
# list, a referral from the public nav (anyone may send one; a referrer has it in their nav).
# The API (/api/) serves programs, not people.
NOT_DESTINATIONS = {"/accounts/login/", "/accounts/logout/", "/accounts/home/",
                    "/referrals/thanks/", "/board/cases/new/", "/patients/new/",
                    "/referrals/new/"}


def _pages_without_arguments() -> list[str]:
    """Every URL pattern that names no object (no <int:...>, <str:...> ...), as a path."""

    def walk(patterns: list[Any], prefix: str) -> list[str]:
        out: list[str] = []
        for pattern in patterns:
            route = re.sub(r"^\^|\$$|\\Z$", "", str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                out += walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and not re.search(r"[<(]", route):
                out.append("/" + (prefix + route).lstrip("/"))
        return out

    return sorted({path for path in walk(get_resolver().url_patterns, "")
                   if not path.startswith(("/admin/", "/api/")) or path == "/admin/"})


@pytest.mark.parametrize("who", list(NAV))
def test_every_page_a_role_may_open_is_at_most_one_click_from_its_nav(
    client: Client, request: Any, pat_record: Any, who: str
) -> None:
    """A page that answers the role 200 is its home, in its nav, or linked from a nav page."""
    _, home = _signed_in(client, request, who)
    nav = [href for _, href in nav_links(home.content.decode())]
    reachable = set(nav) | page_links(home.content.decode())
    for href in nav:
        reachable |= page_links(client.get(href).content.decode())
    opens = [path for path in _pages_without_arguments()
             if path not in NOT_DESTINATIONS and client.get(path).status_code == 200]
    assert len(opens) >= 3
    assert [] == [path for path in opens if path not in reachable]
