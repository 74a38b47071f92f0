"""The clinical sources page: what each REFERENCE section netcare cites is, the sources it
names, the rules implementing it and what is unverified; every signed-in role opens it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.clinical.sources import SECTIONS
from tests.conftest import PASSWORD
from tests.program.sources_page import sections


def test_every_section_shows_its_title_primary_sources_and_the_rules_implementing_it(
    client: Client, nora: Any
) -> None:
    """§0-§9 and the rules outside REFERENCE each have their anchor; §5 names the FDA label,
    NETTER-1 with its journal and NETTER-2, and the PRRT eligibility rule."""
    client.login(username="nora", password=PASSWORD)
    shown = sections(client)
    assert [s.anchor for s in SECTIONS] == list(shown)
    prrt = shown["reference-5"]
    assert prrt.startswith("REFERENCE §5: PRRT (lutetium Lu 177 dotatate)")
    for named in ("FDA label of lutetium Lu 177 dotatate (Lutathera)",
                  "NETTER-1 (Strosberg et al., N Engl J Med 2017;376:125)",
                  "NETTER-2 (Singh et al., Lancet 2024;403:2807)",
                  "Eligibility against the label, NETTER-1 and NETTER-2",
                  "prrt_after_ssa_progression"):
        assert named in prrt, named
    assert "AJCC 8th edition, chapters 29–34" in shown["reference-2"]
    assert "WHO classification, digestive system tumours (2019)" in shown["reference-1"]
    assert "REFERENCE names no primary source for this section" in shown["reference-8"]
    assert "PROMID" in shown["reference-8"]


def test_the_sections_reference_asks_to_verify_read_as_unverified_with_what_is_open(
    client: Client, sam: Any
) -> None:
    """§1-§5 and §9 carry REFERENCE's "verify" and read "Verification: unverified" with their
    open points; so do the rules outside REFERENCE; the vocabulary (§0) has no open point."""
    client.login(username="sam", password=PASSWORD)
    shown = sections(client)
    for anchor in ("reference-1", "reference-2", "reference-3", "reference-4", "reference-5",
                   "reference-9", "not-in-reference"):
        assert "Verification: unverified" in shown[anchor], anchor
        assert "Still unverified:" in shown[anchor], anchor
    assert 'REFERENCE asks: "verify against the current FDA label"' in shown["reference-5"]
    assert "NETTER-1 blood-count, bilirubin and albumin thresholds" in shown["reference-5"]
    assert 'REFERENCE asks: "verify per site"' in shown["reference-9"]
    assert "Liver-directed therapy" in shown["not-in-reference"]
    assert "Verification: no open point" in shown["reference-0"]


def test_every_signed_in_role_opens_the_page_and_a_visitor_signs_in_first(
    client: Client, cast: dict[str, Any]
) -> None:
    """Every role gets 200 and a footer link: staff, referring physicians (their calculator
    results cite REFERENCE) and patients (their follow-up plan and released PET results cite
    it too); a visitor is asked to sign in."""
    assert "/accounts/login/" in client.get("/sources/").url
    for role, user in cast.items():
        client.login(username=user.username, password=PASSWORD)
        page = client.get("/sources/")
        footer = client.get("/accounts/password/").content.decode()
        assert (page.status_code, '<a href="/sources/">Clinical sources</a>' in footer) == (
            200, True), role
        client.logout()
