"""Codes become words on the nuclear-medicine pages: differentiation choices and chart values,
and how the optimiser finished."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.forms import CourseForm
from netcare.nuclear.models import Plan, PlanStatus
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)


def test_the_differentiation_choices_read_as_words() -> None:
    choices = dict(CourseForm().fields["differentiation"].choices)
    assert {"": "Unknown", "well": "Well differentiated",
            "poor": "Poorly differentiated"} == choices


def test_the_course_page_offers_well_differentiated(pat_record: Any, nina: Any,
                                                    client: Client) -> None:
    client.login(username="nina", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{pat_record.pk}/prrt/").content.decode()
    assert '<option value="well">Well differentiated</option>' in body
    assert '<option value="poor">Poorly differentiated</option>' in body


def _finished(theo: Any, solver_status: str) -> Plan:
    return Plan.objects.create(start=MONDAY, days=1, created_by=theo,
                               status=PlanStatus.PROPOSED, solver_status=solver_status,
                               solve_seconds=1.2, objective=3, bound=3, gap=0.0)


def test_a_proven_plan_reads_best_possible(department: Any, theo: Any, client: Client) -> None:
    plan = _finished(theo, "optimal")
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/plans/{plan.pk}/").content.decode()
    assert "Best possible plan (proven), 1.2 s" in body
    assert "solver optimal" not in body


def test_an_unproven_plan_reads_good_not_proven_best(department: Any, theo: Any,
                                                     client: Client) -> None:
    plan = _finished(theo, "FEASIBLE")
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/plans/{plan.pk}/").content.decode()
    assert "Good plan, not proven best, 1.2 s" in body
    assert "FEASIBLE" not in body


def test_a_real_run_shows_its_finish_in_words(department: Any, pat_record: Any, theo: Any,
                                              client: Client) -> None:
    actions.request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": MONDAY}, by=theo)
    plan = actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0)
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/plans/{plan.pk}/").content.decode()
    assert ("Best possible plan (proven)" in body) or ("Good plan, not proven best" in body)
