"""The plans page offers "Run the optimiser" only to those the policy lets plan: a physician of
nuclear medicine reads the plans and is told who runs it, a technologist runs it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import Plan, PlanStatus
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)


def test_a_nuclear_medicine_physician_reads_the_plans_without_the_optimiser_form(
    client: Client, nina: Any, theo: Any, department: Any, pat_record: Any
) -> None:
    """No form and no button; a sentence names the technologist, and the existing plan shows."""
    actions.request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": MONDAY}, by=theo)
    plan = actions.request_plan(MONDAY, 5, by=theo, time_limit_s=2.0)
    client.login(username="nina", password=PASSWORD)
    page = client.get("/nuclear/plans/")
    html = page.content.decode()
    assert 200 == page.status_code
    assert "Run the optimiser</button>" not in html
    assert 'name="start"' not in html
    assert ("Only a nuclear-medicine technologist / radiopharmacist can run the optimiser"
            in html)
    assert f'<a href="/nuclear/plans/{plan.pk}/">Plan {plan.pk}</a>' in html


def test_the_physician_still_cannot_run_it_by_posting(
    client: Client, nina: Any, department: Any
) -> None:
    """The view refuses the POST as before (404) and no plan is made."""
    client.login(username="nina", password=PASSWORD)
    response = client.post("/nuclear/plans/", {"start": "2026-11-30", "days": "5"})
    assert 404 == response.status_code
    assert 0 == Plan.objects.count()


def test_a_technologist_sees_the_form_and_running_it_opens_the_new_plan(
    client: Client, theo: Any, department: Any, pat_record: Any
) -> None:
    """The form is there; submitting it makes a plan and opens its page."""
    actions.request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": MONDAY}, by=theo)
    client.login(username="theo", password=PASSWORD)
    html = client.get("/nuclear/plans/").content.decode()
    assert "Run the optimiser</button>" in html
    assert "can run the optimiser" not in html
    response = client.post("/nuclear/plans/", {"start": "2026-11-30", "days": "5"})
    plan = Plan.objects.get()
    assert f"/nuclear/plans/{plan.pk}/" == response.url
    assert plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING, PlanStatus.PROPOSED)
    assert 200 == client.get(response.url).status_code
