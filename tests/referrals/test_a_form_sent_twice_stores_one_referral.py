"""One rendered referral form stores one referral. Sent again unchanged — a double click on
"Send", a phone retrying the request — it shows the same confirmation with the first reference
number, stores no second referral or file, and uses none of the address's allowance; two
sendings at the same moment store one referral too. So does Back after the confirmation, which
shows the form afresh with what was typed. A form sent back with a mistake is stored once
corrected, and a form sent again about another person is a referral of its own."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.referrals import spam
from netcare.referrals.models import Referral, ReferralDocument
from tests.referrals.conftest import PDF, filled_form

TOO_MANY = "Too many referrals were sent from your connection"


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> Any:
    """POST the form as a browser sends it again: the same fields, the same files."""
    sent = {**data, "documents": [SimpleUploadedFile(name, content)
                                  for name, content in files]}
    return client.post("/referrals/new/", sent)


def _reference_shown(client: Client) -> str:
    page = client.get("/referrals/thanks/").content.decode()
    shown = re.search(r"Your reference number is <strong>(R-\d{4}-\d{6})</strong>", page)
    assert shown is not None, page
    return shown[1]


def _forget_confirmation(client: Client) -> None:
    """So the confirmation shown next is the one the next answer gives."""
    from netcare.referrals.views import SESSION_KEY

    session = client.session
    session.pop(SESSION_KEY, None)
    session.save()


def _stored_files(settings: Any) -> list[str]:
    return sorted(p.name for p in (settings.MEDIA_ROOT / "referrals").rglob("*")
                  if p.is_file())


def test_a_double_click_stores_one_referral_and_confirms_it_twice(client: Client,
                                                                  settings: Any,
                                                                  db: Any) -> None:
    """Rosa's form with her PDF report arrives twice: both answers lead to the confirmation
    with the one referral's reference; one document, one file, one audit entry."""
    data = filled_form(client)
    first = _send(client, data, ("report.pdf", PDF))
    first_reference = _reference_shown(client)
    _forget_confirmation(client)
    second = _send(client, data, ("report.pdf", PDF))
    assert [(302, "/referrals/thanks/")] * 2 == [(r.status_code, r.url) for r in (first, second)]
    referral = Referral.objects.get()
    assert referral.reference == first_reference == _reference_shown(client)
    assert ["report.pdf"] == list(ReferralDocument.objects.values_list("original_name",
                                                                       flat=True))
    assert [f"{referral.reference}-pdf"] == _stored_files(settings)
    assert 1 == AuditEntry.objects.filter(action=codes.REFERRAL_SUBMITTED).count()


def test_sending_again_after_the_confirmation_uses_none_of_the_allowance(
        client: Client, settings: Any, db: Any) -> None:
    """Two referrals an hour allowed: Rosa's form sent three times is one of them, so Ines's
    referral is still accepted, and only a third person's is refused."""
    settings.REFERRAL_RATE_LIMIT = 2
    rosa = filled_form(client)
    assert [302, 302, 302] == [_send(client, rosa).status_code for _ in range(3)]
    assert 302 == _send(client, filled_form(client, first_name="Ines")).status_code
    refused = _send(client, filled_form(client, first_name="Omar"))
    assert 429 == refused.status_code and TOO_MANY in refused.content.decode()
    assert ["Ines", "Rosa"] == sorted(Referral.objects.values_list("first_name", flat=True))


def test_a_form_sent_again_once_the_allowance_is_used_up_still_shows_its_confirmation(
        client: Client, settings: Any, db: Any) -> None:
    """One referral an hour allowed, and Rosa's used it: her form arriving again is her
    referral, not a refusal."""
    settings.REFERRAL_RATE_LIMIT = 1
    rosa = filled_form(client)
    assert 302 == _send(client, rosa).status_code
    reference = _reference_shown(client)
    _forget_confirmation(client)
    again = _send(client, rosa)
    assert (302, "/referrals/thanks/") == (again.status_code, again.url)
    assert reference == _reference_shown(client)
    assert 1 == Referral.objects.count()


def test_the_form_shown_again_by_back_and_sent_unchanged_is_the_same_referral(
        client: Client, settings: Any, db: Any) -> None:
    """Back after the confirmation fetches the form afresh (a new token) and the browser fills
    in what Rosa typed: sending it shows her reference again, and uses none of the one
    referral an hour allowed — it is not refused."""
    settings.REFERRAL_RATE_LIMIT = 1
    assert 302 == _send(client, filled_form(client)).status_code
    reference = _reference_shown(client)
    _forget_confirmation(client)
    again = _send(client, filled_form(client))
    assert (302, "/referrals/thanks/") == (again.status_code, again.url)
    assert reference == _reference_shown(client)
    assert 1 == Referral.objects.count()


def test_the_same_details_from_another_browser_are_a_referral_of_their_own(
        client: Client, db: Any) -> None:
    """Rosa's daughter refers her too, from her own phone, in the same words: the navigator
    gets both (only a form sent again, or Back in one browser, is the same sending)."""
    daughter = Client()
    assert 302 == _send(client, filled_form(client)).status_code
    assert 302 == _send(daughter, filled_form(daughter)).status_code
    assert _reference_shown(client) != _reference_shown(daughter)
    assert 2 == Referral.objects.count()


def test_a_form_sent_back_with_a_mistake_is_stored_once_corrected(client: Client,
                                                                   db: Any) -> None:
    """Rosa forgets the reason: the form comes back (what she typed kept); she fills it in and
    sends the form shown to her — stored — and her phone sends it once more: still one."""
    refused = _send(client, filled_form(client, reason=""))
    page = refused.content.decode()
    assert 400 == refused.status_code
    assert 'value="Rosa"' in page
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    corrected = filled_form(client, stamp=stamp[1], reason="Flushing and diarrhea")
    assert 302 == _send(client, corrected).status_code
    reference = _reference_shown(client)
    _forget_confirmation(client)
    assert 302 == _send(client, corrected).status_code
    assert [reference] == list(Referral.objects.values_list("reference", flat=True))
    assert reference == _reference_shown(client)


def test_a_form_sent_again_about_another_patient_is_a_referral_of_its_own(
        physician_client: Client) -> None:
    """Dr Rita Test goes Back after referring Rosa and types Ines's name into the same form:
    Ines's referral is stored with its own reference rather than answered with Rosa's."""
    rosa = filled_form(physician_client, source="physician",
                       referring_physician_name="Dr Rita Test")
    assert 302 == _send(physician_client, rosa).status_code
    first = _reference_shown(physician_client)
    assert 302 == _send(physician_client, {**rosa, "first_name": "Ines"}).status_code
    second = _reference_shown(physician_client)
    assert first != second
    assert [("Rosa", first), ("Ines", second)] == list(
        Referral.objects.order_by("id").values_list("first_name", "reference"))


@pytest.fixture
def physician_client(rita: Any) -> Client:
    signed_in = Client()
    signed_in.force_login(rita)
    return signed_in


def test_a_form_shown_before_forms_carried_a_token_is_sent_back_to_send_again(
        client: Client, db: Any) -> None:
    """A stamp signed before the upgrade (a time alone): the form comes back with what was
    typed and a fresh stamp, and sending it again stores the referral."""
    data = filled_form(client, stamp=signing.dumps(time.time() - 60, salt=spam.SALT))
    refused = _send(client, data)
    page = refused.content.decode()
    assert 400 == refused.status_code
    assert "The form expired or was altered" in page and 'value="Rosa"' in page
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None and stamp[1] != data["stamp"]
    assert 302 == _send(client, {**data, "stamp": stamp[1]}).status_code
    assert 1 == Referral.objects.count()


def test_the_database_refuses_a_second_referral_from_one_sending(make_referral: Any) -> None:
    """Even bypassing the action: two rows with one submission key are refused."""
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(submission_key="a" * 64)
    twin = make_referral()
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=twin.pk).update(submission_key="a" * 64)


# --- At the same moment (PostgreSQL) ---


def _skip_on_sqlite_in_memory() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
            "file:memorydb"):
        pytest.skip("SQLite in-memory test database: threads cannot write concurrently")


def _at_once(count: int, attempt: Any) -> list[Any]:
    """`attempt(n)` in `count` threads released together, each on its own connection."""
    from django.db import connections

    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def run(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[n] = attempt(n)
        except Exception as error:  # noqa: BLE001 (reported in the assertion)
            outcomes[n] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_four_sendings_of_one_form_at_the_same_moment_store_one_referral(
        settings: Any, monkeypatch: Any) -> None:
    """A phone retrying while the person taps again: four POSTs of Rosa's form (with her PDF)
    at once, the first one slow to count its allowance (so the others arrive while its
    referral is not yet committed). All four lead to the confirmation of the one referral,
    one file is stored and one referral counted: with two allowed, one more person's
    referral is accepted and the next refused."""
    from netcare.referrals import views

    _skip_on_sqlite_in_memory()
    settings.REFERRAL_RATE_LIMIT = 2
    counted: list[str] = []

    def slow_take_allowance(address: str | None) -> bool:
        counted.append(str(address))
        time.sleep(0.5)
        return spam.take_allowance(address)

    monkeypatch.setattr(views, "take_allowance", slow_take_allowance)
    clients = [Client() for _ in range(4)]
    data = filled_form(clients[0])

    def send(n: int) -> tuple[int, str, str]:
        response = _send(clients[n], data, ("report.pdf", PDF))
        return response.status_code, response.url, _reference_shown(clients[n])

    outcomes = _at_once(4, send)
    referral = Referral.objects.get()
    assert [(302, "/referrals/thanks/", referral.reference)] * 4 == outcomes
    assert 1 == len(counted)
    assert 1 == ReferralDocument.objects.count() == len(_stored_files(settings))
    monkeypatch.undo()
    assert 302 == _send(clients[0], filled_form(clients[0], first_name="Ines")).status_code
    assert 429 == _send(clients[0], filled_form(clients[0], first_name="Omar")).status_code


@pytest.mark.django_db(transaction=True)
def test_simultaneous_calls_of_the_action_with_one_token_store_one_referral() -> None:
    """Three threads submit the same referral with one token; the first to insert holds its
    transaction open: it stores the referral, the others are told which one it is."""
    from netcare.referrals.actions import AlreadySubmittedError, submit_referral
    from tests.referrals.conftest import referral_data

    _skip_on_sqlite_in_memory()
    admitted: list[int] = []

    def slow_admit() -> bool:
        admitted.append(1)
        time.sleep(0.5)
        return True

    def submit(_n: int) -> str:
        try:
            return "stored " + submit_referral(referral_data(), by=None, once="token-1",
                                               admit=slow_admit).reference
        except AlreadySubmittedError as already:
            return "already " + already.referral.reference

    outcomes = _at_once(3, submit)
    reference = Referral.objects.get().reference
    assert [f"already {reference}"] * 2 + [f"stored {reference}"] == sorted(outcomes)
    assert [1] == admitted
