"""What is planned is never mistaken for what was done: the chart lists entries dated after
today apart, first, soonest first, each labelled "Planned"; the seed titles a planned test
"(planned)" and a missed visit "missed; still due" whatever the day the chart is read."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.patients.loaders import write_timeline
from netcare.patients.models import Patient
from netcare.synthetic import Event, generate
from netcare.workup.dates import program_today

pytestmark = pytest.mark.django_db


def _sections(page: str) -> tuple[str, str]:
    """(the planned list, the history list) of the chart's timeline; "" when absent."""
    planned = re.search(r'<ol class="timeline timeline-planned".*?</ol>', page, re.S)
    history = re.search(r'<ol class="timeline"( aria-labelledby="history-heading")?>.*?</ol>',
                        page, re.S)
    return (planned.group(0) if planned else "", history.group(0) if history else "")


def _seeded(events: list[Event]) -> Patient:
    """A patient whose chart is written by the seed's timeline writer from `events`."""
    history = next(generate(n_patients=1, seed=11))
    history = dataclasses.replace(history, events=tuple(events))
    person = history.demographics
    patient = Patient.objects.create(mrn=person.mrn, first_name=person.given_name,
                                     last_name=person.family_name,
                                     date_of_birth=person.birth_date, sex=person.sex)
    write_timeline([history], {person.mrn: patient.pk})
    return patient


def test_a_planned_ct_and_cga_are_listed_apart_and_labelled_planned_soonest_first(
    client: Client, sam: Any
) -> None:
    today = program_today()
    ct, cga, visit = today + timedelta(days=120), today + timedelta(days=113), \
        today + timedelta(days=127)
    patient = _seeded([
        Event(today - timedelta(days=200), "lab", "chromogranin_a", "completed", 96.0, "ng/mL"),
        Event(cga, "lab", "chromogranin_a", "planned"),
        Event(ct, "imaging", "ct", "planned"),
        Event(visit, "follow_up", "follow_up_visit", "planned"),
    ])
    client.force_login(sam)
    page = client.get(f"/patients/{patient.pk}/").content.decode()
    planned, history = _sections(page)
    assert "<h3 id=\"planned-heading\">Planned, not done yet</h3>" in page
    lines = re.findall(r"<li>.*?</li>", planned, re.S)
    assert [f">{cga:%Y-%m-%d}</time>", f">{ct:%Y-%m-%d}</time>", f">{visit:%Y-%m-%d}</time>"] \
        == [re.search(r">\d{4}-\d\d-\d\d</time>", line).group(0) for line in lines]
    assert all('<span class="badge planned">Planned</span>' in line for line in lines)
    assert "<strong>Chromogranin A (planned)</strong>" in lines[0]
    assert "<strong>CT chest/abdomen/pelvis with contrast (planned)</strong>" in lines[1]
    assert "<strong>Follow-up visit (planned)</strong>" in lines[2]
    assert "Chromogranin A: 96 ng/mL" in history
    assert "planned" not in history.lower()


def test_a_follow_up_visit_missed_before_today_reads_missed_and_still_due(
    client: Client, sam: Any
) -> None:
    missed = program_today() - timedelta(days=20)
    patient = _seeded([Event(missed, "follow_up", "follow_up_visit", "planned")])
    client.force_login(sam)
    planned, history = _sections(client.get(f"/patients/{patient.pk}/").content.decode())
    assert "" == planned
    assert f">{missed:%Y-%m-%d}</time>" in history
    assert "<strong>Follow-up visit (missed; still due)</strong>" in history


def test_a_treatment_starting_next_month_is_planned_and_one_started_today_is_history(
    client: Client, sam: Any, pat_record: Any
) -> None:
    from netcare.treatments.actions import record_treatment

    starts = program_today() + timedelta(days=30)
    record_treatment(pat_record, {"kind": "lanreotide", "agent": "lanreotide 120 mg deep SC",
                                  "intent": "palliative", "start_on": starts}, by=sam)
    record_treatment(pat_record, {"kind": "surgery", "agent": "distal pancreatectomy",
                                  "intent": "curative", "start_on": program_today()}, by=sam)
    client.force_login(sam)
    planned, history = _sections(client.get(f"/patients/{pat_record.pk}/").content.decode())
    assert "lanreotide 120 mg deep SC" in planned and f">{starts:%Y-%m-%d}</time>" in planned
    assert "distal pancreatectomy" in history and "lanreotide" not in history


def test_the_patient_sees_their_planned_treatment_labelled_on_their_own_chart(
    client: Client, sam: Any, pat: Any, pat_record: Any
) -> None:
    from netcare.treatments.actions import record_treatment

    starts = program_today() + timedelta(days=14)
    record_treatment(pat_record, {"kind": "octreotide_lar", "agent": "octreotide LAR 30 mg IM",
                                  "intent": "palliative", "start_on": starts}, by=sam)
    client.force_login(pat)
    planned, history = _sections(client.get("/patients/me/").content.decode())
    assert '<span class="badge planned">Planned</span>' in planned
    assert "octreotide LAR 30 mg IM" in planned and "octreotide" not in history
