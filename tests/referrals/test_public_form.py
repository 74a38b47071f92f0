"""The public referral form: anonymous referral with uploads, confirmation, spam resistance."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.referrals.models import Referral, ReferralDocument
from tests.referrals.conftest import DICOM, PDF, PNG


def _form(client: Client) -> dict[str, Any]:
    page = client.get("/referrals/new/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp is not None
    return {
        "source": "self", "first_name": "Rosa", "last_name": "Referred",
        "date_of_birth": "1970-05-06", "phone": "555-0150", "email": "",
        "preferred_contact_times": "weekday mornings", "reason": "Flushing and diarrhea",
        "symptoms": ["flushing", "diarrhea", "jaundice"], "hereditary_syndromes": ["VHL"],
        "stamp": stamp[1], "website": "",
    }


def test_anyone_can_refer_and_gets_a_reference_number(client: Client, db: Any) -> None:
    """An anonymous self-referral with a PDF, a PNG and a DICOM file is stored and confirmed."""
    data = _form(client)
    data["documents"] = [SimpleUploadedFile("report.pdf", PDF),
                         SimpleUploadedFile("scan.png", PNG),
                         SimpleUploadedFile("series.dcm", DICOM)]
    response = client.post("/referrals/new/", data)
    assert (302, "/referrals/thanks/") == (response.status_code, response.url)
    referral = Referral.objects.get()
    assert re.fullmatch(r"R-\d{4}-\d{6}", referral.reference)
    page = client.get("/referrals/thanks/").content.decode()
    assert referral.reference in page
    assert {"urgent", "carcinoid", "genetic"} == {f["code"] for f in referral.flags}
    assert 1 == referral.priority
    assert ["pdf", "png", "dicom"] == list(
        ReferralDocument.objects.values_list("kind", flat=True))
    assert ["new"] == list(referral.history.values_list("to_status", flat=True))


def test_the_symptom_checklist_covers_the_seed_and_diarrhea(client: Client, db: Any) -> None:
    """Every presenting symptom of the program's page has a checkbox, plus diarrhea."""
    page = client.get("/referrals/new/").content.decode()
    for code in ("abdominal_pain", "jaundice", "constipation", "rectal_bleeding", "flushing",
                 "fast_heartbeat", "wheezing", "high_blood_pressure", "high_blood_sugar",
                 "diarrhea"):
        assert f'value="{code}"' in page, code
    for syndrome in ("MEN1", "NF1", "TSC", "VHL", "familial_si_net"):
        assert f'value="{syndrome}"' in page, syndrome


def test_a_file_whose_content_does_not_match_its_name_is_refused(client: Client,
                                                                   db: Any) -> None:
    """A program renamed to .pdf is refused, the field is named, and nothing is stored."""
    data = _form(client)
    data["documents"] = [SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")]
    response = client.post("/referrals/new/", data)
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Prior reports or images: report.pdf: the content is not a PDF file." in page
    assert 'value="Rosa"' in page
    assert 0 == Referral.objects.count()


def test_an_unknown_extension_and_an_oversized_file_are_refused(client: Client, settings: Any,
                                                                 db: Any) -> None:
    """Only PDF, PNG, JPEG and DICOM are accepted, up to the configured size."""
    settings.REFERRAL_MAX_UPLOAD_BYTES = 10
    data = _form(client)
    data["documents"] = [SimpleUploadedFile("big.pdf", PDF)]
    assert "larger than" in client.post("/referrals/new/", data).content.decode()
    data = _form(client)
    data["documents"] = [SimpleUploadedFile("notes.docx", PDF)]
    assert "only PDF, PNG, JPEG or DICOM" in client.post("/referrals/new/", data).content.decode()
    assert 0 == Referral.objects.count()


def test_a_filled_honeypot_is_refused(client: Client, db: Any) -> None:
    """Bots that fill the hidden field get an error and no referral is stored."""
    data = _form(client)
    data["website"] = "http://spam.example"
    assert 400 == client.post("/referrals/new/", data).status_code
    assert 0 == Referral.objects.count()


def test_a_form_sent_too_quickly_or_with_a_forged_stamp_is_refused(client: Client,
                                                                   settings: Any,
                                                                   db: Any) -> None:
    """Under 3 seconds after it was shown, or with a stamp not signed by us: refused."""
    settings.REFERRAL_FORM_MIN_SECONDS = 3
    data = _form(client)
    assert "too quickly" in client.post("/referrals/new/", data).content.decode()
    data["stamp"] = "1700000000:forged"
    assert "expired or was altered" in client.post("/referrals/new/", data).content.decode()
    assert 0 == Referral.objects.count()


def test_a_form_sent_after_three_seconds_is_accepted(client: Client, settings: Any,
                                                     db: Any) -> None:
    """A human pace passes the time check (time travel instead of sleeping)."""
    import time_machine

    settings.REFERRAL_FORM_MIN_SECONDS = 3
    with time_machine.travel(0, tick=False) as traveller:
        traveller.move_to("2026-03-02 10:00:00+00:00")
        data = _form(client)
        traveller.shift(4)
        assert 302 == client.post("/referrals/new/", data).status_code


def test_one_address_is_rate_limited(client: Client, settings: Any, db: Any) -> None:
    """After the limit, further referrals from the same address answer 429."""
    settings.REFERRAL_RATE_LIMIT = 2
    statuses = [client.post("/referrals/new/", {**_form(client), "first_name": name}).status_code
                for name in ("Rosa", "Ines", "Omar")]
    assert [302, 302, 429] == statuses
    assert 2 == Referral.objects.count()


def test_phone_or_email_is_required(client: Client, db: Any) -> None:
    """Without a way to reach the person, the form names the phone field."""
    data = _form(client)
    data["phone"] = ""
    page = client.post("/referrals/new/", data).content.decode()
    assert "Phone: give a phone number or an email address" in page


def test_the_confirmation_page_without_a_referral_goes_to_the_form(client: Client,
                                                                   db: Any) -> None:
    """No reference in the session: nothing to confirm."""
    response = client.get("/referrals/thanks/")
    assert (302, "/referrals/new/") == (response.status_code, response.url)
