"""The tumor page lists the inputs of its grade and stage as the reports name them: "Ki-67
(%) 8", "Depth muscularis propria", "Regional lymph node 12 mm" — not stored keys and codes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.tumors.models import Tumor
from netcare.workup.actions import record_result


def test_inputs_used_read_as_the_reports_name_them(client: Client, sam: Any, theo: Any,
                                                   paula: Any, pat_record: Any) -> None:
    """Pathology by its form's labels and choice words, PET lesions by location, CT by name;
    the record's id and version stay out of the sentence."""
    record_result("pet", pat_record, {"performed_on": date(2025, 3, 3), "liver_suvmax": 6.0,
                                      "spleen_suvmax": 20.0}, by=theo,
                  lesions=[{"location": "lymph_node", "size_mm": 12, "suv_max": 25.0}])
    record_result("imaging", pat_record, {"performed_on": date(2025, 3, 4), "modality": "ct",
                                          "hepatic_metastases": False}, by=sam)
    record_result("pathology", pat_record, {
        "performed_on": date(2025, 3, 20), "site": "jejunum_ileum", "specimen": "resection",
        "histology": "well-differentiated neuroendocrine tumor", "differentiation": "well",
        "ki67_percent": 8.0, "mitoses_per_2mm2": 1.0, "size_cm": 1.8,
        "depth": "muscularis_propria", "margins": "negative", "nodes_examined": 14,
        "nodes_positive": 0}, by=paula)
    tumor = Tumor.objects.get(patient=pat_record)
    client.force_login(sam)
    page = client.get(f"/tumors/{tumor.pk}/").content.decode()
    inputs = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("Inputs used", 1)[1]
                                       .split("</ul>", 1)[0]))
    assert "Pathology: report of 2025-03-20 — Specimen Surgical resection, " in inputs
    assert "Ki-67 (%) 8, Mitoses per 2 mm² 1, Size (cm) 1.8, Depth muscularis propria" in inputs
    assert "Nodes examined 14, Nodes positive 0, Multiple tumors no" in inputs
    assert "SSTR PET: 2025-03-03 — Regional lymph node 12 mm" in inputs
    assert "CT/MRI: CT 2025-03-04" in inputs
    assert "_" not in inputs and "version" not in inputs
