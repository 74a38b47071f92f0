"""`netcare.config.csrf.masked_token` hands out CSRF tokens as Django's `get_token` does: the
request's secret under a fresh mask, accepted by Django's CSRF check."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token, get_token
from django.test import Client

from netcare.config.csrf import masked_token
from netcare.surveillance.models import FollowUp
from netcare.workup.dates import program_today
from tests.surveillance.plans import planned_tumor

SECRET = "aZ09" * 8


def _request(secret: str | None) -> HttpRequest:
    request = HttpRequest()
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_a_token_is_the_secret_under_a_new_mask_each_time() -> None:
    request = _request(SECRET)
    tokens = {masked_token(request) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 64
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie goes out again


def test_every_allowed_character_turns_up_in_the_masks() -> None:
    masks = "".join(masked_token(_request(SECRET))[:32] for _ in range(200))
    assert set(masks) == set(CSRF_ALLOWED_CHARS)


def test_a_request_without_a_secret_gets_one_as_from_django() -> None:
    request = _request(None)
    token = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32
    assert _unmask_cipher_token(token) == secret
    assert _unmask_cipher_token(get_token(request)) == secret


def test_a_worklist_row_form_with_the_page_token_passes_the_csrf_check(
        sam: Any, nora: Any) -> None:
    tumor = planned_tumor(sam, mrn="K000009", first_name="Kai", last_name="Token")
    overdue = FollowUp.objects.filter(patient=tumor.patient, due_on__lt=program_today()).first()
    assert overdue is not None
    client = Client(enforce_csrf_checks=True)
    client.force_login(nora)
    page = client.get("/surveillance/worklist/?overdue=on").content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1  # the rows' forms and the sign-out form share the page's token
    response = client.post(f"/surveillance/follow-ups/{overdue.pk}/", {
        "csrfmiddlewaretoken": tokens.pop(), "action": "schedule",
        "on": (program_today() + timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.scheduled_for == program_today() + timedelta(days=3)
