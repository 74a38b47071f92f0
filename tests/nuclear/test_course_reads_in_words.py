"""The PRRT course page says what the rules decided in words: "not met", "NETTER-2",
"give the full dose", "creatinine clearance (mL/min)" — never the codes they are stored as."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.nuclear import actions
from tests.nuclear.conftest import GOOD_LABS


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_eligibility_reads_met_and_not_met_by_rule_set(course: Any, theo: Any,
                                                       client: Client) -> None:
    """Ki-67 8 % is below NETTER-2's 10-55 % range: "NETTER-2: not met", and each criterion
    names its rule set as people write it."""
    assert "not_met" == course.eligibility["netter2"]
    client.force_login(theo)
    page = client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode()
    text = _text(page)
    assert "Label indication: met NETTER-1:" in text
    assert "NETTER-2: not met" in text
    assert "NETTER-1 · midgut primary" in text
    assert "not_met" not in page and "netter2 ·" not in page and "label ·" not in page


def test_the_dose_decision_and_the_labs_read_in_words(course: Any, theo: Any,
                                                      client: Client) -> None:
    """After normal labs the label table suggests "give the full dose", and the labs are
    listed by name and unit, on the page and in the checklist."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 28),
                        today=date(2026, 11, 30), by=theo)
    client.force_login(theo)
    page = client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode()
    text = _text(page)
    assert "Label table suggests: give the full dose 7.4 GBq" in text
    assert "creatinine clearance (mL/min) 78.0" in text
    assert ("Dose decided by a nuclear-medicine physician (from the labs and the label's "
            "table) — the label's table suggests: give the full dose; waiting for a "
            "nuclear-medicine physician's decision") in text.replace("&#x27;", "'")
    assert "give_full" not in page and "creatinine_clearance_ml_min" not in page
