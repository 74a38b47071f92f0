"""A physician records a clinical assessment (Karnofsky, ECOG, functional syndrome) through the
workup's result page; the chart's timeline shows it. Bad input is refused naming the field,
with what was typed kept."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.audit import codes
from netcare.audit.models import AuditEntry
from netcare.patients.models import TimelineEntry
from netcare.workup.actions import ResultInputError, record_result
from netcare.workup.models import ClinicalAssessment

ASSESSMENT = {
    "performed_on": "2026-03-02",
    "karnofsky": "70",
    "ecog": "1",
    "functional_syndrome": "carcinoid_syndrome",
    "findings": "Flushing twice a day, no diarrhoea.",
}


def _url(patient: Any) -> str:
    return f"/workup/patients/{patient.pk}/assessment/new/"


def test_a_physician_records_karnofsky_and_ecog_and_the_chart_shows_them(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """Sam follows the workup page's "assessment" link and records Karnofsky 70, ECOG 1 and a
    carcinoid syndrome: the result page lists them, the chart's timeline shows the line (not
    yet released to Pat), and the audit has the recording."""
    client.force_login(sam)
    workup = client.get(f"/workup/patients/{pat_record.pk}/").content.decode()
    assert f'href="{_url(pat_record)}"' in workup
    response = client.post(_url(pat_record), ASSESSMENT)
    assessment = ClinicalAssessment.objects.get(patient=pat_record)
    assert (302, f"/workup/results/assessment/{assessment.pk}/") == (
        response.status_code,
        response.url,
    )
    assert (date(2026, 3, 2), 70, 1, "carcinoid_syndrome", sam, 1, False) == (
        assessment.performed_on,
        assessment.karnofsky,
        assessment.ecog,
        assessment.functional_syndrome,
        assessment.recorded_by,
        assessment.version,
        assessment.released_to_patient,
    )
    result = client.get(response.url).content.decode()
    assert '<th scope="row">Karnofsky</th><td>70</td>' in result
    assert '<th scope="row">ECOG</th><td>1</td>' in result
    assert '<th scope="row">Functional syndrome</th><td>Carcinoid syndrome</td>' in result
    chart = client.get(f"/patients/{pat_record.pk}/").content.decode()
    assert (
        "<strong>Clinical assessment: Karnofsky 70, ECOG 1, Carcinoid syndrome</strong>"
        '<br><span class="muted">Flushing twice a day, no diarrhoea.</span>'
    ) in chart
    line = TimelineEntry.objects.get(patient=pat_record, source_type="workup.assessment")
    assert ("note", str(assessment.pk), False) == (
        line.kind,
        line.source_id,
        line.released_to_patient,
    )
    entry = AuditEntry.objects.get(action=codes.WORKUP_RESULT_RECORDED)
    assert (sam, pat_record.pk, {"kind": "assessment", "version": 1}) == (
        entry.user,
        entry.patient_id,
        entry.detail,
    )


def test_karnofsky_55_and_ecog_7_are_refused_naming_the_fields_and_keeping_what_was_typed(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """400: Karnofsky must be in steps of 10, ECOG at most 5; every typed value is still in the
    form, and nothing is recorded."""
    client.force_login(sam)
    response = client.post(_url(pat_record), {**ASSESSMENT, "karnofsky": "55", "ecog": "7"})
    page = response.content.decode()
    assert 400 == response.status_code
    # The message starts with the field's name, so the page does not put the label before it.
    assert "<li>Karnofsky is given in steps of 10.</li>" in page
    assert "<li>ECOG: Ensure this value is less than or equal to 5.</li>" in page
    assert 'name="karnofsky" value="55"' in page and 'name="ecog" value="7"' in page
    assert 'name="performed_on" value="2026-03-02"' in page
    assert '<option value="carcinoid_syndrome" selected>Carcinoid syndrome</option>' in page
    assert "Flushing twice a day, no diarrhoea.</textarea>" in page
    assert not ClinicalAssessment.objects.exists()
    assert not TimelineEntry.objects.filter(patient=pat_record).exists()


def test_an_assessment_that_records_nothing_is_refused_on_karnofsky(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """Only a date: 400 on Karnofsky (an empty assessment would hide the performance status
    recorded before from the decision support); the action refuses it for the API too."""
    client.force_login(sam)
    response = client.post(_url(pat_record), {"performed_on": "2026-03-02"})
    assert 400 == response.status_code
    assert (
        "<li>Karnofsky: Give the Karnofsky or ECOG performance status (or the functional "
        "syndrome or findings); this assessment records nothing.</li>" in response.content.decode()
    )
    with pytest.raises(ResultInputError) as refused:
        record_result("assessment", pat_record, {"performed_on": date(2026, 3, 2)}, by=sam)
    assert "karnofsky" == refused.value.field
    assert not ClinicalAssessment.objects.exists()


def test_findings_alone_make_an_assessment_titled_without_scores(
    client: Client, sam: Any, pat_record: Any
) -> None:
    """Findings without scores are recorded; the timeline line reads "Clinical assessment"."""
    client.force_login(sam)
    response = client.post(
        _url(pat_record), {"performed_on": "2026-03-02", "findings": "Well, working full time."}
    )
    assert 302 == response.status_code
    line = TimelineEntry.objects.get(patient=pat_record, source_type="workup.assessment")
    assert ("Clinical assessment", "Well, working full time.") == (line.title, line.summary)


def test_navigators_and_technologists_cannot_record_an_assessment(
    client: Client, nora: Any, theo: Any, pat_record: Any
) -> None:
    """Nora and Theo get 404 for the page and the post; nothing is recorded."""
    for user in (nora, theo):
        client.force_login(user)
        assert 404 == client.get(_url(pat_record)).status_code
        assert 404 == client.post(_url(pat_record), ASSESSMENT).status_code
    assert not ClinicalAssessment.objects.exists()
