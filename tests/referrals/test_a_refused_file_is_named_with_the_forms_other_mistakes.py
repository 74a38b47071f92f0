"""A file the referral form refuses is named — the documents field, the file and why — on the
same answer as the form's other mistakes, not only once they are corrected; one refused file
does not hide what is wrong with another."""

from __future__ import annotations

import html
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.referrals.models import Referral
from tests.referrals.conftest import PDF, filled_form


def test_a_renamed_program_is_named_with_a_birth_date_in_the_future(client: Client,
                                                                    db: Any) -> None:
    response = client.post("/referrals/new/", {
        **filled_form(client, date_of_birth="2999-01-01"),
        "documents": [SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")]})
    page = html.unescape(response.content.decode())
    assert 400 == response.status_code
    assert "Patient's date of birth: Date of birth cannot be in the future." in page
    assert "Prior reports or images: report.pdf: the content is not a PDF file." in page
    assert 0 == Referral.objects.count()


def test_every_refused_file_is_named(client: Client, db: Any) -> None:
    response = client.post("/referrals/new/", {
        **filled_form(client),
        "documents": [SimpleUploadedFile("letter.docx", PDF),
                      SimpleUploadedFile("empty.pdf", b""),
                      SimpleUploadedFile("scan.png", PDF)]})
    page = html.unescape(response.content.decode())
    assert 400 == response.status_code
    for problem in ("letter.docx: only PDF, PNG, JPEG or DICOM files are accepted.",
                    "empty.pdf: the file is empty.",
                    "scan.png: the content is not a PNG file."):
        assert f"Prior reports or images: {problem}" in page
    assert 0 == Referral.objects.count()
