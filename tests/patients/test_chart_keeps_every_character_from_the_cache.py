"""The chart's cached body is kept and served as UTF-8 bytes (`chart_cache.cached_body`,
`program.layout.render_page`): names and results in any script read the same on the first
view, on a cached view, and on a view with a message waiting (the template's page)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import Patient, TimelineEntry

pytestmark = pytest.mark.django_db

NAME = "Zoë Ðurić-Nakamura 中村"
RESULT = "Chromogranin A ≥ 2× upper limit — résumé sent"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked (each view masks its token afresh)."""
    return _TOKEN.sub('name="csrfmiddlewaretoken" value=""', page)


def _patient() -> Patient:
    patient = Patient.objects.create(mrn="NC0007711", first_name="Zoë",
                                     last_name="Ðurić-Nakamura 中村",
                                     date_of_birth=date(1961, 2, 3), sex="female")
    TimelineEntry.objects.create(patient=patient, kind="lab", title=RESULT,
                                 summary="Ki-67 < 3 % · 5-HIAA 12 mg/24 h",
                                 occurred_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC))
    return patient


def test_the_first_and_the_cached_view_show_the_same_characters(nora: Any) -> None:
    patient = _patient()
    client = Client()
    client.force_login(nora)
    first = client.get(f"/patients/{patient.pk}/")
    cached = client.get(f"/patients/{patient.pk}/")
    assert first["Content-Type"] == "text/html; charset=utf-8"
    for response in (first, cached):
        page = response.content.decode("utf-8")
        assert f"<h1>{NAME.split(' ', 1)[1]}, Zoë</h1>" in page
        assert f"<strong>{RESULT}</strong>" in page
        assert "Ki-67 &lt; 3 % · 5-HIAA 12 mg/24 h" in page
    assert _without_tokens(first.content.decode()) == _without_tokens(cached.content.decode())


def test_a_chart_with_a_message_waiting_shows_the_message_and_the_same_body(
        nora: Any) -> None:
    client = Client()
    client.force_login(nora)
    response = client.post("/patients/new/", {
        "mrn": "NC0007712", "first_name": "Zoë", "last_name": "Ðurić-Nakamura 中村",
        "date_of_birth": "1961-02-03", "sex": "female", "preferred_language": "en",
        "phone": "555-0111"}, follow=True)
    with_message = _without_tokens(response.content.decode("utf-8"))
    assert f"{NAME} registered." in with_message
    assert f"<h1>{NAME.split(' ', 1)[1]}, Zoë</h1>" in with_message
    chart = response.redirect_chain[-1][0]
    # The cached body now, and no message.
    again = _without_tokens(client.get(chart).content.decode("utf-8"))
    assert "registered." not in again
    body = again[again.index('<section class="panel chart-header"'):again.index("</main>")]
    assert body in with_message
