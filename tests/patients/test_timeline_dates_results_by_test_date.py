"""The chart's timeline dates every entry by when its event happened (the test performed, the
dose given, the visit held), never by when someone typed it in; a result entered on a later day
says so ("recorded <date>")."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry
from netcare.workup.actions import correct_result, record_result
from netcare.workup.dates import program_today, program_zone

pytestmark = pytest.mark.django_db


def _line(page: str, text: str) -> str:
    """The timeline item (`<li>…</li>`) of the chart page that contains `text`."""
    found = [item for item in re.findall(r"<li><time .*?</li>", page, re.S) if text in item]
    assert len(found) == 1, (text, found)
    return found[0]


def _local_day(entry: TimelineEntry) -> Any:
    return entry.occurred_at.astimezone(program_zone()).date()


def _chart(client: Client, who: Any, patient: Any) -> str:
    client.force_login(who)
    return client.get(f"/patients/{patient.pk}/").content.decode()


def test_a_lab_drawn_weeks_ago_and_entered_today_sits_at_its_test_date_and_says_it_was_late(
    client: Client, sam: Any, pat_record: Any
) -> None:
    drawn = program_today() - timedelta(days=56)
    record_result("lab", pat_record, {"performed_on": drawn, "test": "chromogranin_a",
                                      "value": 412.0, "unit": "ng/mL"}, by=sam)
    line = _line(_chart(client, sam, pat_record), "412 ng/mL")
    assert f">{drawn:%Y-%m-%d}</time>" in line
    assert f"(recorded {program_today():%Y-%m-%d})" in line


@pytest.mark.parametrize(("kind", "data", "shown"), [
    ("lab", {"test": "urine_5hiaa", "value": 14.0, "unit": "mg/24h"}, "14 mg/24h"),
    ("pet", {"tracer": "ga68_dotatate", "impression": "Avid liver lesions, segment VII."},
     "Avid liver lesions, segment VII."),
    ("imaging", {"modality": "ct", "region": "abdomen", "impression": "3.1 cm pancreatic tail "
                                                                       "mass."},
     "3.1 cm pancreatic tail mass."),
    ("endoscopy", {"kind": "eus", "findings": "12 mm hypoechoic lesion in the pancreatic head."},
     "12 mm hypoechoic lesion in the pancreatic head."),
    ("pathology", {"site": "pancreas", "specimen": "biopsy",
                   "histology": "Well-differentiated NET", "ki67_percent": 8.0}, "Ki-67 8 %"),
])
def test_each_kind_of_result_sits_at_the_date_it_was_performed(
    client: Client, sam: Any, pat_record: Any, kind: str, data: dict[str, Any], shown: str
) -> None:
    performed = program_today() - timedelta(days=30)
    result = record_result(kind, pat_record, {"performed_on": performed, **data}, by=sam)
    entry = TimelineEntry.objects.get(patient=pat_record, source_type=f"workup.{kind}",
                                      source_id=str(result.pk))
    assert performed == _local_day(entry)
    assert f">{performed:%Y-%m-%d}</time>" in _line(_chart(client, sam, pat_record), shown)


def test_a_result_entered_late_sits_below_a_newer_result_entered_before_it(
    client: Client, sam: Any, pat_record: Any
) -> None:
    today = program_today()
    record_result("lab", pat_record, {"performed_on": today - timedelta(days=7),
                                      "test": "chromogranin_a", "value": 95.0,
                                      "unit": "ng/mL"}, by=sam)
    record_result("lab", pat_record, {"performed_on": today - timedelta(days=60),
                                      "test": "chromogranin_a", "value": 310.0,
                                      "unit": "ng/mL"}, by=sam)
    page = _chart(client, sam, pat_record)
    assert page.index("95 ng/mL") < page.index("310 ng/mL")


def test_an_entry_recorded_on_the_day_of_its_test_says_nothing_about_when_it_was_recorded(
    client: Client, sam: Any, pat_record: Any
) -> None:
    record_result("lab", pat_record, {"performed_on": program_today(), "test": "chromogranin_a",
                                      "value": 88.0, "unit": "ng/mL"}, by=sam)
    assert "recorded" not in _line(_chart(client, sam, pat_record), "88 ng/mL")


def test_a_correction_stays_at_the_date_of_the_test_it_corrects(
    sam: Any, pat_record: Any
) -> None:
    drawn = program_today() - timedelta(days=40)
    first = record_result("lab", pat_record, {"performed_on": drawn, "test": "chromogranin_a",
                                              "value": 1200.0, "unit": "ng/mL"}, by=sam)
    corrected = correct_result(first, {"value": 120.0}, reason="decimal point misplaced",
                               by=sam)
    entry = TimelineEntry.objects.get(patient=pat_record, source_id=str(corrected.pk),
                                      source_type="workup.lab")
    assert (drawn, True) == (_local_day(entry), entry.title.startswith("Corrected (version 2)"))


def test_the_diagnosis_a_pathology_report_sets_sits_at_the_report_date(
    sam: Any, pat_record: Any
) -> None:
    reported = program_today() - timedelta(days=21)
    record_result("pathology", pat_record, {
        "performed_on": reported, "site": "pancreas", "specimen": "resection",
        "histology": "Well-differentiated NET", "ki67_percent": 8.0, "size_cm": 2.5,
        "nodes_examined": 12, "nodes_positive": 0}, by=sam)
    diagnosis = TimelineEntry.objects.get(patient=pat_record, kind="diagnosis")
    assert (reported, True) == (_local_day(diagnosis), "G2" in diagnosis.title)


def test_a_treatment_and_a_dose_sit_at_the_days_they_were_given(
    sam: Any, pat_record: Any
) -> None:
    from netcare.treatments.actions import record_administration, record_treatment

    started = program_today() - timedelta(days=70)
    course = record_treatment(pat_record, {"kind": "lanreotide",
                                           "agent": "lanreotide 120 mg deep SC",
                                           "intent": "palliative", "start_on": started}, by=sam)
    record_administration(course, started + timedelta(days=28), by=sam, dose="120 mg")
    days = sorted(_local_day(e) for e in TimelineEntry.objects.filter(
        patient=pat_record, source_type="treatments.treatment"))
    assert [started, started + timedelta(days=28)] == days


def test_a_visit_marked_completed_days_later_sits_at_the_time_it_took_place(
    client: Client, nora: Any, sam: Any, pat_record: Any
) -> None:
    from netcare.scheduling.actions import complete_appointment
    from netcare.scheduling.models import Appointment

    held = datetime.combine(program_today() - timedelta(days=5), time(9, 30),
                            tzinfo=program_zone())
    visit = Appointment.objects.create(
        patient=pat_record, clinician=sam, discipline="surgery", kind="follow_up",
        starts_at=held, ends_at=held + timedelta(minutes=30), status="confirmed")
    complete_appointment(visit, by=nora)
    entry = TimelineEntry.objects.get(patient=pat_record, title__startswith="Visit completed")
    assert held == entry.occurred_at
    line = _line(_chart(client, nora, pat_record), "Visit completed")
    assert f">{held:%Y-%m-%d}</time> <span class=\"muted\">(recorded {program_today():%Y-%m-%d})" \
        in line
