"""The layout rendered once per kind of viewer (`program.layout`) gives the page the template
gives, for every role; messages, the program's settings and the sign-out form still work."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils.safestring import mark_safe

from netcare.accounts.views import HOME_FOR_ROLE
from netcare.patients.models import Patient
from netcare.program.actions import update_program_settings
from netcare.program.layout import PAGE_TEMPLATE, render_page

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _request(user: Any) -> Any:
    request = RequestFactory().get("/patients/1/")
    request.user = user
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def _tokens_blanked(response: HttpResponse) -> str:
    return _TOKEN.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode())


def test_every_role_gets_the_page_the_template_renders(cast: dict[str, Any]) -> None:
    title = 'Ortiz & "Sons" <b>'
    content = mark_safe("<section><p>The chart</p></section>")
    for role, user in cast.items():
        framed = render_page(_request(user), title=title, content=content)
        templated = render(_request(user), PAGE_TEMPLATE,
                           {"page_title": title, "page_content": content})
        assert _tokens_blanked(framed) == _tokens_blanked(templated), role
        page = framed.content.decode()
        assert "<title>Ortiz &amp; &quot;Sons&quot; &lt;b&gt; · netcare</title>" in page, role
        assert f"({user.username} · {user.role_label})" in page, role


def test_every_role_gets_its_landing_page_as_the_template_renders_it(
        cast: dict[str, Any]) -> None:
    """On a landing page the layout shows the board task panel (staff who see the board):
    filled in per request, in the template's place."""
    content = mark_safe("<p>The list</p>")
    panels = 0
    for role, user in cast.items():
        home = reverse(HOME_FOR_ROLE[role])
        framed_request, templated_request = _request(user), _request(user)
        for request in (framed_request, templated_request):
            request.path = request.path_info = home
            request.resolver_match = resolve(home)
        framed = render_page(framed_request, title="Home", content=content)
        templated = render(templated_request, PAGE_TEMPLATE,
                           {"page_title": "Home", "page_content": content})
        assert _tokens_blanked(framed) == _tokens_blanked(templated), role
        panels += "board tasks" in framed.content.decode().lower()
    assert panels >= 2  # the physician's patient list and the navigator's queue at least


def test_a_waiting_message_shows_once(nora: Any) -> None:
    request = _request(nora)
    messages.success(request, "Chen, Ada registered.")
    page = render_page(request, title="Chen, Ada", content=mark_safe("<p>x</p>"))
    assert 'class="success">Chen, Ada registered.</li>' in page.content.decode()
    assert messages.get_messages(request).used  # shown, so not kept for the next page


def test_registering_a_patient_shows_the_message_on_the_chart_then_not(nora: Any) -> None:
    client = Client()
    client.force_login(nora)
    response = client.post("/patients/new/", {
        "mrn": "NC0004242", "first_name": "Ada", "last_name": "Chen",
        "date_of_birth": "1970-03-04", "sex": "female", "preferred_language": "en",
        "phone": "555-0100",
    }, follow=True)
    assert "Ada Chen registered." in response.content.decode()
    chart = response.redirect_chain[-1][0]
    assert "registered." not in client.get(chart).content.decode()


def test_a_renamed_program_shows_on_the_next_chart_view(nora: Any, ada: Any) -> None:
    patient = Patient.objects.create(mrn="NC0004243", first_name="Ben", last_name="Okafor",
                                     date_of_birth=date(1966, 1, 2), sex="male")
    client = Client()
    client.force_login(nora)
    before = client.get(f"/patients/{patient.pk}/").content.decode()
    update_program_settings({"name": "Lakeside NET Clinic"}, by=ada)
    after = client.get(f"/patients/{patient.pk}/").content.decode()
    assert "Lakeside NET Clinic" not in before
    assert '<a class="brand" href="/">Lakeside NET Clinic</a>' in after
    assert "<title>Ben Okafor · netcare</title>" in after


def test_signing_out_from_a_chart_passes_the_csrf_check(nora: Any) -> None:
    patient = Patient.objects.create(mrn="NC0004244", first_name="Cy", last_name="Dune",
                                     date_of_birth=date(1950, 5, 6), sex="male")
    client = Client(enforce_csrf_checks=True)
    client.force_login(nora)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    logout = re.search(r'action="/accounts/logout/" class="inline">'
                       r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert logout is not None
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": logout[1]})
    assert 302 == response.status_code
    assert 302 == client.get(f"/patients/{patient.pk}/").status_code  # signed out
