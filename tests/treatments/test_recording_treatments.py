"""Every kind of treatment of the journey is recorded on the timeline, through the page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry
from netcare.treatments.models import Treatment

KINDS = [  # kind, agent, the next-due date expected (SSA 28 days from the start)
    ("emr", "endoscopic mucosal resection, rectal polyp", None),
    ("surgery", "segmental ileal resection", None),
    ("octreotide_lar", "octreotide LAR 30 mg", date(2025, 3, 1)),
    ("lanreotide", "lanreotide 120 mg", date(2025, 3, 1)),
    ("octreotide_short_acting", "octreotide 100 mcg s.c. as needed", None),
    ("telotristat", "telotristat ethyl 250 mg three times a day", None),
    ("hormone_therapy", "hormone therapy", None),
    ("radiation", "external beam radiation to a bone metastasis", None),
    ("liver_directed", "transarterial embolisation", None),
    ("everolimus", "everolimus 10 mg daily (systemic therapy)", None),
    ("prrt", "Lu-177 dotatate 7.4 GBq", date(2025, 3, 29)),
]


@pytest.mark.parametrize(("kind", "agent", "due"), KINDS)
def test_a_surgeon_records_each_kind_and_it_appears_on_the_timeline(
        client: Client, sam: Any, pat_record: Any, kind: str, agent: str,
        due: date | None) -> None:
    """The treatment is saved with its next-due date (SSA, PRRT) and one timeline line."""
    client.force_login(sam)
    response = client.post(f"/treatments/patients/{pat_record.pk}/", {
        "kind": kind, "agent": agent, "intent": "palliative", "start_on": "2025-02-01",
        "end_on": "", "interval_days": "", "best_response": "", "note": ""})
    assert 302 == response.status_code, response.content.decode()[:1500]
    treatment = Treatment.objects.get(patient=pat_record)
    assert (kind, due) == (treatment.kind, treatment.next_due_on)
    entry = TimelineEntry.objects.get(patient=pat_record, source_id=str(treatment.pk))
    assert ("prrt" if kind == "prrt" else "treatment") == entry.kind
    page = client.get(f"/treatments/patients/{pat_record.pk}/").content.decode()
    assert agent in page


def test_an_injection_moves_the_next_due_date_from_the_day_given(
        client: Client, sam: Any, pat_record: Any) -> None:
    """Lanreotide given late on 10 March: next due 7 April (28 days from the dose)."""
    from netcare.treatments.actions import record_treatment

    course = record_treatment(pat_record, {"kind": "lanreotide", "start_on": date(2025, 2, 1),
                                           "agent": "lanreotide 120 mg"}, by=sam)
    client.force_login(sam)
    response = client.post(f"/treatments/{course.pk}/doses/",
                           {"given_on": "2025-03-10", "dose": "120 mg"})
    assert 302 == response.status_code
    course.refresh_from_db()
    assert date(2025, 4, 7) == course.next_due_on
    assert 2 == course.administrations.count()


def test_an_end_before_the_start_is_refused_naming_the_field_and_keeps_the_input(
        client: Client, sam: Any, pat_record: Any) -> None:
    """End 1 January before start 1 February: 400, the error names the end date, the agent
    typed is still there, nothing written."""
    client.force_login(sam)
    response = client.post(f"/treatments/patients/{pat_record.pk}/", {
        "kind": "surgery", "agent": "pancreatoduodenectomy", "intent": "curative",
        "start_on": "2025-02-01", "end_on": "2025-01-01"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "end_on" in page or "End on" in page
    assert 'value="pancreatoduodenectomy"' in page
    assert not Treatment.objects.exists()


def test_an_unknown_kind_is_refused_on_the_kind_field(client: Client, sam: Any,
                                                      pat_record: Any) -> None:
    """A kind outside the list names "Kind"."""
    client.force_login(sam)
    response = client.post(f"/treatments/patients/{pat_record.pk}/", {
        "kind": "homeopathy", "intent": "curative", "start_on": "2025-02-01"})
    assert 400 == response.status_code
    assert "Kind: Select a valid choice" in response.content.decode()


def test_patients_referrers_and_outsiders_get_404(client: Client, pat: Any, rita: Any,
                                                  nora: Any, sam: Any,
                                                  pat_record: Any) -> None:
    """A patient, a referrer: 404 on the page and the post; a navigator may read but not
    record; a missing patient is 404 like a forbidden one."""
    for user in (pat, rita):
        client.force_login(user)
        assert 404 == client.get(f"/treatments/patients/{pat_record.pk}/").status_code
        assert 404 == client.get("/treatments/injections-due/").status_code
    client.force_login(nora)
    assert 200 == client.get(f"/treatments/patients/{pat_record.pk}/").status_code
    assert 404 == client.post(f"/treatments/patients/{pat_record.pk}/", {
        "kind": "surgery", "intent": "curative", "start_on": "2025-02-01"}).status_code
    client.force_login(sam)
    assert 404 == client.get("/treatments/patients/999999/").status_code
    assert not Treatment.objects.exists()
