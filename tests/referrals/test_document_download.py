"""Uploaded documents are private: staff download through a checked, audited view."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.referrals.actions import submit_referral
from tests.referrals.conftest import PDF, referral_data


def test_a_navigator_downloads_the_file_and_it_is_audited(client: Client, nora: Any,
                                                          pat: Any) -> None:
    """The navigator gets the PDF as an attachment; the audit names the file; others 404."""
    referral = submit_referral(referral_data(), [SimpleUploadedFile("prior.pdf", PDF)], by=None)
    document = referral.documents.get()
    url = f"/referrals/{referral.pk}/documents/{document.pk}/"
    client.force_login(pat)
    assert 404 == client.get(url).status_code
    client.force_login(nora)
    response = client.get(url)
    assert 200 == response.status_code
    assert PDF == b"".join(response.streaming_content)
    assert 'attachment; filename="prior.pdf"' == response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="netcare.referral.document_downloaded",
                                     detail__name="prior.pdf").exists()
    assert document.file.name.startswith("referrals/")
    assert 404 == client.get("/media/" + document.file.name).status_code  # never served
