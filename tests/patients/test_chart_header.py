"""The chart's header names the patient and their details, escaped, with a working portal
sign-in button for the navigator."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

from netcare.patients.models import Patient


def test_the_header_shows_who_the_patient_is(client: Client, nora: Any) -> None:
    patient = Patient.objects.create(
        mrn="NC0000777", first_name="Zoë", last_name="<b>O'Neil</b>",
        date_of_birth=date(1950, 3, 9), sex="male", phone="555-0199",
        deceased_on=date(2025, 12, 1),
    )
    client.force_login(nora)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    header = page[page.index('<section class="panel chart-header"'):]
    header = header[: header.index("</section>")]
    assert "<h1>&lt;b&gt;O&#x27;Neil&lt;/b&gt;, Zoë</h1>" in header
    assert "MRN <strong>NC0000777</strong>" in header
    assert "Born 1950-03-09" in header and "<span>Male</span>" in header
    assert "Prefers English" in header and "Phone 555-0199" in header
    assert "Deceased 2025-12-01" in header


def test_the_header_names_the_sex_and_language_in_words(client: Client, nora: Any) -> None:
    patient = Patient.objects.create(
        mrn="NC0000778", first_name="Lan", last_name="Tran", date_of_birth=date(1970, 1, 2),
        sex="female", preferred_language="vi")
    client.force_login(nora)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    assert "<span>Female</span>" in page and "<span>Prefers Vietnamese</span>" in page


def test_the_portal_button_carries_a_fresh_csrf_token_and_works(
    client: Client, nora: Any, other_record: Any
) -> None:
    client.force_login(nora)
    tokens = []
    for _ in range(2):
        page = client.get(f"/patients/{other_record.pk}/").content.decode()
        match = re.search(
            r'<form method="post" action="(/patients/\d+/[^"]+)" class="inline">'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', page)
        assert match is not None
        tokens.append(match[2])
    assert tokens[0] != tokens[1]  # masked anew per page, as Django's {% csrf_token %}
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(nora)
    page = checked.get(f"/patients/{other_record.pk}/").content.decode()
    action, token = re.search(r'action="(/patients/\d+/portal[^"]*)" class="inline">'
                              r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
                              page).groups()
    response = checked.post(action, {"csrfmiddlewaretoken": token})
    assert 200 == response.status_code
    assert "one-time password" in response.content.decode().lower()
