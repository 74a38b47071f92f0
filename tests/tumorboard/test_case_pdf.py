"""The case PDF carries the computed stage and grade in its laid-out text and its title."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.tumorboard import actions
from netcare.tumorboard.pdf import document_text, render_document
from tests.tumorboard.pdfcheck import pdf_text


def test_the_pdf_shows_the_stage_and_grade_of_the_index_tumor(
    client: Client, meeting: Any, board_patient: Any, nora: Any, sam: Any
) -> None:
    """The PDF's pages (WeasyPrint's laid-out text) and its title name the WHO grade and the
    AJCC stage computed for the patient's index tumor."""
    from netcare.tumorboard.views import _summary_context
    from netcare.tumors.models import Tumor

    tumor = Tumor.objects.filter(patient=board_patient).order_by("created_at", "id").first()
    grade, stage = tumor.effective("grade"), tumor.effective("stage")
    case = actions.submit_case(meeting, board_patient, "Surveillance?", by=nora, presenter=sam)
    client.force_login(nora)
    response = client.get(f"/board/cases/{case.pk}/pdf/")
    assert ("application/pdf", b"%PDF") == (response["Content-Type"], response.content[:4])
    assert f"WHO grade {grade}, stage {stage}" in pdf_text(response.content)  # the title

    text = document_text(render_document(_summary_context(case)))
    assert f"WHO grade {grade}" in text
    assert f"stage {stage}" in text
    assert "Tumor board case:" in text
