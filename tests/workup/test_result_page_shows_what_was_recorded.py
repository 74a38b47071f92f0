"""A result's page lists every value that was recorded, including a recorded "None" (no
necrosis), and leaves out what was not recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.workup.actions import record_result

pytestmark = pytest.mark.django_db


def _pathology(patient: Any, paula: Any, necrosis: str) -> Any:
    return record_result("pathology", patient, {
        "performed_on": date(2025, 3, 20), "site": "jejunum_ileum", "specimen": "resection",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0, "mitoses_per_2mm2": 1.0, "necrosis": necrosis, "size_cm": 1.8,
        "margins": "negative", "nodes_examined": 14, "nodes_positive": 0, "comment": "",
    }, by=paula)


def _rows(client: Client, result: Any) -> dict[str, str]:
    import re

    page = client.get(f"/workup/results/pathology/{result.pk}/").content.decode()
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]*)</td>', page))


def test_a_recorded_no_necrosis_is_shown(client: Client, paula: Any, other_record: Any) -> None:
    result = _pathology(other_record, paula, "none")
    client.force_login(paula)
    rows = _rows(client, result)
    assert "None" == rows["Necrosis"]
    assert "Negative (R0)" == rows["Margins"]
    assert "8.0" == rows["Ki-67 (%)"]
    assert "No" == rows["Released to patient"]
    # Recorded just now, shown in the program's zone (America/Los_Angeles), not in UTC.
    from netcare.program import settings_store

    shown = result.recorded_at.astimezone(settings_store.current().zone)
    assert f"{shown:%Y-%m-%d %H:%M}" == rows["Recorded at"]
    assert "+00:00" not in rows["Recorded at"]


def test_fields_not_recorded_are_left_out(client: Client, paula: Any, other_record: Any) -> None:
    result = _pathology(other_record, paula, "")
    client.force_login(paula)
    rows = _rows(client, result)
    assert "Necrosis" not in rows
    assert "Comment" not in rows
    assert "Histology" in rows
