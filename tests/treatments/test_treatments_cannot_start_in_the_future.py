"""A recorded treatment has started: its start, its end and a dose given cannot be dated after
the program's today; an end before the start and an interval of 0 days are refused on their
fields with words a clinician reads, never a database constraint's name."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.patients.models import TimelineEntry
from netcare.treatments.models import Administration, Treatment

FORM = {"kind": "lanreotide", "agent": "lanreotide 120 mg deep s.c.", "intent": "palliative",
        "start_on": "2026-02-02", "end_on": "", "interval_days": "", "best_response": "",
        "note": ""}


@pytest.fixture(autouse=True)
def _evening_in_los_angeles(settings: Any) -> Any:
    """Monday 2 March 2026, 21:00 in Los Angeles (already 3 March in UTC)."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    with time_machine.travel("2026-03-03 05:00:00+00:00", tick=False):
        yield


def _post(client: Client, patient: Any, **changes: str) -> tuple[int, str]:
    response = client.post(f"/treatments/patients/{patient.pk}/", {**FORM, **changes})
    return response.status_code, response.content.decode()


def test_a_treatment_started_tomorrow_is_refused_on_start_on_and_keeps_the_input(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    status, page = _post(client, pat_record, start_on="2026-03-03")
    assert 400 == status
    assert "<li>Start on cannot be in the future.</li>" in page
    assert '<a href="#id_start_on">Start on cannot be in the future.</a>' in page
    assert 'value="2026-03-03"' in page and 'value="lanreotide 120 mg deep s.c."' in page
    assert not Treatment.objects.exists()
    assert not TimelineEntry.objects.filter(patient=pat_record).exists()


def test_a_treatment_started_today_in_the_program_zone_is_recorded(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    status, _ = _post(client, pat_record, start_on="2026-03-02")
    assert 302 == status
    assert date(2026, 3, 30) == Treatment.objects.get(patient=pat_record).next_due_on


def test_an_end_in_the_future_is_refused_on_end_on(client: Client, sam: Any,
                                                    pat_record: Any) -> None:
    """An end date completes the treatment; one next week has not happened."""
    client.force_login(sam)
    status, page = _post(client, pat_record, end_on="2026-03-09")
    assert 400 == status
    assert "<li>End on cannot be in the future.</li>" in page
    assert not Treatment.objects.exists()


def test_an_end_before_the_start_names_the_end_and_not_the_constraint(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    status, page = _post(client, pat_record, kind="surgery", end_on="2026-01-15")
    assert 400 == status
    assert "<li>End on cannot be before the start (2026-02-02).</li>" in page
    assert "treatment_end_after_start" not in page
    assert not Treatment.objects.exists()


def test_an_interval_of_0_days_is_refused_on_its_field(client: Client, sam: Any,
                                                       pat_record: Any) -> None:
    """0 days: "Interval (days) must be at least 1.", the input offers 1 as its minimum."""
    client.force_login(sam)
    status, page = _post(client, pat_record, interval_days="0")
    assert 400 == status
    assert "<li>Interval (days) must be at least 1.</li>" in page
    assert "treatment_interval_positive" not in page
    assert 'name="interval_days" value="0"' in page and 'min="1"' in page
    assert not Treatment.objects.exists()


def test_a_dose_given_tomorrow_is_not_recorded(client: Client, sam: Any,
                                               pat_record: Any) -> None:
    """The course keeps its one dose and its next-due date."""
    client.force_login(sam)
    _post(client, pat_record)
    course = Treatment.objects.get(patient=pat_record)
    response = client.post(f"/treatments/{course.pk}/doses/",
                           {"given_on": "2026-03-03", "dose": "120 mg"})
    assert 400 == response.status_code
    course.refresh_from_db()
    assert (1, date(2026, 3, 2)) == (Administration.objects.filter(treatment=course).count(),
                                     course.next_due_on)


def test_a_dose_given_tomorrow_is_refused_by_its_date_keeping_what_was_typed(
        client: Client, sam: Any, pat_record: Any) -> None:
    """The form's own words by the field and in its summary, not "enter a valid date"."""
    client.force_login(sam)
    _post(client, pat_record)
    course = Treatment.objects.get(patient=pat_record)
    page = client.post(f"/treatments/{course.pk}/doses/",
                       {"given_on": "2026-03-03", "dose": "120 mg"}).content.decode()
    assert "<li>Given on cannot be in the future.</li>" in page
    assert '<a href="#id_given_on">Given on cannot be in the future.</a>' in page
    assert "enter a valid date" not in page
    assert 'value="2026-03-03"' in page and 'value="120 mg"' in page


def test_a_dose_before_the_course_started_is_refused_by_its_date(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    _post(client, pat_record)
    course = Treatment.objects.get(patient=pat_record)
    response = client.post(f"/treatments/{course.pk}/doses/",
                           {"given_on": "2026-01-05", "dose": "120 mg"})
    page = response.content.decode()
    assert 400 == response.status_code
    assert "is before the start of the treatment" in page and 'value="2026-01-05"' in page
    assert 1 == Administration.objects.filter(treatment=course).count()


def test_a_dose_without_a_date_asks_for_it_and_one_today_is_recorded(
        client: Client, sam: Any, pat_record: Any) -> None:
    client.force_login(sam)
    _post(client, pat_record)
    course = Treatment.objects.get(patient=pat_record)
    page = client.post(f"/treatments/{course.pk}/doses/",
                       {"given_on": "", "dose": "120 mg"}).content.decode()
    assert "Given on" in page and "required" in page and 'value="120 mg"' in page
    response = client.post(f"/treatments/{course.pk}/doses/",
                           {"given_on": "2026-03-02", "dose": "120 mg"})
    assert 302 == response.status_code
