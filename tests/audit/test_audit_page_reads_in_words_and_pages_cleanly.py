"""The audit page names each action in words beside its code, and its pager keeps the filter
without repeating the page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.audit.views import PAGE_SIZE


def test_actions_read_in_words_beside_their_code(client: Client, ada: Any) -> None:
    AuditEntry.objects.create(username="nora", action="netcare.patient.list_viewed")
    client.force_login(ada)
    page = client.get("/audit/?username=nora").content.decode()
    assert "Patient list viewed" in page
    assert "netcare.patient.list_viewed" in page


def test_the_older_link_of_page_two_asks_for_page_three_once(client: Client, ada: Any) -> None:
    AuditEntry.objects.bulk_create(
        [AuditEntry(username="nora", action="netcare.patient.viewed")
         for _ in range(PAGE_SIZE * 3)])
    client.force_login(ada)
    page = client.get("/audit/?username=nora&page=2").content.decode()
    links = re.findall(r'href="\?([^"]*)"', page)
    assert "username=nora&amp;page=1" in links
    assert "username=nora&amp;page=3" in links
    assert all(link.count("page=") == 1 for link in links)
