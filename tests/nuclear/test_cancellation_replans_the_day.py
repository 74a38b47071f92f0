"""Cancelling a booked PET or PRRT appointment frees its slot and re-plans that day: the freed
slot is offered to waiting requests, the proposal says who moved in and who stays waiting and
why, and nothing is booked until staff accept it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import PetRequest, PetStatus, Plan, PlanStatus
from netcare.patients.models import TimelineEntry
from tests.conftest import PASSWORD

MONDAY = date(2026, 11, 30)


@pytest.fixture
def booked(department: Any, pat_record: Any, other_record: Any, theo: Any) -> list[Any]:
    """Two PET scans booked on Monday (department: kit route, three patients a day at most)."""
    department.route = "kit"
    department.save()
    pets = [actions.request_pet(patient, {"weight_kg": 70.0, "earliest_day": MONDAY,
                                          "latest_day": MONDAY}, by=theo)
            for patient in (pat_record, other_record)]
    actions.accept_plan(actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0), by=theo)
    return [PetRequest.objects.get(pk=r.pk) for r in pets]


@pytest.fixture
def waiting(booked: list[Any], pat_record: Any, theo: Any) -> Any:
    """A request that arrived after the plan was accepted: it waits for a free slot."""
    return actions.request_pet(pat_record, {"weight_kg": 60.0, "earliest_day": MONDAY,
                                            "latest_day": MONDAY + timedelta(days=2),
                                            "priority": 3}, by=theo)


def test_cancelling_offers_the_slot_to_a_waiting_request(booked: list[Any], waiting: Any,
                                                         theo: Any) -> None:
    """The re-plan keeps the other booking (locked) and moves the waiting request in."""
    plan = actions.cancel_booking("pet", booked[0].pk, reason="patient unwell", by=theo)
    assert PetStatus.CANCELLED == PetRequest.objects.get(pk=booked[0].pk).status
    assert (PlanStatus.PROPOSED, 1) == (plan.status, plan.days)
    assert [f"pet-{waiting.pk}"] == [m["ref"] for m in plan.replan["moved_in"]]
    assert {f"pet-{booked[1].pk}"} == set(plan.assignments.filter(locked=True)
                                           .values_list("ref", flat=True))
    assert PetStatus.OPEN == PetRequest.objects.get(pk=waiting.pk).status  # not yet accepted


def test_accepting_the_replan_books_the_newcomer_and_keeps_the_rest(
        booked: list[Any], waiting: Any, theo: Any) -> None:
    """After acceptance the newcomer is booked on Monday; the kept booking is unchanged and
    gets no second "booked" timeline entry."""
    kept = booked[1]
    entries_before = TimelineEntry.objects.filter(patient=kept.patient,
                                                  title__startswith="SSTR PET booked").count()
    plan = actions.cancel_booking("pet", booked[0].pk, by=theo)
    actions.accept_plan(plan, by=theo)
    newcomer = PetRequest.objects.get(pk=waiting.pk)
    assert PetStatus.BOOKED == newcomer.status
    assert MONDAY == actions.local_day_minute(newcomer.injection_at)[0]
    assert kept.injection_at == PetRequest.objects.get(pk=kept.pk).injection_at
    assert entries_before == TimelineEntry.objects.filter(
        patient=kept.patient, title__startswith="SSTR PET booked").count()


def test_a_request_in_its_ssa_washout_stays_waiting_with_the_reason(
        booked: list[Any], other_record: Any, theo: Any) -> None:
    """A request whose last long-acting SSA was 5 days ago cannot take Monday: it is listed as
    waiting, with the washout as the reason."""
    late = actions.request_pet(other_record, {"weight_kg": 80.0, "earliest_day": MONDAY,
                                              "last_long_acting_ssa": MONDAY - timedelta(5)},
                               by=theo)
    plan = actions.cancel_booking("pet", booked[0].pk, by=theo)
    reasons = {w["ref"]: w["reason"] for w in plan.replan["waiting"]}
    assert "washout" in reasons[f"pet-{late.pk}"]
    assert [] == plan.replan["moved_in"]


def test_a_cancelled_prrt_cycle_goes_back_to_waiting(department: Any, course: Any,
                                                     theo: Any) -> None:
    """Cancelling a booked cycle frees the chair; the cycle is not offered the same day again."""
    day = date(2026, 12, 1)
    actions.accept_plan(actions.request_plan(day, 1, by=theo, time_limit_s=2.0), by=theo)
    cycle = course.cycles.get()
    cycle.refresh_from_db()
    assert cycle.scheduled_at is not None
    plan = actions.cancel_booking("prrt", cycle.pk, by=theo)
    cycle.refresh_from_db()
    assert (None, "") == (cycle.scheduled_at, cycle.chair)
    assert [] == plan.replan["moved_in"]
    assert f"prrt-{cycle.pk}" == plan.replan["cancelled"][0]["ref"]


def test_cancelling_supersedes_proposals_that_still_hold_the_booking(
        booked: list[Any], theo: Any) -> None:
    """An older proposal holding the cancelled booking can no longer be accepted."""
    stale = actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0)
    actions.cancel_booking("pet", booked[0].pk, by=theo)
    assert PlanStatus.SUPERSEDED == Plan.objects.get(pk=stale.pk).status


def test_the_day_view_cancels_and_opens_the_replan(booked: list[Any], waiting: Any, theo: Any,
                                                   client: Client) -> None:
    """The day view's "Cancel booking" opens the re-plan, which names who moved in."""
    client.login(username="theo", password=PASSWORD)
    day = client.get(f"/nuclear/day/{MONDAY}/").content.decode()
    assert "Cancel booking" in day
    response = client.post(f"/nuclear/bookings/pet/{booked[0].pk}/cancel/",
                           {"reason": "patient unwell"}, follow=True)
    body = response.content.decode()
    assert 200 == response.status_code
    assert "Re-plan of 2026-11-30 after a cancellation" in body
    assert "Moved in (1)" in body
    assert "Accept plan and book patients" in body


def test_only_planners_may_cancel(booked: list[Any], nina: Any, client: Client) -> None:
    """A nuclear-medicine physician (no planning right) gets 404; nothing changes."""
    client.login(username="nina", password=PASSWORD)
    assert 404 == client.post(f"/nuclear/bookings/pet/{booked[0].pk}/cancel/").status_code
    assert PetStatus.BOOKED == PetRequest.objects.get(pk=booked[0].pk).status
