"""A follow-up plan says what it was made from in words: "site jejunum/ileum; resected yes;
treatments Surgery" — not `under_treatment False` or `['surgery']`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.surveillance.actions import generate_plan
from netcare.treatments.actions import record_treatment
from netcare.tumors.models import Tumor


def test_the_plan_lists_its_inputs_in_words(client: Client, sam: Any, nora: Any,
                                            pat_record: Any) -> None:
    """Labels instead of keys, yes/no instead of True/False, treatment names instead of
    codes, a dash for what is unknown."""
    tumor = Tumor.objects.create(patient=pat_record, site="jejunum_ileum", category="NET",
                                 grade="G1", t="T2", n="N0", m="M0", stage="II", size_cm=1.5)
    tumor.patient = pat_record
    record_treatment(pat_record, {"kind": "surgery", "start_on": date(2025, 3, 18),
                                  "end_on": date(2025, 3, 18), "intent": "curative"}, by=sam)
    generate_plan(tumor, start_on=date(2025, 3, 18), by=nora)
    client.force_login(nora)
    page = client.get(f"/surveillance/patients/{pat_record.pk}/").content.decode()
    inputs = re.sub(r"\s+", " ", page.split("Inputs:", 1)[1].split("</p>", 1)[0])
    assert "site jejunum/ileum; WHO category NET; grade G1; M M0; stage II;" in inputs
    assert "under treatment no;" in inputs and "size (cm) 1.5;" in inputs
    assert "plan starts 2025-03-18;" in inputs
    assert "_" not in inputs and "True" not in inputs and "False" not in inputs
    assert "resected yes;" in inputs and "treatments Surgery;" in inputs
    assert "[" not in inputs
