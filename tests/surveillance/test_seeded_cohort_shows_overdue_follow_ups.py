"""A seeded cohort gives the navigator's worklist overdue follow-ups: the synthetic patients who
missed their last due visit. Seeded on the generator's TODAY (what `./run demo` does on that
day), in the program's zone."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.patients.loaders import load_cohort
from netcare.scheduling.models import Appointment
from netcare.surveillance.models import FollowUp
from netcare.synthetic import DEFAULT_CONFIG, TODAY, PatientHistory, generate
from netcare.workup.dates import local_noon, program_today

N = 150
SEED = 1


@pytest.fixture
def seeded_today(db: Any, time_machine: Any) -> list[PatientHistory]:
    """150 patients seeded at noon on TODAY; their histories."""
    time_machine.move_to(local_noon(TODAY))
    load_cohort(N, seed=SEED, out=io.StringIO())
    return list(generate(DEFAULT_CONFIG, N, SEED))


def _planned_visits(histories: list[PatientHistory]) -> list[tuple[str, date]]:
    """(MRN, due date) of every planned follow-up visit of a patient with a known primary
    (unknown primaries have no tumor record, hence no follow-up plan)."""
    return sorted((p.demographics.mrn, e.day) for p in histories for e in p.events
                  if e.kind == "follow_up" and e.status == "planned"
                  and p.tumors[0].site != "unknown_primary")


def _due_dates_and_mrns(page: str) -> list[tuple[str, date]]:
    rows = re.findall(r'<tr id="follow-up-\d+"><td data-label="Due">(\d{4}-\d{2}-\d{2})'
                      r'( <span class="badge">overdue</span>)?</td>'
                      r'\n<td data-label="Patient"><a href="[^"]+">[^<]+</a> '
                      r'<span class="muted">(NC\d{7}) ', page)
    assert all(badge for _, badge, _ in rows)  # every row is marked overdue
    return sorted((mrn, date.fromisoformat(day)) for day, _, mrn in rows)


def test_overdue_only_shows_the_patients_who_missed_their_visit(
    seeded_today: list[PatientHistory], nora: Any,
) -> None:
    """The navigator's "Overdue only" list is exactly the missed visits, each due before today;
    the visits planned after today are open follow-ups too, but not on it."""
    assert TODAY == program_today()
    planned = _planned_visits(seeded_today)
    missed = [(mrn, due) for mrn, due in planned if due < TODAY]
    assert len(missed) >= 3
    client = Client()
    client.force_login(nora)
    response = client.get("/surveillance/worklist/", {"overdue": "on"})
    assert 200 == response.status_code
    shown = _due_dates_and_mrns(response.content.decode())
    assert missed == shown
    assert all(due < TODAY for _, due in shown)
    assert len(planned) - len(missed) == FollowUp.objects.filter(
        status="due", due_on__gt=TODAY).count() > 40


def test_a_missed_visit_is_to_schedule_and_has_no_appointment(
    seeded_today: list[PatientHistory],
) -> None:
    """Each missed visit is a follow-up "to schedule" with no appointment on or after its due
    date; every visit planned after today is a confirmed appointment."""
    missed = [(mrn, due) for mrn, due in _planned_visits(seeded_today) if due < TODAY]
    for mrn, due in missed:
        follow_up = FollowUp.objects.get(patient__mrn=mrn, status="due")
        assert (due, None) == (follow_up.due_on, follow_up.scheduled_for)
        assert not Appointment.objects.filter(patient__mrn=mrn,
                                              starts_at__date__gte=due).exists()
    future = sum(1 for p in seeded_today for e in p.events
                 if e.kind == "follow_up" and e.status == "planned" and e.day > TODAY)
    assert future == Appointment.objects.filter(status="confirmed").count()
