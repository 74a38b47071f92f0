"""A PET lesion recorded without a size is listed on the tumor page as "Liver, size not
recorded", not "Liver ? mm"; tumors computed before the change (stored "liver ? mm") read the
same."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.tumors.models import Tumor
from netcare.workup.actions import record_result


def _tumor_with_pet(pat_record: Any, theo: Any, paula: Any,
                    lesions: list[dict[str, Any]]) -> Tumor:
    record_result("pet", pat_record, {"performed_on": date(2025, 3, 3), "liver_suvmax": 6.0,
                                      "spleen_suvmax": 20.0}, by=theo, lesions=lesions)
    record_result("pathology", pat_record, {
        "performed_on": date(2025, 3, 20), "site": "jejunum_ileum", "specimen": "resection",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0, "mitoses_per_2mm2": 1.0, "size_cm": 1.8,
        "depth": "muscularis_propria", "margins": "negative", "nodes_examined": 14,
        "nodes_positive": 0}, by=paula)
    return Tumor.objects.get(patient=pat_record)


def _inputs_used(client: Client, tumor: Tumor) -> str:
    page = client.get(f"/tumors/{tumor.pk}/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("Inputs used", 1)[1]
                                     .split("</ul>", 1)[0]))


def test_a_liver_lesion_without_a_size_reads_size_not_recorded(
        client: Client, sam: Any, theo: Any, paula: Any, pat_record: Any) -> None:
    tumor = _tumor_with_pet(pat_record, theo, paula, [
        {"location": "liver", "size_mm": None, "suv_max": 18.0},
        {"location": "lymph_node", "size_mm": 12, "suv_max": 25.0}])
    client.force_login(sam)
    inputs = _inputs_used(client, tumor)
    assert "SSTR PET: 2025-03-03 — Liver, size not recorded; Regional lymph node 12 mm" in inputs
    assert "?" not in inputs


def test_a_tumor_computed_before_reads_the_same(
        client: Client, sam: Any, theo: Any, paula: Any, pat_record: Any) -> None:
    tumor = _tumor_with_pet(pat_record, theo, paula,
                            [{"location": "liver", "size_mm": None, "suv_max": 18.0}])
    tumor.inputs_used["pet"]["lesions"] = ["liver ? mm"]
    tumor.save(update_fields=["inputs_used"])
    client.force_login(sam)
    inputs = _inputs_used(client, tumor)
    assert "SSTR PET: 2025-03-03 — Liver, size not recorded" in inputs and "?" not in inputs
