"""Files kept for a referral form sent back are deleted — row and file — once the form has not
been shown again for a stamp's lifetime (a day): when files are next kept for any form, and
by a background task queued for that moment. A form still being corrected keeps them, even
past its stamp's age."""

from __future__ import annotations

import html
import re
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

DAY = timedelta(days=1)
START = "2026-03-02 09:00:00+00:00"


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _send(client: Client, data: dict[str, Any], *files: tuple[str, bytes]) -> str:
    response = client.post("/referrals/new/", {
        **data, "documents": [SimpleUploadedFile(name, content) for name, content in files]})
    return html.unescape(response.content.decode())


def _stamp(page: str) -> str:
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return stamp[1]


def test_a_kept_file_left_for_a_day_is_deleted_when_files_are_next_kept(
        client: Client, clock: Any, settings: Any, db: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    """Rosa leaves her form with its kept report for a day and a minute; Ines's form keeps a
    scan: Rosa's report is deleted from the database and the disk, with an audit entry, and
    Rosa's form comes back without it."""
    rosa = filled_form(client, reason="")
    page = _send(client, rosa, ("rosa-ct.pdf", PDF))
    report = HeldDocument.objects.get()
    on_disk = settings.MEDIA_ROOT / report.file.name
    assert on_disk.exists()

    clock.shift(DAY + timedelta(minutes=1))
    ines = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _send(ines, filled_form(ines, first_name="Ines", reason=""), ("ines-scan.png", PNG))
    assert ["ines-scan.png"] == [h.original_name for h in HeldDocument.objects.all()]
    assert not on_disk.exists()
    expired = AuditEntry.objects.get(action=codes.REFERRAL_HELD_DOCUMENTS_EXPIRED)
    assert {"deleted": 1} == expired.detail

    again = _send(client, {**rosa, "stamp": _stamp(page), "reason": "Flushing"})
    assert "expired or was altered" in again and "rosa-ct.pdf" not in again


def test_a_form_sent_a_day_later_neither_lists_nor_stores_its_kept_file(
        client: Client, clock: Any, db: Any) -> None:
    """Nobody else's form came back meanwhile: Rosa's form, sent a day and a minute later,
    comes back without the report, and sent again stores the referral without it."""
    rosa = filled_form(client, reason="")
    page = _send(client, rosa, ("rosa-ct.pdf", PDF))
    clock.shift(DAY + timedelta(minutes=1))
    again = _send(client, {**rosa, "stamp": _stamp(page), "reason": "Flushing"})
    assert "rosa-ct.pdf" not in again
    assert 302 == client.post("/referrals/new/", {**rosa, "stamp": _stamp(again),
                                                  "reason": "Flushing"}).status_code
    assert not ReferralDocument.objects.exists()


def test_a_form_corrected_over_two_days_keeps_its_file(client: Client, clock: Any,
                                                       db: Any) -> None:
    """Rosa's form comes back in the morning, and again the next morning (her stamp has
    expired by then); each time the report is shown it is kept another day, and the form
    she finally sends stores it."""
    rosa = filled_form(client, reason="")
    page = _send(client, rosa, ("rosa-ct.pdf", PDF))
    clock.shift(timedelta(hours=20))
    page = _send(client, {**rosa, "stamp": _stamp(page)})
    assert "Kept: rosa-ct.pdf" in page
    clock.shift(timedelta(hours=20))
    page = _send(client, {**rosa, "stamp": _stamp(page), "reason": "Flushing"})
    assert "expired or was altered" in page and "Kept: rosa-ct.pdf" in page
    assert 302 == client.post("/referrals/new/", {**rosa, "stamp": _stamp(page),
                                                  "reason": "Flushing"}).status_code
    assert ["rosa-ct.pdf"] == list(ReferralDocument.objects.filter(
        referral=Referral.objects.get()).values_list("original_name", flat=True))


def test_the_background_task_deletes_kept_files_once_their_day_is_over(
        client: Client, clock: Any, settings: Any, db: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    """With a task backend that runs tasks later, keeping the report queues the clean-up for
    when its day is over; run then, it deletes the report."""
    from netcare.referrals.tasks import forget_expired_held_documents

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, filled_form(client, reason=""), ("rosa-ct.pdf", PDF))
    report = HeldDocument.objects.get()
    on_disk = settings.MEDIA_ROOT / report.file.name
    from django.tasks import default_task_backend

    [queued] = default_task_backend.results
    assert queued.task.name == forget_expired_held_documents.name
    assert queued.task.run_after == report.expires_at

    assert 0 == forget_expired_held_documents.call()  # not yet
    clock.move_to(report.expires_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert 1 == forget_expired_held_documents.call()
    assert not HeldDocument.objects.exists() and not on_disk.exists()
