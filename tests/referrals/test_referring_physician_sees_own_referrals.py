"""A referring physician starts on "My referrals": the referrals they sent, where each stands,
and nobody else's. Their referral form is a physician referral with their name filled in."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.program import settings_store
from netcare.referrals.actions import submit_referral, triage_referral
from netcare.referrals.models import Referral
from tests.conftest import _make_user
from tests.referrals.conftest import referral_data


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _sent_by(user: Any, **extra: Any) -> Referral:
    return submit_referral(referral_data(source="physician",
                                         referring_physician_name="Dr Rita Test", **extra),
                           by=user)


def test_a_referring_physician_lands_on_my_referrals(client: Client, rita: Any) -> None:
    """Signing in sends the referring physician to their own referrals, not the calculators."""
    client.force_login(rita)
    response = client.get("/accounts/home/", follow=True)
    assert [("/referrals/mine/", 302)] == response.redirect_chain
    assert "<h1>My referrals</h1>" in response.content.decode()


def test_with_no_referrals_the_page_says_so_and_offers_the_form(client: Client,
                                                                rita: Any) -> None:
    """An empty list explains what will appear and links to the referral form."""
    client.force_login(rita)
    page = client.get("/referrals/mine/").content.decode()
    assert "You have not sent a referral yet." in page
    assert 'href="/referrals/new/"' in page
    assert "<table" not in page


def test_each_row_names_the_patient_and_the_status_in_words(
        client: Client, rita: Any, nora: Any) -> None:
    """Reference, date sent, patient, status label and the last change are on the row."""
    referral = _sent_by(rita, first_name="Ines", last_name="Ileum")
    triage_referral(referral, by=nora, status="triaged")
    client.force_login(rita)
    page = client.get("/referrals/mine/").content.decode()
    row = _text(page.split(referral.reference, 1)[1].split("</tr>", 1)[0])
    last = referral.history.last()
    assert "Ileum, Ines" in row and "Triaged" in row and "triaged" not in row
    assert f"{last.at.astimezone(settings_store.current().zone):%Y-%m-%d %H:%M}" in row
    assert f'href="/referrals/mine/{referral.pk}/"' in page


def test_another_physicians_referrals_are_neither_listed_nor_opened(
        client: Client, rita: Any, make_referral: Any) -> None:
    """Referrals sent by another physician or anonymously stay out of the list; opening one
    by its address answers 404, like one that does not exist."""
    mine = _sent_by(rita, last_name="Mine")
    other_physician = _make_user("oscar", "referring_physician")
    theirs = _sent_by(other_physician, last_name="Theirs")
    anonymous = make_referral(last_name="Anonymous")
    client.force_login(rita)
    page = client.get("/referrals/mine/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page and anonymous.reference not in page
    assert 200 == client.get(f"/referrals/mine/{mine.pk}/").status_code
    assert 404 == client.get(f"/referrals/mine/{theirs.pk}/").status_code
    assert 404 == client.get(f"/referrals/mine/{anonymous.pk}/").status_code
    assert 404 == client.get("/referrals/mine/999999/").status_code


def test_the_referrer_sees_where_it_stands_but_not_the_navigators_notes(
        client: Client, rita: Any, nora: Any) -> None:
    """The detail gives the status history in words, without staff names or triage notes."""
    referral = _sent_by(rita, symptoms=["rectal_bleeding"])
    triage_referral(referral, by=nora, status="contacted", reason="left a voicemail")
    client.force_login(rita)
    text = _text(client.get(f"/referrals/mine/{referral.pk}/").content.decode())
    assert "Status: Contacted" in text
    assert "Received (New)" in text and "New → Contacted" in text
    assert "Bleeding from the bottom (rectal bleeding)" in text
    assert "voicemail" not in text and "Nora" not in text


def test_only_referring_physicians_have_my_referrals(client: Client, cast: dict[str, Any]
                                                     ) -> None:
    """Every other role, a navigator included, gets 404."""
    for role, user in cast.items():
        if role == "referring_physician":
            continue
        client.force_login(user)
        assert 404 == client.get("/referrals/mine/").status_code, role


def test_reading_the_list_and_a_referral_is_audited(client: Client, rita: Any) -> None:
    """The list writes one entry naming the references shown; a referral writes one naming it."""
    first, second = _sent_by(rita), _sent_by(rita)
    client.force_login(rita)
    client.get("/referrals/mine/")
    listed = AuditEntry.objects.get(action=codes.REFERRAL_LIST_VIEWED)
    assert ("rita", "referring_physician") == (listed.username, listed.role)
    assert {"page": 1, "shown": 2, "references": [second.reference, first.reference]} == (
        listed.detail)
    client.get(f"/referrals/mine/{first.pk}/")
    viewed = AuditEntry.objects.get(action=codes.REFERRAL_VIEWED)
    assert ("Referral", str(first.pk), "rita") == (
        viewed.object_type, viewed.object_id, viewed.username)


def test_the_list_pages_by_25_newest_first(client: Client, rita: Any) -> None:
    """26 referrals: the first page shows the 25 newest and links to older ones."""
    sent = [_sent_by(rita, last_name=f"P{index:02d}") for index in range(26)]
    client.force_login(rita)
    page = client.get("/referrals/mine/").content.decode()
    assert 25 == page.count('<tr><td data-label="Reference"><a href="/referrals/mine/')
    assert sent[-1].reference in page and sent[0].reference not in page
    assert page.index(sent[-1].reference) < page.index(sent[-2].reference)
    assert "Older referrals" in page
    older = client.get("/referrals/mine/?page=2").content.decode()
    assert sent[0].reference in older and "Newer referrals" in older
    assert 400 == client.get("/referrals/mine/?page=0").status_code


def test_the_list_issues_the_same_queries_for_3_or_30_referrals(
        client: Client, rita: Any, nora: Any, django_assert_max_num_queries: Any) -> None:
    """Session, user, the rows (last change by subquery), the audit INSERT: no query per row."""
    for index in range(3):
        triage_referral(_sent_by(rita, last_name=f"A{index}"), by=nora, status="triaged")
    client.force_login(rita)
    client.get("/referrals/mine/")
    with django_assert_max_num_queries(4):
        small = client.get("/referrals/mine/")
    for index in range(27):
        triage_referral(_sent_by(rita, last_name=f"B{index}"), by=nora, status="triaged")
    with django_assert_max_num_queries(4):
        large = client.get("/referrals/mine/")
    assert 200 == small.status_code == large.status_code
    assert 25 == large.content.decode().count('<td data-label="Status">Triaged</td>')


def test_the_physicians_form_is_a_physician_referral_with_their_name(
        client: Client, rita: Any) -> None:
    """No self-referral choice; their name is filled in, and their last practice too."""
    _sent_by(rita, referring_practice="Harbor Clinic", referring_phone="555-0199")
    client.force_login(rita)
    page = client.get("/referrals/new/").content.decode()
    assert "Self-referral" not in page
    assert 'type="hidden" name="source" value="physician"' in page
    assert 'value="Rita Test"' in page
    assert 'value="Harbor Clinic"' in page and 'value="555-0199"' in page


def test_a_physician_cannot_send_a_self_referral(client: Client, rita: Any) -> None:
    """Even a request that says "self" is stored as the physician's referral."""
    client.force_login(rita)
    form = client.get("/referrals/new/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', form)
    assert stamp is not None
    response = client.post("/referrals/new/", {
        "source": "self", "first_name": "Rosa", "last_name": "Referred",
        "date_of_birth": "1970-05-06", "phone": "555-0150", "reason": "Flushing",
        "referring_physician_name": "Dr Rita Test", "stamp": stamp[1]})
    assert (302, "/referrals/thanks/") == (response.status_code, response.url)
    referral = Referral.objects.get(last_name="Referred")
    assert ("physician", rita) == (referral.source, referral.submitted_by)
    thanks = client.get("/referrals/thanks/").content.decode()
    assert 'href="/referrals/mine/"' in thanks


def test_anonymous_senders_still_choose_who_refers(client: Client, db: Any) -> None:
    """The public form keeps both choices, self-referral first."""
    page = client.get("/referrals/new/").content.decode()
    assert "Self-referral" in page and "Physician referral" in page
