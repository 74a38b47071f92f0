"""From DB rows to a CP-SAT plan (as a Django Task), staff edits through apply_edit, acceptance
books the patients; the day, week and generator pages show the result."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare import planning as p
from netcare.nuclear import actions
from netcare.nuclear.models import PetRequest, PetStatus, PlanStatus
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)


@pytest.fixture
def requests_(department: Any, pat_record: Any, other_record: Any, theo: Any) -> list[Any]:
    return [actions.request_pet(patient, {"weight_kg": weight, "earliest_day": MONDAY},
                                by=theo)
            for patient, weight in ((pat_record, 70.0), (other_record, 90.0))]


@pytest.fixture
def plan(requests_: list[Any], theo: Any) -> Any:
    return actions.request_plan(MONDAY, 5, by=theo, time_limit_s=2.0)


def test_the_optimiser_task_stores_a_proposal_with_its_bounds(plan: Any) -> None:
    """Both requests are served on Monday; bound and physics bound are stored honestly."""
    assert PlanStatus.PROPOSED == plan.status
    assert plan.task_id
    assert (2, [], 0) == (plan.assignments.count(), plan.unmet, plan.physics_unmet)
    assert plan.bound >= plan.objective == 2


def test_an_edit_that_breaks_a_hard_constraint_is_refused_naming_it(plan: Any,
                                                                    theo: Any) -> None:
    """Moving a scan before opening hours names 'opening-hours'; nothing changes."""
    ref = plan.assignments.first().ref
    before = list(plan.assignments.values_list("ref", "day", "start_min"))
    with pytest.raises(p.PlanEditError) as caught:
        actions.edit_plan(plan, p.MovePet(ref, MONDAY, 6 * 60, "PET-1"), by=theo)
    assert "opening-hours" in {v.constraint for v in caught.value.violations}
    assert before == list(plan.assignments.values_list("ref", "day", "start_min"))


def test_lock_and_remove(plan: Any, theo: Any) -> None:
    """A locked booking cannot be removed ('locked'); unlocked it can, and becomes unmet."""
    ref = plan.assignments.first().ref
    actions.edit_plan(plan, p.Lock(ref), by=theo)
    with pytest.raises(p.PlanEditError) as caught:
        actions.edit_plan(plan, p.Remove(ref), by=theo)
    assert ["locked"] == [v.constraint for v in caught.value.violations]
    actions.edit_plan(plan, p.Unlock(ref), by=theo)
    actions.edit_plan(plan, p.Remove(ref), by=theo)
    assert [ref] == plan.unmet


def test_accepting_books_the_requests_and_a_new_plan_keeps_them(plan: Any, theo: Any) -> None:
    """Accepted bookings get local times; the next plan passes them to the solver as locked."""
    actions.accept_plan(plan, by=theo)
    assert {PetStatus.BOOKED} == set(PetRequest.objects.values_list("status", flat=True))
    again = actions.request_plan(MONDAY, 5, by=theo, time_limit_s=2.0)
    assert 2 == len(again.problem["locked"])
    assert 2 == again.assignments.filter(locked=True).count()


def test_a_generator_of_12_months_shows_unmet_demand_in_the_physics_bound(
        department: Any, pat_record: Any, theo: Any) -> None:
    """Kit route, one day: at most 3 patients; 6 requests leave ≥ 3 unmet in any plan."""
    department.route = "kit"
    department.save()
    for _ in range(6):
        actions.request_pet(pat_record, {"weight_kg": 70.0, "earliest_day": MONDAY,
                                         "latest_day": MONDAY}, by=theo)
    plan = actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0)
    assert (3, 3) == (plan.physics_unmet, len(plan.unmet))


def test_the_pages_show_the_plan_and_refuse_a_bad_edit(plan: Any, theo: Any,
                                                       client: Client) -> None:
    """Plan page shows bounds; a refused edit answers 400 with the constraint's message."""
    client.login(username="theo", password=PASSWORD)
    page = client.get(f"/nuclear/plans/{plan.pk}/")
    assert b"Physics bound" in page.content
    ref = plan.assignments.first().ref
    refused = client.post(f"/nuclear/plans/{plan.pk}/", {"ref": ref, "action": "move",
                                                         "day": "2026-11-30", "at": "06:00",
                                                         "resource": "PET-1"})
    assert 400 == refused.status_code
    assert "opening-hours" in refused.content.decode()
    assert 302 == client.post(f"/nuclear/plans/{plan.pk}/accept/").status_code
    day = client.get("/nuclear/day/2026-11-30/").content.decode()
    assert "Example, Pat" in day or "Pat Example" in day
    assert 200 == client.get("/nuclear/week/2026-11-30/").status_code
    gen = client.get("/nuclear/generator/?day=2026-11-30").content.decode()
    assert "<svg" in gen and "Elution timeline" in gen


def test_plans_are_not_for_other_roles(plan: Any, nora: Any, client: Client) -> None:
    """A navigator gets 404 on nuclear-medicine planning pages."""
    client.login(username="nora", password=PASSWORD)
    assert 404 == client.get(f"/nuclear/plans/{plan.pk}/").status_code
    assert 404 == client.get("/nuclear/").status_code
