"""A calculator that cannot take a value says so by that field (and in the form's summary),
keeping what was typed, instead of in a panel away from the form."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def _field_block(page: str, name: str) -> str:
    """The field's own block: its label, input, help and errors."""
    found = re.search(rf'<div class="field-error">\s*<label for="id_{name}">.*?</div>', page,
                      re.S)
    assert found is not None, f"no error by the field {name}"
    return found[0]


def test_a_ki67_of_150_is_refused_by_the_ki67_field(client: Client, sam: Any) -> None:
    client.force_login(sam)
    response = client.post("/calculators/", {
        "calculator": "who_grade", "who_grade-differentiation": "well",
        "who_grade-ki67_percent": "150", "who_grade-mitoses_per_2mm2": "1"})
    page = response.content.decode()
    assert 422 == response.status_code
    block = _field_block(page, "who_grade-ki67_percent")
    assert "<li>Ki-67 (%): must be a number from 0 to 100, got 150.0</li>" in block
    assert ('<a href="#id_who_grade-ki67_percent">Ki-67 (%): must be a number from 0 to 100, '
            "got 150.0</a>") in page
    assert 'value="150"' in block
    assert "Cannot calculate" not in page and "Result</h2>" not in page


def test_a_negative_activity_is_refused_by_the_activity_field(client: Client,
                                                              sam: Any) -> None:
    client.force_login(sam)
    response = client.post("/calculators/", {
        "calculator": "decay", "decay-nuclide": "Lu-177", "decay-activity_gbq": "-1",
        "decay-elapsed_hours": "24"})
    assert 422 == response.status_code
    block = _field_block(response.content.decode(), "decay-activity_gbq")
    assert "must be a number of at least 0, got -1" in block and 'value="-1"' in block
    assert 'min="0"' in block


def test_a_good_input_still_gives_the_result(client: Client, sam: Any) -> None:
    client.force_login(sam)
    response = client.post("/calculators/", {
        "calculator": "who_grade", "who_grade-differentiation": "well",
        "who_grade-ki67_percent": "8", "who_grade-mitoses_per_2mm2": "1"})
    page = response.content.decode()
    assert 200 == response.status_code
    assert "Result</h2>" in page and "error-summary" not in page
