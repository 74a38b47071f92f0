"""The files kept for a referral form sent back belong to that rendered form (its one-time
token) alone: another form — another person's, or the same browser's next one — neither
lists, removes nor stores them, even when it sends their ids; and they are kept under a name
of their own, outside the referrals' documents, with no address that serves them."""

from __future__ import annotations

import html
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.referrals.models import HeldDocument, Referral, ReferralDocument
from tests.referrals.conftest import PDF, filled_form


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> Any:
    return client.post("/referrals/new/", {
        **data, "documents": [SimpleUploadedFile(name, content) for name, content in files]})


def _stamp(page: str) -> str:
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return stamp[1]


def _rosa_keeps_her_report(client: Client) -> tuple[dict[str, Any], str, HeldDocument]:
    """Rosa's form, sent back for its missing reason, keeping her report."""
    data = filled_form(client, reason="")
    page = html.unescape(_send(client, data, ("rosa-ct.pdf", PDF)).content.decode())
    assert "Kept: rosa-ct.pdf" in page
    return data, _stamp(page), HeldDocument.objects.get()


def test_another_form_cannot_store_or_remove_the_files_kept_for_a_form(db: Any) -> None:
    """Ines's form sends the id of Rosa's kept report, as kept and as removed: her referral
    is stored without it, her pages never name it, and Rosa's corrected form still stores
    it with Rosa's referral."""
    rosa, ines = Client(), Client()
    rosa_data, rosa_stamp, report = _rosa_keeps_her_report(rosa)

    ines_data = filled_form(ines, first_name="Ines", reason="")
    sent_back = _send(ines, {**ines_data, "remove_held": [str(report.pk)]})
    assert "rosa-ct.pdf" not in sent_back.content.decode()
    assert HeldDocument.objects.filter(pk=report.pk).exists()
    stored = _send(ines, {**ines_data, "stamp": _stamp(sent_back.content.decode()),
                          "reason": "Wheezing", "remove_held": [str(report.pk)]})
    assert 302 == stored.status_code
    assert not ReferralDocument.objects.filter(referral__first_name="Ines").exists()
    assert HeldDocument.objects.filter(pk=report.pk).exists()

    assert 302 == _send(rosa, {**rosa_data, "stamp": rosa_stamp,
                               "reason": "Flushing"}).status_code
    assert ["rosa-ct.pdf"] == list(ReferralDocument.objects.filter(
        referral__first_name="Rosa").values_list("original_name", flat=True))


def test_a_new_form_in_the_same_browser_does_not_list_the_kept_files(client: Client,
                                                                     db: Any) -> None:
    """Rosa opens the form afresh instead of correcting it: the new form is empty, and sent
    with a mistake it lists nothing of the first one."""
    _rosa_keeps_her_report(client)
    assert "rosa-ct.pdf" not in client.get("/referrals/new/").content.decode()
    again = _send(client, filled_form(client, reason=""))
    assert 400 == again.status_code and "rosa-ct.pdf" not in again.content.decode()


def test_a_forged_stamp_claims_nothing(client: Client, db: Any) -> None:
    """A stamp we did not sign, even one carrying the right-looking token, gets a new token:
    the form it comes back with lists nothing kept."""
    data = _rosa_keeps_her_report(client)[0]
    forged = _send(client, {**data, "stamp": "eyJ0b2tlbiI6IngifQ:forged:sig",
                            "reason": "Flushing"})
    assert "expired or was altered" in forged.content.decode()
    assert "rosa-ct.pdf" not in forged.content.decode()
    assert 0 == Referral.objects.count()


def test_a_kept_file_is_stored_privately_under_a_name_of_its_own(client: Client, settings: Any,
                                                                 db: Any) -> None:
    """Under MEDIA_ROOT (which no address serves), apart from the referrals' documents, with
    an unguessable name that is not the sender's; the database keeps a digest of the form's
    token, not the token."""
    from netcare.referrals.spam import stamp_token

    _data, stamp, report = _rosa_keeps_her_report(client)
    on_disk = settings.MEDIA_ROOT / report.file.name
    assert on_disk.read_bytes() == PDF
    assert report.file.name.startswith("referrals-held/")
    assert "rosa" not in report.file.name and len(on_disk.stem) >= 32
    assert stamp_token(stamp) not in report.token_digest
    assert 404 == client.get(f"/media/{report.file.name}").status_code
    assert 404 == client.get(f"/{report.file.name}").status_code
