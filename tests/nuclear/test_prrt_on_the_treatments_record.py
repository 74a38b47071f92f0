"""A PRRT course is also a `treatments` PRRT treatment: active while the course runs (so the
chart's problem summary lists it), stopped when the course is discontinued or completed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import CourseStatus, CycleStatus
from netcare.treatments.models import Treatment
from tests.conftest import PASSWORD
from tests.nuclear.conftest import GOOD_LABS, decide


def test_starting_a_course_records_an_active_prrt_treatment(course: Any) -> None:
    """One active PRRT treatment, linked from the course."""
    treatment = Treatment.objects.get(patient=course.patient, kind="prrt")
    assert ("active", treatment.pk) == (treatment.status, course.treatment_id)


def test_the_chart_summary_lists_prrt_as_active(course: Any, theo: Any,
                                                client: Client) -> None:
    """The chart's problem summary names PRRT among active treatments."""
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/patients/{course.patient.pk}/").content.decode()
    summary = body.split("Active treatments", 1)
    assert 2 == len(summary)
    assert "PRRT" in summary[1][:400]


def test_discontinuing_the_course_stops_the_treatment(course: Any, nina: Any) -> None:
    """Stopped with the reason (by the nuclear-medicine physician); open cycles are
    discontinued."""
    actions.stop_course(course, reason="patient's choice", by=nina)
    treatment = Treatment.objects.get(pk=course.treatment_id)
    assert ("stopped", "patient's choice") == (treatment.status, treatment.stop_reason)
    assert {CycleStatus.DISCONTINUED} == set(course.cycles.values_list("status", flat=True))


def test_a_technologist_cannot_stop_a_course_through_the_action(course: Any,
                                                                 theo: Any) -> None:
    """The action asks the policy itself, whoever calls it: refused, nothing changes."""
    with pytest.raises(PermissionDenied):
        actions.stop_course(course, reason="patient's choice", by=theo)
    course.refresh_from_db()
    assert CourseStatus.ACTIVE == course.status
    assert "active" == Treatment.objects.get(pk=course.treatment_id).status


def test_a_discontinue_decision_stops_the_treatment(course: Any, theo: Any,
                                                   nina: Any) -> None:
    """A dose withheld for thrombocytopenia and still delayed 16+ weeks later: the label's
    table suggests discontinuing, the physician decides so, and the PRRT treatment is
    stopped with it."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, {**GOOD_LABS, "thrombocytopenia_grade": 2},
                        labs_on=date(2026, 11, 24), today=date(2026, 11, 25), by=theo)
    decide(cycle, nina, "withhold")
    late = date(2027, 4, 20)
    actions.record_labs(cycle, {**GOOD_LABS, "thrombocytopenia_grade": 2}, labs_on=late,
                        today=late, by=theo)
    assert "discontinue" == cycle.suggestion["action"]
    course.refresh_from_db()
    assert CourseStatus.ACTIVE == course.status
    decide(cycle, nina, "discontinue")
    course.refresh_from_db()
    assert CourseStatus.DISCONTINUED == course.status
    assert "stopped" == Treatment.objects.get(pk=course.treatment_id).status


def test_stopping_needs_a_reason(course: Any, nina: Any, client: Client) -> None:
    """An empty reason on the page (from the nuclear-medicine physician, who may stop it): 400,
    the course stays active."""
    client.login(username="nina", password=PASSWORD)
    response = client.post(f"/nuclear/patients/{course.patient.pk}/prrt/",
                           {"intent": "stop", "stop-reason": ""})
    assert 400 == response.status_code
    course.refresh_from_db()
    assert CourseStatus.ACTIVE == course.status
