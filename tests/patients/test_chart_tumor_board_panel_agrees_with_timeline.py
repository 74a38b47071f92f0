"""The chart's tumor board panel and its timeline tell the same story: a discussion the record
holds (the seeded history has no board case in netcare) is listed in the panel, never beside a
panel saying the patient was not discussed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netcare.patients.loaders import write_timeline
from netcare.patients.models import Patient, TimelineEntry
from netcare.synthetic import generate

pytestmark = pytest.mark.django_db

NOT_DISCUSSED = "Not discussed at the tumor board yet."


def _panel(page: str) -> str:
    found = re.search(r'<section class="panel" aria-labelledby="board-panel-heading">.*?</section>',
                      page, re.S)
    assert found is not None
    return found.group(0)


def _seeded_patient_with_a_board_discussion() -> tuple[Patient, list[Any]]:
    """A synthetic patient written to the chart as `netcare seed` writes it, with the board
    discussions of their history."""
    for history in generate(n_patients=10, seed=3):
        discussions = [e for e in history.events
                       if e.kind == "tumor_board" and e.status == "completed"]
        if discussions:
            person = history.demographics
            patient = Patient.objects.create(
                mrn=person.mrn, first_name=person.given_name, last_name=person.family_name,
                date_of_birth=person.birth_date, sex=person.sex)
            write_timeline([history], {person.mrn: patient.pk})
            return patient, discussions
    raise AssertionError("no synthetic patient with a board discussion in the first ten")


def test_a_seeded_board_discussion_is_in_the_panel_not_a_not_discussed_message(
    client: Client, sam: Any
) -> None:
    patient, discussions = _seeded_patient_with_a_board_discussion()
    client.force_login(sam)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    panel = _panel(page)
    assert NOT_DISCUSSED not in panel
    first = discussions[0]
    # The reason the board met (initial plan, progression...) comes with it.
    line = f"{first.day:%Y-%m-%d} · Tumor board discussion — {first.code.replace('_', ' ')}"
    assert line in panel
    # ...and the timeline shows the same discussion on the same day.
    assert TimelineEntry.objects.filter(patient=patient, kind="board",
                                        title="Tumor board discussion").count() == len(discussions)


def test_a_patient_never_discussed_is_said_to_be_not_discussed(
    client: Client, sam: Any, other_record: Any
) -> None:
    client.force_login(sam)
    panel = _panel(client.get(f"/patients/{other_record.pk}/").content.decode())
    assert NOT_DISCUSSED in panel


def test_a_live_case_and_an_earlier_discussion_are_listed_newest_first_each_once(
    client: Client, sam: Any, nora: Any, cora: Any
) -> None:
    """The board's own timeline entries (the submission, the recommendation) stand for the case:
    the case is one line, with its recommendation; the seeded discussion is another."""
    from tests.patients.test_chart_cache import _submit
    from tests.tumorboard.conftest import decide

    patient, discussions = _seeded_patient_with_a_board_discussion()
    case = _submit(patient, nora, cora)
    decide(case, cora, sam)
    client.force_login(sam)
    panel = _panel(client.get(f"/patients/{patient.pk}/").content.decode())
    items = re.findall(r"<li>.*?</li>", panel, re.S)
    assert len(items) == 1 + len(discussions)
    assert "Start lanreotide 120 mg every 4 weeks." in items[0]
    assert f'href="{reverse("tumorboard:case", kwargs={"case_id": case.pk})}"' in items[0]
    assert "Tumor board discussion" in items[1]
    assert "Submitted to the tumor board" not in panel
    assert NOT_DISCUSSED not in panel
