"""The audit page names each action in words only ("Audit viewed", not "Audit viewed
netcare.audit.viewed"), abbreviations in capitals, and its pager keeps the filter without
repeating the page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.audit.views import PAGE_SIZE


def test_actions_read_in_words_without_their_code(client: Client, ada: Any) -> None:
    AuditEntry.objects.create(username="nora", action="netcare.patient.list_viewed")
    client.force_login(ada)
    client.get("/audit/")
    page = client.get("/audit/?username=ada").content.decode()
    assert '<td data-label="Action">Audit viewed</td>' in page
    assert "netcare.audit.viewed" not in page
    page = client.get("/audit/?username=nora").content.decode()
    assert '<td data-label="Action">Patient list viewed</td>' in page
    assert "netcare.patient.list_viewed" not in page


def test_every_action_reads_as_words_with_abbreviations_in_capitals() -> None:
    """"PRRT dose ordered", "API patient read", "PET requested": no code, no underscore."""
    labels = {code: codes.in_words(code) for name, code in vars(codes).items()
              if name.isupper() and isinstance(code, str)}
    assert "PRRT dose ordered" == labels["netcare.prrt.dose_ordered"]
    assert "API patient read" == labels["netcare.api.patient_read"]
    assert "PET requested" == labels["netcare.pet.requested"]
    awkward = {code: label for code, label in labels.items()
               if "_" in label or "." in label
               or set(re.findall(r"\w+", label)) & {"api", "Api", "pet", "Pet", "prrt", "Prrt"}}
    assert {} == awkward


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
