"""Reading the clinical sources page and the citation links of other pages (for tests)."""

from __future__ import annotations

import re
from html import unescape

from django.test import Client

_SECTION = re.compile(
    r'<section class="panel source-section" id="(?P<anchor>[^"]+)"[^>]*>(?P<body>.*?)</section>',
    re.DOTALL)
_LINK = re.compile(r'<a href="/sources/#(?P<anchor>[^"]+)"[^>]*>(?P<text>[^<]*)</a>')


def sections(client: Client) -> dict[str, str]:
    """The sources page's sections as {anchor: visible text}; the client must be signed in."""
    response = client.get("/sources/")
    assert 200 == response.status_code
    return {m["anchor"]: text(m["body"]) for m in _SECTION.finditer(response.content.decode())}


def citation_links(html: str) -> list[tuple[str, str]]:
    """The (anchor, link text) of every link to the sources page in `html`."""
    return [(m["anchor"], unescape(m["text"])) for m in _LINK.finditer(html)]


_INLINE = re.compile(r"</?(?:a|span|strong|em|code)\b[^>]*>")


def text(html: str) -> str:
    """`html` as a reader sees it: inline tags dropped, other tags a space, entities decoded,
    spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", _INLINE.sub("", html))).split())
