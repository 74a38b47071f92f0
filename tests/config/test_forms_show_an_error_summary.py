"""A form sent back with errors opens with a summary: "Field: message" links to each field, in
the form's order, and the summary takes the focus by itself (the `autofocus` attribute: the
content security policy allows no inline script), so a keyboard or screen-reader user lands on
what to fix."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.patients.models import Patient

REGISTRATION = {"mrn": "NC-1", "first_name": "Ines", "last_name": "Novak",
                "date_of_birth": "", "sex": "female", "phone": "abc",
                "email": "ines@example.org", "address": "", "preferred_language": "en"}


def _summary(page: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', page, re.S)
    assert found is not None, "no error summary on the page"
    return found[0]


def test_a_form_with_three_errors_lists_them_linked_to_their_fields(
        client: Client, nora: Any) -> None:
    client.force_login(nora)
    response = client.post("/patients/new/", REGISTRATION)
    assert 400 == response.status_code
    summary = _summary(response.content.decode())
    assert "Please correct the following" in summary
    links = re.findall(r'<a href="#(id_\w+)">([^<]+)</a>', summary)
    assert [
        ("id_mrn", "Medical record number: letters and digits only."),
        ("id_date_of_birth", "Date of birth: This field is required."),
        ("id_phone", "Phone: Use digits, spaces, +, - and parentheses only, with an optional "
                     "extension (e.g. +1 (202) 555-0142, or 555-0142 ext. 12)."),
    ] == links
    assert not Patient.objects.exists()


def test_the_summary_takes_the_focus_without_a_script(client: Client, nora: Any) -> None:
    """Focusable (tabindex -1), autofocus, named by its heading; the page has no script."""
    client.force_login(nora)
    page = client.post("/patients/new/", REGISTRATION).content.decode()
    opening = _summary(page).split(">")[0]
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    assert 'aria-labelledby="form-error-summary-title"' in opening
    assert 'id="form-error-summary-title"' in page
    assert 1 == page.count("autofocus")
    assert "<script" not in page


def test_the_summary_comes_before_the_first_field(client: Client, nora: Any) -> None:
    client.force_login(nora)
    page = client.post("/patients/new/", REGISTRATION).content.decode()
    assert page.index('class="error-summary"') < page.index('<label for="id_mrn">')


def test_a_form_without_errors_has_no_summary(client: Client, nora: Any) -> None:
    client.force_login(nora)
    page = client.get("/patients/new/").content.decode()
    assert "error-summary" not in page and "autofocus" not in page


def test_a_message_naming_its_field_is_not_prefixed_twice(client: Client, nora: Any) -> None:
    """"Date of birth cannot be in the future." — not "Date of birth: Date of birth …"."""
    client.force_login(nora)
    page = client.post("/patients/new/", {**REGISTRATION, "mrn": "NC1", "phone": "",
                                          "date_of_birth": "2999-01-01"}).content.decode()
    assert '<a href="#id_date_of_birth">Date of birth cannot be in the future.</a>' in page
    assert "Date of birth: Date of birth" not in page


def test_an_invalid_input_is_described_by_its_own_error(client: Client, nora: Any) -> None:
    """The input says it is invalid and points to its error list, which exists by that id."""
    client.force_login(nora)
    page = client.post("/patients/new/", REGISTRATION).content.decode()
    phone = page.split('name="phone"')[1].split(">")[0]
    assert 'aria-invalid="true"' in phone and 'aria-describedby="id_phone_error"' in phone
    assert '<ul class="errorlist" id="id_phone_error">' in page
