"""The plan page shows the optimiser's status and refreshes itself while it runs; the run
records when it started and finished and the solver's figures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import Plan, PlanStatus
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)
REFRESH = '<meta http-equiv="refresh"'


def test_a_running_plan_page_refreshes_itself(department: Any, theo: Any,
                                              client: Client) -> None:
    """Queued or optimising: the status says so and the page asks the browser to reload."""
    plan = Plan.objects.create(start=MONDAY, days=1, created_by=theo,
                               status=PlanStatus.RUNNING)
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/plans/{plan.pk}/").content.decode()
    assert REFRESH in body
    assert "Optimising" in body and "refreshes itself" in body


def test_a_finished_plan_stops_refreshing_and_shows_times_and_figures(
        department: Any, pat_record: Any, theo: Any, client: Client) -> None:
    """After the task: started ≤ finished, solver status and seconds stored and shown."""
    actions.request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": MONDAY}, by=theo)
    plan = actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0)
    assert PlanStatus.PROPOSED == plan.status
    assert plan.started_at is not None and plan.finished_at is not None
    assert plan.created_at <= plan.started_at <= plan.finished_at
    assert plan.solver_status and plan.solve_seconds is not None
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/plans/{plan.pk}/").content.decode()
    assert REFRESH not in body
    assert "optimiser started" in body
    said = {"optimal": "Best possible plan (proven)",
            "feasible": "Good plan, not proven best"}[plan.solver_status]
    assert f"({said}, " in body and f"solver {plan.solver_status}" not in body


def test_a_failed_run_records_its_end_and_error(department: Any, theo: Any) -> None:
    """A problem that cannot be read fails the plan with the error and a finish time."""
    plan = Plan.objects.create(start=MONDAY, days=1, created_by=theo, problem={"bad": 1})
    with pytest.raises(Exception):  # noqa: B017 - the task re-raises whatever failed
        actions.execute_plan(plan.pk, 1.0)
    plan.refresh_from_db()
    assert PlanStatus.FAILED == plan.status
    assert plan.finished_at is not None and plan.error
