"""A kept file is written before its row: a sending undone after writing it (an error, a
crash) leaves a file in the held documents' folder that nothing names and nothing would ever
delete. The clean-up of expired held documents deletes such files once they are older than a
stamp's lifetime (a day), with an audit entry counting them; the files of held documents,
however old, and files just written stay."""

from __future__ import annotations

import html
import os
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.referrals.models import HeldDocument
from tests.referrals.conftest import PDF, PNG, filled_form

A_DAY_AND_A_MINUTE_AGO = 24 * 3600 + 60


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> str:
    response = client.post("/referrals/new/", {
        **data, "documents": [SimpleUploadedFile(name, content) for name, content in files]})
    return html.unescape(response.content.decode())


def _written_long_ago(path: Any) -> None:
    then = time.time() - A_DAY_AND_A_MINUTE_AGO
    os.utime(path, (then, then))


def test_a_file_left_by_an_undone_sending_is_deleted_by_the_next_clean_up(
        client: Client, settings: Any, monkeypatch: Any, db: Any) -> None:
    """Rosa's form comes back keeping her report, but the server fails before the end (its
    audit entry cannot be written): no held document, yet the file is on disk. A day later
    Ines's form comes back keeping her scan: Rosa's leftover file is deleted, Ines's kept."""
    from netcare.referrals import actions

    real_record = actions.record

    def failing_record(request: Any, action: str, **kwargs: Any) -> None:
        if action == codes.REFERRAL_DOCUMENTS_HELD:
            raise RuntimeError("the database went away")
        real_record(request, action, **kwargs)

    monkeypatch.setattr(actions, "record", failing_record)
    with pytest.raises(RuntimeError):
        _send(client, filled_form(client, reason=""), ("rosa-ct.pdf", PDF))
    monkeypatch.undo()
    assert not HeldDocument.objects.exists()
    [leftover] = (settings.MEDIA_ROOT / "referrals-held").iterdir()
    _written_long_ago(leftover)

    ines = Client()
    page = _send(ines, filled_form(ines, first_name="Ines", reason=""), ("ines-scan.png", PNG))
    assert "Kept: ines-scan.png" in page
    assert not leftover.exists()
    [scan] = HeldDocument.objects.all()
    assert (settings.MEDIA_ROOT / scan.file.name).exists()
    swept = AuditEntry.objects.get(action=codes.REFERRAL_HELD_ORPHAN_FILES_DELETED)
    assert {"deleted": 1} == swept.detail


def test_the_clean_up_leaves_the_files_of_held_documents_and_files_just_written(
        client: Client, settings: Any, db: Any) -> None:
    """Rosa's report, kept for her form over more than a day (each time the form came back),
    has an old file; a file written a moment ago has no row yet. The background clean-up
    deletes only the old file that nothing names."""
    from netcare.referrals.tasks import forget_expired_held_documents

    _send(client, filled_form(client, reason=""), ("rosa-ct.pdf", PDF))
    report = settings.MEDIA_ROOT / HeldDocument.objects.get().file.name
    _written_long_ago(report)
    folder = settings.MEDIA_ROOT / "referrals-held"
    orphan, fresh = folder / "left-by-a-crash.pdf", folder / "being-kept.pdf"
    orphan.write_bytes(PDF)
    fresh.write_bytes(PDF)
    _written_long_ago(orphan)

    assert 0 == forget_expired_held_documents.call()  # no held document expired
    assert not orphan.exists()
    assert report.exists() and fresh.exists()
    assert ["rosa-ct.pdf"] == [h.original_name for h in HeldDocument.objects.all()]
    swept = AuditEntry.objects.get(action=codes.REFERRAL_HELD_ORPHAN_FILES_DELETED)
    assert {"deleted": 1} == swept.detail
