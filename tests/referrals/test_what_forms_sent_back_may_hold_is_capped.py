"""Anyone may fetch a fresh referral form, and a form sent back keeps its files without storing
a referral (so the rate limit never counts it): what is kept is capped, per client address
over the last hour and for everyone together, so forms sent back again and again cannot fill
the disk. A file over a cap is not kept: the form still comes back with everything typed, the
documents field names the file and says why and what to do, and an audit entry counts it. A
sender within the caps keeps their files as before, and another address is unaffected by one
that used its share."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.referrals.models import HeldDocument, Referral, ReferralDocument
from tests.referrals.conftest import PDF, PNG, filled_form

CT = PDF + b"%" * 20  # a 65-byte PDF
BY_ADDRESS = ("Prior reports or images: ct.pdf: could not be kept: too many files held from "
              "your address — attach it again when you send the corrected form.")


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> Any:
    return client.post("/referrals/new/", {
        **data, "documents": [SimpleUploadedFile(name, content) for name, content in files]})


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def _stamp(page: str) -> str:
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return stamp[1]


def _held_files(settings: Any) -> list[str]:
    folder = settings.MEDIA_ROOT / "referrals-held"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _stored(referral: Referral) -> list[str]:
    return list(ReferralDocument.objects.filter(referral=referral)
                .values_list("original_name", flat=True))


@pytest.fixture
def hundred_bytes_an_address(settings: Any) -> None:
    settings.REFERRAL_HELD_BYTES_PER_ADDRESS = 100


def test_a_file_over_the_addresss_share_is_named_and_not_kept(
        client: Client, settings: Any, hundred_bytes_an_address: None, db: Any) -> None:
    """100 bytes an address: Rosa's form came back keeping her report and scan (93 bytes).
    From the same connection Ines's form comes back too, with a 65-byte CT report: it is not
    kept and the documents field says so, naming it, while her name and reason stay typed;
    nothing of it reaches the disk, and the audit entry counts it. Attached again with the
    corrected form, as the message asks, it is stored with her referral."""
    page = _page(_send(client, filled_form(client, reason=""), ("report.pdf", PDF),
                       ("scan.png", PNG)))
    assert "Kept: report.pdf" in page and "Kept: scan.png" in page
    on_disk = _held_files(settings)

    ines = filled_form(client, first_name="Ines", reason="Flushing after meals since May",
                       date_of_birth="2999-01-01")
    refused = _send(client, ines, ("ct.pdf", CT))
    page = _page(refused)
    assert 400 == refused.status_code
    assert BY_ADDRESS in page
    assert "Kept: ct.pdf" not in page
    assert 'value="Ines"' in page and "Flushing after meals since May" in page
    assert on_disk == _held_files(settings)
    assert ["report.pdf", "scan.png"] == [h.original_name for h in HeldDocument.objects.all()]
    entry = AuditEntry.objects.get(action=codes.REFERRAL_DOCUMENTS_NOT_HELD)
    assert {"over_address_cap": 1, "over_total_cap": 0, "bytes": 65} == entry.detail

    corrected = {**ines, "stamp": _stamp(page), "date_of_birth": "1970-05-06"}
    assert 302 == _send(client, corrected, ("ct.pdf", CT)).status_code
    assert ["ct.pdf"] == _stored(Referral.objects.get(first_name="Ines"))


def test_a_file_that_fills_the_addresss_share_exactly_is_kept_and_stored(
        client: Client, settings: Any, db: Any) -> None:
    """45 bytes an address and Dr Rita Test's 45-byte report: the form sent back for its
    birth date keeps it, and the corrected form stores it."""
    settings.REFERRAL_HELD_BYTES_PER_ADDRESS = 45
    data = filled_form(client, date_of_birth="2999-01-01")
    page = _page(_send(client, data, ("ct report.pdf", PDF)))
    assert "Kept: ct report.pdf (45\xa0bytes)" in page and "could not be kept" not in page
    assert 302 == _send(client, {**data, "stamp": _stamp(page),
                                 "date_of_birth": "1970-05-06"}).status_code
    assert ["ct report.pdf"] == _stored(Referral.objects.get())
    assert not HeldDocument.objects.exists()


def test_another_address_keeps_its_files_when_one_has_used_its_share(
        client: Client, hundred_bytes_an_address: None, db: Any) -> None:
    """Rosa's connection holds 93 bytes; Ines, sending from her own address, keeps her 65-byte
    CT report."""
    _send(client, filled_form(client, reason=""), ("report.pdf", PDF), ("scan.png", PNG))
    ines = Client(REMOTE_ADDR="203.0.113.9")
    page = _page(_send(ines, filled_form(ines, first_name="Ines", reason=""), ("ct.pdf", CT)))
    assert "Kept: ct.pdf" in page and "could not be kept" not in page


def test_an_address_keeps_files_again_an_hour_later(
        client: Client, hundred_bytes_an_address: None, db: Any) -> None:
    """The share is of the last hour: an hour and a minute after Rosa's 93 bytes were kept,
    the same connection's next form keeps its CT report (Rosa's files are still kept)."""
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as clock:
        _send(client, filled_form(client, reason=""), ("report.pdf", PDF), ("scan.png", PNG))
        assert BY_ADDRESS in _page(_send(client, filled_form(client, reason=""),
                                         ("ct.pdf", CT)))
        clock.shift(timedelta(hours=1, minutes=1))
        page = _page(_send(client, filled_form(client, reason=""), ("ct.pdf", CT)))
    assert "Kept: ct.pdf" in page
    assert 3 == HeldDocument.objects.count()


def test_an_address_keeps_at_most_so_many_files(client: Client, settings: Any,
                                                db: Any) -> None:
    """Two files an address: the third, however small, is named as not kept."""
    settings.REFERRAL_HELD_FILES_PER_ADDRESS = 2
    page = _page(_send(client, filled_form(client, reason=""), ("report.pdf", PDF),
                       ("scan.png", PNG), ("ct.pdf", CT)))
    assert "Kept: report.pdf" in page and "Kept: scan.png" in page
    assert BY_ADDRESS in page


def test_no_form_keeps_files_beyond_the_total_until_some_are_released(
        client: Client, settings: Any, db: Any) -> None:
    """100 bytes for everyone together: Rosa's 93 bytes are kept. Ines, from another address,
    is told her CT report cannot be kept for now; once Rosa's form is sent (her files go to
    her referral) Ines's next try keeps it."""
    settings.REFERRAL_HELD_BYTES_TOTAL = 100
    rosa = filled_form(client, reason="")
    rosa_page = _page(_send(client, rosa, ("report.pdf", PDF), ("scan.png", PNG)))
    ines = Client(REMOTE_ADDR="203.0.113.9")
    data = filled_form(ines, first_name="Ines", reason="")
    page = _page(_send(ines, data, ("ct.pdf", CT)))
    assert ("Prior reports or images: ct.pdf: could not be kept: too many files are held for "
            "forms being corrected just now — attach it again when you send the corrected "
            "form.") in page
    entry = AuditEntry.objects.get(action=codes.REFERRAL_DOCUMENTS_NOT_HELD)
    assert {"over_address_cap": 0, "over_total_cap": 1, "bytes": 65} == entry.detail

    assert 302 == _send(client, {**rosa, "stamp": _stamp(rosa_page),
                                 "reason": "Flushing"}).status_code
    page = _page(_send(ines, {**data, "stamp": _stamp(page)}, ("ct.pdf", CT)))
    assert "Kept: ct.pdf" in page and "could not be kept" not in page


@pytest.mark.django_db(transaction=True)
def test_forms_sent_back_at_the_same_moment_from_one_address_stay_within_its_share(
        settings: Any, monkeypatch: Any) -> None:
    """Two forms from one connection come back at the same moment with a 65-byte file each,
    100 bytes allowed: one file is kept and the other named, though each sending is slow to
    write its file (both would have found the share unused)."""
    from netcare.referrals import actions
    from tests.referrals.test_a_form_sent_twice_stores_one_referral import (
        _at_once,
        _skip_on_sqlite_in_memory,
    )

    _skip_on_sqlite_in_memory()
    settings.REFERRAL_HELD_BYTES_PER_ADDRESS = 100
    hold = actions._hold

    def slow_hold(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return hold(*args, **kwargs)

    monkeypatch.setattr(actions, "_hold", slow_hold)
    forms = [filled_form(Client(), reason="") for _n in range(2)]
    files = [("ct.pdf", CT), ("mri.pdf", PDF + b"%" * 19 + b"\n")]
    pages = _at_once(2, lambda n: _page(_send(Client(), forms[n], files[n])))
    kept = [name for name, _content in files
            if any(f"Kept: {name}" in page for page in pages)]
    refused = [name for name, _content in files
               if any(f"{name}: could not be kept: too many files held from your address"
                      in page for page in pages)]
    assert 1 == len(kept) and 1 == len(refused) and kept != refused, pages
    assert kept == [h.original_name for h in HeldDocument.objects.all()]
