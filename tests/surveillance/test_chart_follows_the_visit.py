"""A follow-up visit shown on the chart as to come (or missed) follows what happens to it: it
moves to the booked day, becomes the visit done, or leaves when a new plan replaces it. Before,
a seeded "Follow-up visit (planned)" line stayed under "Planned" after the visit was held."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.test import Client

from netcare.patients.models import Patient, TimelineEntry
from netcare.surveillance.actions import generate_plan
from netcare.surveillance.models import VISIT_SOURCE, FollowUp
from netcare.tumors.models import Tumor
from netcare.workup.dates import local_noon, program_today


def _patient(sam: Any) -> tuple[Patient, Tumor, FollowUp, FollowUp]:
    """A patient whose plan has a missed visit and one to come, each on the chart as the seed
    shows them."""
    patient = Patient.objects.create(mrn="V000001", first_name="Vera", last_name="Lindqvist",
                                     date_of_birth=date(1958, 6, 1), sex="female")
    tumor = Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                 t="T1", n="N0", m="M0", stage="I", size_cm=1.5)
    today = program_today()
    generate_plan(tumor, start_on=today - timedelta(days=400), by=sam)
    visits = FollowUp.objects.filter(patient=patient).order_by("due_on")
    missed = visits.filter(due_on__lt=today).first()
    coming = visits.filter(due_on__gt=today + timedelta(days=30)).first()
    assert missed is not None and coming is not None
    for visit, title in ((missed, "Follow-up visit (missed; still due)"),
                         (coming, "Follow-up visit (planned)")):
        # As the seed shows them, in place of the lines the plan gave them.
        TimelineEntry.objects.filter(source_type=VISIT_SOURCE, source_id=str(visit.pk)).delete()
        TimelineEntry.objects.create(patient=patient, occurred_at=local_noon(visit.due_on),
                                     kind="follow_up", title=title, source_type=VISIT_SOURCE,
                                     source_id=str(visit.pk))
    return patient, tumor, missed, coming


def _act(client: Client, visit: FollowUp, action: str, on: date) -> None:
    response = client.post(f"/surveillance/follow-ups/{visit.pk}/",
                           {"action": action, "on": on.isoformat()})
    assert response.status_code in (200, 302), response.content.decode()[:500]


def _planned_part(chart: str) -> str:
    """The chart's "Planned, not done yet" list (empty when nothing is planned)."""
    found = re.search(r"Planned, not done yet.*?</ol>", chart, re.S)
    return found[0] if found else ""


def test_booking_a_planned_visit_moves_its_line_to_the_booked_day(sam: Any, nora: Any) -> None:
    patient, _, _, coming = _patient(sam)
    booked = coming.due_on + timedelta(days=9)
    client = Client()
    client.force_login(nora)
    _act(client, coming, "schedule", booked)
    planned = _planned_part(client.get(f"/patients/{patient.pk}/").content.decode())
    assert f"{booked:%Y-%m-%d}</time>" in planned
    assert "Follow-up visit (scheduled)" in planned
    assert f"{coming.due_on:%Y-%m-%d}</time>" not in planned
    later = FollowUp.objects.filter(patient=patient, due_on__gt=program_today()).count()
    assert planned.count("Follow-up visit (planned)") == later - 1  # the others still to book


def test_completing_a_missed_visit_turns_its_line_into_the_visit_done(sam: Any,
                                                                       nora: Any) -> None:
    patient, _, missed, _ = _patient(sam)
    client = Client()
    client.force_login(nora)
    held = program_today() - timedelta(days=1)
    _act(client, missed, "complete", held)
    chart = client.get(f"/patients/{patient.pk}/").content.decode()
    assert "missed; still due" not in chart
    lines = TimelineEntry.objects.filter(source_type=VISIT_SOURCE, source_id=str(missed.pk))
    assert [("Follow-up visit completed", held, True)] == [
        (line.title, line.occurred_at.date(), line.released_to_patient) for line in lines]
    assert re.search(f"{held:%Y-%m-%d}</time> (<span[^>]*>[^<]*</span> )?"
                     '<span class="badge">Follow-up</span> '
                     "<strong>Follow-up visit completed</strong>", chart)


def test_completing_a_visit_without_a_line_adds_one(sam: Any, nora: Any) -> None:
    patient, _, missed, _ = _patient(sam)
    other = FollowUp.objects.filter(patient=patient, due_on__lt=program_today()).exclude(
        pk=missed.pk).first()
    assert other is not None
    client = Client()
    client.force_login(nora)
    _act(client, other, "complete", program_today())
    assert ["Follow-up visit completed"] == list(TimelineEntry.objects.filter(
        source_type=VISIT_SOURCE, source_id=str(other.pk)).values_list("title", flat=True))


def test_a_new_plan_takes_the_replaced_visits_off_the_chart(sam: Any, nora: Any) -> None:
    patient, tumor, missed, coming = _patient(sam)
    client = Client()
    client.force_login(nora)
    _act(client, missed, "complete", program_today())
    generate_plan(tumor, start_on=program_today(), by=sam)
    chart = client.get(f"/patients/{patient.pk}/").content.decode()
    new_plan = FollowUp.objects.filter(patient=patient, plan__is_active=True)
    assert chart.count("Follow-up visit (planned)") == new_plan.count()  # only the new plan's
    assert not TimelineEntry.objects.filter(source_type=VISIT_SOURCE,
                                            source_id=str(coming.pk)).exists()
    assert "Follow-up visit completed" in chart  # what was done stays
