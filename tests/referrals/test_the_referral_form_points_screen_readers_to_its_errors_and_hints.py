"""The public referral form, sent back with mistakes, opens with the error summary that takes
the focus (as every other form), and each input's aria-describedby names an error list or a
hint that exists in the page, so a screen reader reads them with the input."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.test import Client

from tests.referrals.conftest import filled_form


class _Ids(HTMLParser):
    """Every element id, every aria-describedby (by the element's name or tag), every link
    target within the page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("aria-describedby"):
            who = str(found.get("name") or found.get("id") or tag)
            self.described.setdefault(who, []).extend(str(found["aria-describedby"]).split())
        if tag == "a" and str(found.get("href") or "").startswith("#"):
            self.anchors.append(str(found["href"])[1:])


def _parsed(page: str) -> _Ids:
    parser = _Ids()
    parser.feed(page)
    return parser


def _failed_submission(client: Client, settings: Any) -> str:
    """Sent too quickly, without phone, email or reason, a physician referral without the
    physician's name, and a symptom the form does not offer."""
    settings.REFERRAL_FORM_MIN_SECONDS = 3
    response = client.post("/referrals/new/", filled_form(
        client, phone="", reason="", source="physician", symptoms=["bogus"]))
    assert 400 == response.status_code
    return response.content.decode()


def test_every_id_an_input_is_described_by_exists_after_a_failed_submission(
        client: Client, settings: Any, db: Any) -> None:
    parsed = _parsed(_failed_submission(client, settings))
    assert {
        "phone": ["id_phone_error"],
        "reason": ["id_reason_error"],
        "referring_physician_name": ["id_referring_physician_name_error"],
        "preferred_contact_times": ["id_preferred_contact_times_helptext"],
        "documents": ["id_documents_helptext"],
        "id_symptoms": ["id_symptoms_error"],
    } == parsed.described
    missing = {who: [i for i in ids if i not in parsed.ids]
               for who, ids in parsed.described.items()}
    assert {who: [] for who in parsed.described} == missing


def test_the_hints_are_found_by_their_id_on_a_fresh_form(client: Client, db: Any) -> None:
    page = client.get("/referrals/new/").content.decode()
    assert re.search(r'<div class="muted" id="id_preferred_contact_times_helptext">'
                     r"For example: weekday mornings, or after 3 pm.</div>", page)
    parsed = _parsed(page)
    assert all(i in parsed.ids for ids in parsed.described.values() for i in ids)
    assert "error-summary" not in page and "autofocus" not in page


def test_a_failed_submission_opens_with_a_summary_that_takes_the_focus(
        client: Client, settings: Any, db: Any) -> None:
    page = _failed_submission(client, settings)
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', page, re.S)
    assert summary is not None, "no error summary on the page"
    opening = summary[0].split(">")[0]
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    assert 1 == page.count("autofocus")
    assert page.index('class="error-summary"') < page.index('<label for="id_first_name">')
    assert "The form was sent too quickly; please check it and send it again." in summary[0]
    links = re.findall(r'<a href="#(id_\w+)">([^<]+)</a>', summary[0])
    assert [
        ("id_phone", "Phone: give a phone number or an email address"),
        ("id_reason", "Reason for referral: This field is required."),
        ("id_symptoms", "Symptoms (tick all that apply): Select a valid choice. bogus is not "
                        "one of the available choices."),
        ("id_referring_physician_name",
         "Referring physician (physicians only): name the referring physician"),
    ] == links
    parsed = _parsed(page)
    assert [] == [anchor for anchor in parsed.anchors if anchor not in parsed.ids]


def test_the_rate_limit_refusal_is_in_the_summary(client: Client, settings: Any,
                                                  db: Any) -> None:
    settings.REFERRAL_RATE_LIMIT = 1
    assert 302 == client.post("/referrals/new/", filled_form(client)).status_code
    response = client.post("/referrals/new/", filled_form(client, first_name="Ines"))
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>',
                        response.content.decode(), re.S)
    assert 429 == response.status_code and summary is not None
    assert "Too many referrals were sent from your connection." in summary[0]
