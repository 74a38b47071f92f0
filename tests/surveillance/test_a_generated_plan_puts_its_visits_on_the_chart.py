"""A generated follow-up plan puts each visit on the chart: those to come under "Planned, not
done yet" (with what the visit checks), those already due as overdue. A new plan replaces the
open visits' lines; booking and completing a visit move its line (as for a seeded visit)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.test import Client

from netcare.patients.models import Patient, TimelineEntry
from netcare.surveillance.actions import generate_plan
from netcare.surveillance.models import VISIT_SOURCE, FollowUp, FollowUpStatus
from netcare.tumors.models import Tumor
from netcare.workup.dates import program_today


def _planned_part(chart: str) -> str:
    found = re.search(r"Planned, not done yet.*?</ol>", chart, re.S)
    return found[0] if found else ""


def _tumor() -> Tumor:
    patient = Patient.objects.create(mrn="G000001", first_name="Gus", last_name="Planwell",
                                     date_of_birth=date(1960, 9, 9), sex="male")
    return Tumor.objects.create(patient=patient, site="pancreas", category="NET", grade="G1",
                                t="T1", n="N0", m="M0", stage="I", size_cm=1.5)


def _lines(patient: Patient) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(patient=patient, source_type=VISIT_SOURCE)
                .order_by("occurred_at"))


def test_each_visit_of_a_new_plan_shows_under_planned_with_what_it_checks(
        sam: Any, nora: Any) -> None:
    tumor = _tumor()
    generate_plan(tumor, start_on=program_today(), by=sam)
    visits = list(FollowUp.objects.filter(patient=tumor.patient).order_by("due_on"))
    assert visits
    client = Client()
    client.force_login(nora)
    planned = _planned_part(client.get(f"/patients/{tumor.patient_id}/").content.decode())
    first = visits[0]
    assert planned.count("Follow-up visit (planned)") == len(visits)
    assert f"{first.due_on:%Y-%m-%d}</time>" in planned
    assert ", ".join(first.item_list) in planned
    assert [line.source_id for line in _lines(tumor.patient)] == [str(v.pk) for v in visits]


def test_a_plan_started_in_the_past_shows_its_due_visits_as_overdue(sam: Any) -> None:
    tumor = _tumor()
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    today = program_today()
    for line, visit in zip(_lines(tumor.patient), FollowUp.objects.filter(
            patient=tumor.patient).order_by("due_on"), strict=True):
        expected = ("Follow-up visit (planned)" if visit.due_on > today
                    else "Follow-up visit (overdue; still due)")
        assert line.title == expected
    assert any(line.title.endswith("(overdue; still due)") for line in _lines(tumor.patient))


def test_a_new_plan_replaces_the_open_visits_lines_and_keeps_the_completed(
        sam: Any, nora: Any) -> None:
    tumor = _tumor()
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    held = FollowUp.objects.filter(patient=tumor.patient).order_by("due_on").first()
    assert held is not None
    client = Client()
    client.force_login(nora)
    client.post(f"/surveillance/follow-ups/{held.pk}/",
                {"action": "complete", "on": held.due_on.isoformat()})
    generate_plan(tumor, start_on=program_today(), by=sam)
    open_visits = FollowUp.objects.filter(patient=tumor.patient, status=FollowUpStatus.DUE)
    lines = _lines(tumor.patient)
    assert {line.source_id for line in lines} == (
        {str(v.pk) for v in open_visits} | {str(held.pk)})
    assert [line.title for line in lines if line.source_id == str(held.pk)] == [
        "Follow-up visit completed"]
    chart = client.get(f"/patients/{tumor.patient_id}/").content.decode()
    assert chart.count("Follow-up visit completed") == 1


def test_booking_a_generated_visit_moves_its_line_to_the_booked_day(sam: Any, nora: Any) -> None:
    tumor = _tumor()
    generate_plan(tumor, start_on=program_today(), by=sam)
    visit = FollowUp.objects.filter(patient=tumor.patient).order_by("due_on").first()
    assert visit is not None
    booked = visit.due_on + timedelta(days=5)
    client = Client()
    client.force_login(nora)
    client.post(f"/surveillance/follow-ups/{visit.pk}/",
                {"action": "schedule", "on": booked.isoformat()})
    planned = _planned_part(client.get(f"/patients/{tumor.patient_id}/").content.decode())
    assert f'{booked:%Y-%m-%d}</time> <span class="badge planned">Planned</span>' in planned
    assert "Follow-up visit (scheduled)" in planned
    assert planned.count("<li>") == FollowUp.objects.filter(patient=tumor.patient).count()


def test_what_a_visit_checks_reads_in_words_on_the_chart_and_the_worklist(
        sam: Any, nora: Any) -> None:
    tumor = _tumor()
    generate_plan(tumor, start_on=program_today() - timedelta(days=400), by=sam)
    client = Client()
    client.force_login(nora)
    chart = client.get(f"/patients/{tumor.patient_id}/").content.decode()
    worklist = client.get("/surveillance/worklist/?overdue=on").content.decode()
    for page in (chart, worklist):
        assert "clinical review, CT or MRI, tumor markers" in page
        assert "ct or mri" not in page
