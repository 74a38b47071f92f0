"""The case summary: assembled from the chart, frozen at presentation, HTML and PDF."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.clinical.decision_support import DISCLAIMER
from netcare.tumorboard import actions
from netcare.tumorboard.summary import case_summary
from netcare.tumors.models import Tumor
from tests.conftest import PASSWORD


def _index(patient: Any) -> Tumor:
    return Tumor.objects.filter(patient=patient).order_by("created_at", "id").first()


def test_the_live_summary_carries_grade_stage_and_options_from_the_chart(
    meeting: Any, nora: Any, board_patient: Any
) -> None:
    """Before presentation: the snapshot's index tumor has the tumor's grade and stage, and
    decision support lists options with sources and the disclaimer."""
    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    summary = case_summary(case)
    tumor = _index(board_patient)
    index = summary["snapshot"]["tumors"][0]
    assert (False, tumor.effective("grade"), tumor.effective("stage")) == (
        summary["frozen"], index["grade"], index["stage"])
    assert DISCLAIMER == summary["decision_support"]["disclaimer"]
    assert all(o["sources"] for o in summary["decision_support"]["options"])


def test_presenting_freezes_what_the_board_saw(
    meeting: Any, nora: Any, cora: Any, board_patient: Any
) -> None:
    """A change to the chart after presentation does not change the stored summary."""
    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    case = actions.present_case(case, by=cora)
    before = case_summary(case)
    Tumor.objects.filter(patient=board_patient).update(stage="IV", grade="G3")
    case.refresh_from_db()
    after = case_summary(case)
    assert (True, before["snapshot"]) == (after["frozen"], after["snapshot"])


def test_the_summary_page_shows_stage_grade_and_a_clinician_decides(
    client: Client, meeting: Any, nora: Any, sam: Any, board_patient: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """The HTML summary names the stage and grade and shows the disclaimer; bounded queries."""
    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    tumor = _index(board_patient)
    client.login(username="sam", password=PASSWORD)
    with django_assert_max_num_queries(25):
        response = client.get(f"/board/cases/{case.pk}/")
    body = response.content.decode()
    assert 200 == response.status_code
    assert f"WHO grade {tumor.effective('grade')}" in body
    assert f"stage {tumor.effective('stage')}" in body
    assert "a clinician decides" in body


def test_the_pdf_renders_and_contains_stage_and_grade(
    client: Client, meeting: Any, nora: Any, board_patient: Any
) -> None:
    """The PDF download is a PDF whose laid-out text names grade and stage."""
    from netcare.tumorboard.pdf import document_text, render_document
    from netcare.tumorboard.views import _summary_context

    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    tumor = _index(board_patient)
    client.login(username="nora", password=PASSWORD)
    response = client.get(f"/board/cases/{case.pk}/pdf/")
    assert ("application/pdf", b"%PDF") == (response["Content-Type"], response.content[:4])
    text = document_text(render_document(_summary_context(case)))
    assert f"WHO grade {tumor.effective('grade')}" in text
    assert f"stage {tumor.effective('stage')}" in text


def test_patients_and_referrers_cannot_open_a_case(
    client: Client, meeting: Any, nora: Any, pat: Any, rita: Any, pat_record: Any
) -> None:
    """Even the patient's own case answers 404 (the board's working view is staff only)."""
    case = actions.submit_case(meeting, pat_record, "Q", by=nora)
    for who in ("pat", "rita"):
        client.login(username=who, password=PASSWORD)
        assert 404 == client.get(f"/board/cases/{case.pk}/").status_code
        assert 404 == client.get(f"/board/cases/{case.pk}/pdf/").status_code
