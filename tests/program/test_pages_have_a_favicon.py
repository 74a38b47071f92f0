"""Every page links the program's icon, and a browser asking for /favicon.ico finds it instead
of a 404 in every page's log."""

from __future__ import annotations

import re

from django.test import Client


def test_the_home_page_links_an_svg_icon_that_answers(client: Client, db: object) -> None:
    page = client.get("/").content.decode()
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert found is not None
    icon = client.get(found[1])
    assert 200 == icon.status_code
    assert b"<svg" in b"".join(icon.streaming_content)  # type: ignore[attr-defined]


def test_favicon_ico_leads_to_the_same_icon(client: Client, db: object) -> None:
    response = client.get("/favicon.ico")
    assert 302 == response.status_code
    assert response["Location"].endswith("favicon.svg")
    assert 200 == client.get(response["Location"]).status_code
