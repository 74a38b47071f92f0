"""A calculator's result and inputs read in words on the page: "Decided by Ki-67", yes/no,
"none" for no notes, derived numbers rounded; the typed values stay exact (a Ki-67 of 3 % is a
grade boundary)."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def _rows(page: str, heading: str) -> dict[str, str]:
    """The rows of the table after `heading` in the result panel, as label → text."""
    section = page.split("Result</h2>", 1)[1]
    table = section.split(heading, 1)[1].split("</table>", 1)[0] if heading else \
        section.split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td></tr>', table, re.S)
    return {label: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip()
            for label, value in rows}


def test_a_who_grade_at_ki67_3_reads_in_words(client: Client, sam: Any) -> None:
    client.force_login(sam)
    page = client.post("/calculators/", {
        "calculator": "who_grade", "who_grade-differentiation": "well",
        "who_grade-ki67_percent": "3", "who_grade-mitoses_per_2mm2": "1"}).content.decode()
    result = _rows(page, "")
    assert "NET" == result["WHO category"] and "G2" == result["Grade"]
    assert "Ki-67" == result["Decided by"]
    assert "no" == result["Uncertain"] and "none" == result["Notes"]
    assert result["Source"].startswith("REFERENCE §1")
    inputs = _rows(page, "Inputs used")
    assert {"Differentiation": "Well differentiated", "Ki-67 (%)": "3",
            "Mitoses per 2 mm²": "1"} == inputs
    assert "decided_by" not in page and "False" not in page and "[]" not in page
    assert "a clinician decides" in page.lower()


def test_an_unknown_mitotic_count_is_said_with_its_note(client: Client, sam: Any) -> None:
    client.force_login(sam)
    page = client.post("/calculators/", {
        "calculator": "who_grade", "who_grade-differentiation": "well",
        "who_grade-ki67_percent": "12.5", "who_grade-mitoses_per_2mm2": ""}).content.decode()
    result = _rows(page, "")
    assert "yes" == result["Uncertain"]
    assert result["Notes"].startswith("Mitotic count not reported")
    inputs = _rows(page, "Inputs used")
    assert "12.5" == inputs["Ki-67 (%)"] and "unknown" == inputs["Mitoses per 2 mm²"]


def test_a_decayed_activity_is_rounded_and_the_inputs_are_not(client: Client,
                                                              sam: Any) -> None:
    client.force_login(sam)
    page = client.post("/calculators/", {
        "calculator": "decay", "decay-nuclide": "Lu-177", "decay-activity_gbq": "7.4",
        "decay-elapsed_hours": "24"}).content.decode()
    assert {"Activity (GBq)": "6.67"} == _rows(page, "")
    assert {"Nuclide": "Lu-177", "Activity at the reference time (GBq)": "7.4",
            "Hours after the reference time (negative: before)": "24"} == _rows(
        page, "Inputs used")


def test_a_5hiaa_conversion_names_its_units(client: Client, sam: Any) -> None:
    client.force_login(sam)
    page = client.post("/calculators/", {
        "calculator": "hiaa_units", "hiaa_units-value": "10",
        "hiaa_units-unit": "mg/24h"}).content.decode()
    assert {"5-HIAA (mg/24 h)": "10", "5-HIAA (µmol/24 h)": "52.31"} == _rows(page, "")
    assert "mg_per_24h" not in page
    assert "mg/24 h" == _rows(page, "Inputs used")["Unit"]


def test_an_m_category_from_liver_metastases_reads_yes_and_no(client: Client,
                                                               sam: Any) -> None:
    client.force_login(sam)
    page = client.post("/calculators/", {
        "calculator": "ajcc8_m", "ajcc8_m-hepatic_metastases": "on"}).content.decode()
    assert "M1a" == _rows(page, "")["M category"]
    assert {"Hepatic metastases": "yes", "Extrahepatic metastases": "no"} == _rows(
        page, "Inputs used")
