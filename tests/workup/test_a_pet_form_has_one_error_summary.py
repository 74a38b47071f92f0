"""A PET result refused for the scan and for its lesion rows shows one error summary, at the
top, listing every error with a link to its input (a lesion's named by its row); before, each
lesion row showed a summary of its own, and each tried to take the focus."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.workup.models import PetScan
from tests.workup.pet_forms import pet_form


def test_scan_and_lesion_errors_share_one_summary(client: Client, theo: Any,
                                                  pat_record: Any) -> None:
    client.force_login(theo)
    response = client.post(f"/workup/patients/{pat_record.pk}/pet/new/", pet_form([
        {"location": "liver", "site": "segment VII", "size_mm": "18", "suv_max": "12",
         "krenning_score": ""},
        {"location": "liver", "site": "segment II", "size_mm": "9", "suv_max": "-2",
         "krenning_score": "5"},
    ], liver_suvmax="-1"))
    assert 400 == response.status_code
    page = response.content.decode()
    assert 1 == page.count('class="error-summary"')
    assert 1 == page.count("autofocus")
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary is not None
    links = dict((text.strip(), anchor) for anchor, text in
                 re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary[0]))
    assert "id_liver_suvmax" in links.values()
    assert links.get("Lesion 2 — Krenning score must be 0 to 4.") == "id_lesions-1-krenning_score"
    assert any(text.startswith("Lesion 2 — ") and anchor == "id_lesions-1-suv_max"
               for text, anchor in links.items())
    assert not any(text.startswith("Lesion 1 — ") for text in links)  # row 1 was fine
    assert page.index('class="error-summary"') < page.index('<form method="post">')
    assert not PetScan.objects.exists()
