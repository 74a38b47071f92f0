"""Every section of the portal is named by its heading for screen readers (aria-labelledby)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from netcare.portal.instructions import INSTRUCTIONS


class _Sections(HTMLParser):
    """Collects each <section>'s aria-labelledby and the text of every element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.labelled_by: list[str | None] = []
        self.text_of: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "section":
            self.labelled_by.append(named.get("aria-labelledby"))
        if named.get("id"):
            self._open.append(str(named["id"]))
            self.text_of[str(named["id"])] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element_id in self._open:
            self.text_of[element_id] += data


def _names(html: str) -> list[str]:
    """The heading text each section points at (every section must point at one)."""
    parser = _Sections()
    parser.feed(html)
    assert parser.labelled_by and None not in parser.labelled_by, parser.labelled_by
    return [parser.text_of[target].strip() for target in parser.labelled_by if target]


def test_the_portal_home_names_each_section_by_its_heading(client: Client, pat: Any,
                                                          pat_record: Any) -> None:
    """Appointments, results, instructions and contact details: each labelled by its h2."""
    client.force_login(pat)
    html = client.get("/portal/").content.decode()
    assert ["Your upcoming appointments", "Your results", "Instructions",
            "Your contact details"] == _names(html)


@pytest.mark.parametrize("slug", sorted(INSTRUCTIONS))
def test_an_instruction_pages_sections_are_named_by_their_headings(
        client: Client, pat: Any, pat_record: Any, slug: str) -> None:
    """Each part of an instruction sheet is labelled by its own heading (ids are unique)."""
    client.force_login(pat)
    html = client.get(f"/portal/instructions/{slug}/").content.decode()
    assert [heading for heading, _ in INSTRUCTIONS[slug].sections] == _names(html)
