"""A referral form sent back — a mistake to correct, or the rate limit — keeps the files that
were attached to it: the page lists them ("Kept: report.pdf (45 bytes)"), and the corrected
form stores them with the referral under their own names and with their own content, unless
the sender ticks "remove". A file that is itself refused is named with the reason, and the
others are still kept. (A browser cannot fill a file input again, so before this the files
were silently lost.)"""

from __future__ import annotations

import html
import re
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.referrals.models import HeldDocument, Referral, ReferralDocument
from tests.referrals.conftest import PDF, PNG, filled_form

FUTURE = "2999-01-01"


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> Any:
    return client.post("/referrals/new/", {
        **data, "documents": [SimpleUploadedFile(name, content) for name, content in files]})


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def _stamp(page: str) -> str:
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return stamp[1]


def _remove_box(page: str, name: str) -> str:
    """The value of the "remove" box beside the kept file `name`."""
    box = re.search(rf'name="remove_held" value="(\d+)" aria-label="Remove {re.escape(name)}"',
                    page)
    assert box is not None, page
    return box[1]


def _stored(referral: Referral) -> list[tuple[str, str, bytes]]:
    documents = []
    for document in ReferralDocument.objects.filter(referral=referral):
        with document.file.open("rb") as content:
            documents.append((document.original_name, document.kind, content.read()))
    return documents


def test_a_report_attached_to_a_form_with_a_mistake_is_stored_once_the_form_is_corrected(
        client: Client, db: Any) -> None:
    """Dr Rita Test attaches the CT report and types a birth date in the future: the form
    comes back saying the report is kept; she corrects the date only and sends it — the
    referral has the report, named and byte for byte as she attached it."""
    data = filled_form(client, date_of_birth=FUTURE)
    refused = _send(client, data, ("ct report.pdf", PDF))
    page = _page(refused)
    assert 400 == refused.status_code
    assert "Patient's date of birth: Date of birth cannot be in the future." in page
    assert "Kept: ct report.pdf (45\xa0bytes) — " in page
    assert 'value="Rosa"' in page
    assert 302 == _send(client, {**data, "stamp": _stamp(page),
                                 "date_of_birth": "1970-05-06"}).status_code
    referral = Referral.objects.get()
    assert [("ct report.pdf", "pdf", PDF)] == _stored(referral)
    assert not HeldDocument.objects.exists()


def test_a_kept_file_ticked_remove_is_not_stored(client: Client, db: Any) -> None:
    """Rosa attached her report and a photo of the wrong scan; the form comes back for the
    missing reason, she ticks "remove" beside the photo and sends: only the report is
    stored, and nothing stays held."""
    data = filled_form(client, reason="")
    page = _page(_send(client, data, ("report.pdf", PDF), ("wrong scan.png", PNG)))
    assert "Kept: report.pdf" in page and "Kept: wrong scan.png" in page
    corrected = {**data, "stamp": _stamp(page), "reason": "Flushing and diarrhea",
                 "remove_held": [_remove_box(page, "wrong scan.png")]}
    assert 302 == _send(client, corrected).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get())
    assert not HeldDocument.objects.exists()


def test_a_file_ticked_remove_is_gone_from_the_form_sent_back_again(client: Client,
                                                                     db: Any) -> None:
    """Rosa removes the photo but the form comes back once more (the reason is still
    missing): the photo is no longer listed, the report still is."""
    data = filled_form(client, reason="")
    page = _page(_send(client, data, ("report.pdf", PDF), ("wrong scan.png", PNG)))
    again = _page(_send(client, {**data, "stamp": _stamp(page),
                                 "remove_held": [_remove_box(page, "wrong scan.png")]}))
    assert "Kept: report.pdf" in again and "wrong scan.png" not in again
    assert ["report.pdf"] == [h.original_name for h in HeldDocument.objects.all()]


def test_a_kept_file_attached_again_is_stored_once(client: Client, db: Any) -> None:
    """Rosa did not notice the report was kept and attaches it again with the corrected
    form: the referral has it once."""
    data = filled_form(client, date_of_birth=FUTURE)
    page = _page(_send(client, data, ("report.pdf", PDF)))
    assert "Kept: report.pdf" in page
    assert 302 == _send(client, {**data, "stamp": _stamp(page), "date_of_birth": "1970-05-06"},
                        ("report.pdf", PDF)).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get())


def test_a_refused_file_is_named_and_the_others_are_kept(client: Client, db: Any) -> None:
    """A Word file among the attachments: the error names the documents field, the file and
    why; the PDF beside it is kept and stored once the Word file is left out."""
    data = filled_form(client)
    refused = _send(client, data, ("report.pdf", PDF), ("letter.docx", PDF))
    page = _page(refused)
    assert 400 == refused.status_code
    assert ("Prior reports or images: letter.docx: only PDF, PNG, JPEG or DICOM files are "
            "accepted.") in page
    assert "Kept: report.pdf" in page and "Kept: letter.docx" not in page
    assert 302 == _send(client, {**data, "stamp": _stamp(page)}).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get())


def test_the_rate_limit_refusal_keeps_the_documents(client: Client, settings: Any,
                                                    db: Any) -> None:
    """One referral an hour allowed and used: Ines's referral with her report is refused
    (429) and the report is kept; sent again once the hour is over, it is stored with it."""
    from django.core.cache import cache

    settings.REFERRAL_RATE_LIMIT = 1
    assert 302 == _send(client, filled_form(client)).status_code
    ines = filled_form(client, first_name="Ines")
    refused = _send(client, ines, ("report.pdf", PDF))
    page = _page(refused)
    assert 429 == refused.status_code
    assert "Too many referrals were sent from your connection" in page
    assert "Kept: report.pdf" in page and 'value="Ines"' in page
    cache.clear()  # the hour is over
    assert 302 == _send(client, {**ines, "stamp": _stamp(page)}).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get(first_name="Ines"))


def test_a_form_sent_too_quickly_keeps_its_documents(client: Client, settings: Any,
                                                     db: Any) -> None:
    """The time check sends the form back with a new stamp: the report is kept with it."""
    settings.REFERRAL_FORM_MIN_SECONDS = 3
    data = filled_form(client)
    page = _page(_send(client, data, ("report.pdf", PDF)))
    assert "too quickly" in page and "Kept: report.pdf" in page
    settings.REFERRAL_FORM_MIN_SECONDS = 0
    assert 302 == _send(client, {**data, "stamp": _stamp(page)}).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get())


def test_a_referral_with_more_files_than_allowed_keeps_what_it_can_and_names_the_rest(
        client: Client, monkeypatch: Any, db: Any) -> None:
    """Two files allowed per referral; three kept would be one too many: the first two are
    kept, the third is named as not kept, and removing one makes room for it."""
    from netcare.referrals import actions

    monkeypatch.setattr(actions, "MAX_FILES", 2)
    data = filled_form(client, reason="")
    page = _page(_send(client, data, ("one.pdf", PDF), ("two.png", PNG),
                       ("three.pdf", PDF + b"3")))
    assert "Kept: one.pdf" in page and "Kept: two.png" in page
    assert ("Prior reports or images: three.pdf: not kept, as a referral takes at most 2 "
            "files; remove one to add it.") in page
    sent = _send(client, {**data, "stamp": _stamp(page), "reason": "Flushing",
                          "remove_held": [_remove_box(page, "two.png")]},
                 ("three.pdf", PDF + b"3"))
    assert 302 == sent.status_code
    assert ["one.pdf", "three.pdf"] == [name for name, _kind, _content
                                        in _stored(Referral.objects.get())]


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_back_twice_at_the_same_moment_keeps_its_file_once(
        monkeypatch: Any) -> None:
    """A double click on a form with a mistake: both answers list the report, which is kept
    once (the database refuses a second copy for the form, `held_document_once_per_form`),
    and the corrected form stores it once. Each sending is slow to read the file, so both
    have looked for it, and found nothing, before either keeps it."""
    from netcare.referrals import actions
    from tests.referrals.test_a_form_sent_twice_stores_one_referral import (
        _at_once,
        _skip_on_sqlite_in_memory,
    )

    _skip_on_sqlite_in_memory()
    digest = actions._sha256

    def slow_digest(upload: Any) -> str:
        time.sleep(0.5)
        return digest(upload)

    monkeypatch.setattr(actions, "_sha256", slow_digest)
    client = Client()
    data = filled_form(client, reason="")
    pages = _at_once(2, lambda _n: _page(_send(Client(), data, ("report.pdf", PDF))))
    assert all("Kept: report.pdf" in page for page in pages), pages
    assert 1 == HeldDocument.objects.count()
    assert 302 == _send(client, {**data, "stamp": _stamp(pages[0]),
                                 "reason": "Flushing"}).status_code
    assert [("report.pdf", "pdf", PDF)] == _stored(Referral.objects.get())
