"""Cancelling a booking (with the day's re-plan proposal), post-treatment imaging and stopping a
course over real HTTP with a bearer token: the same actions as the pages; 422 names the field,
404 for whoever may not."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from netcare.accounts.tokens import issue_token
from netcare.nuclear import actions
from netcare.nuclear.models import CourseStatus, PetRequest, PetStatus, PlanStatus, PostImaging
from netcare.patients.models import TimelineEntry
from tests.nuclear.conftest import LA, give_cycle
from tests.nuclear.test_api_over_http import _call

MONDAY = date(2026, 11, 30)


@pytest.fixture
def tokens(transactional_db: Any, theo: Any, nina: Any, nora: Any) -> dict[str, str]:
    return {u.username: issue_token(u, "tests") for u in (theo, nina, nora)}


@pytest.fixture
def booked(department: Any, pat_record: Any, other_record: Any, theo: Any) -> list[Any]:
    """Two PET scans booked on Monday, and a third request waiting for a free slot."""
    department.route = "kit"
    department.save()
    pets = [actions.request_pet(patient, {"weight_kg": 70.0, "earliest_day": MONDAY,
                                          "latest_day": MONDAY}, by=theo)
            for patient in (pat_record, other_record)]
    actions.accept_plan(actions.request_plan(MONDAY, 1, by=theo, time_limit_s=2.0), by=theo)
    return [PetRequest.objects.get(pk=r.pk) for r in pets]


@pytest.fixture
def given(course: Any, theo: Any, nina: Any) -> Any:
    """Cycle 1 given on 2 December 2026."""
    give_cycle(course.cycles.get(), staff=theo, physician=nina,
               when=datetime(2026, 12, 2, 8, tzinfo=LA),
               calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA))
    return course


def test_cancelling_a_booked_pet_answers_the_days_replan_proposal(
        live_server: Any, tokens: dict[str, str], booked: list[Any], pat_record: Any,
        theo: Any) -> None:
    """201 with a one-day proposal (the other booking kept, a waiting request moved in); the
    scan is cancelled and on the timeline; nothing new is booked until the proposal is
    accepted (over the same API)."""
    waiting = actions.request_pet(pat_record, {"weight_kg": 60.0, "earliest_day": MONDAY,
                                               "latest_day": date(2026, 12, 2), "priority": 3},
                                  by=theo)
    base = f"{live_server.url}/api/v1/nuclear"
    status, plan = _call(f"{base}/bookings/pet/{booked[0].pk}/cancel", tokens["theo"],
                         {"reason": "patient unwell"})
    assert (201, PlanStatus.PROPOSED, 1) == (status, plan["status"], plan["days"]), plan
    assert [f"pet-{booked[0].pk}"] == [c["ref"] for c in plan["replan"]["cancelled"]]
    assert [f"pet-{waiting.pk}"] == [m["ref"] for m in plan["replan"]["moved_in"]]
    assert PetStatus.CANCELLED == PetRequest.objects.get(pk=booked[0].pk).status
    assert TimelineEntry.objects.filter(patient=pat_record,
                                        title="SSTR PET appointment cancelled").exists()
    assert PetStatus.OPEN == PetRequest.objects.get(pk=waiting.pk).status
    status, accepted = _call(f"{base}/plans/{plan['id']}/accept", tokens["theo"], {})
    assert (200, "accepted") == (status, accepted["status"])
    assert PetStatus.BOOKED == PetRequest.objects.get(pk=waiting.pk).status


def test_cancelling_what_is_not_booked_names_the_booking_and_strangers_get_404(
        live_server: Any, tokens: dict[str, str], booked: list[Any]) -> None:
    """A second cancel: 422 naming `booking`. A physician without the planning right, a
    navigator, an unknown kind or id: 404, and the booking stays."""
    base = f"{live_server.url}/api/v1/nuclear/bookings"
    assert 201 == _call(f"{base}/pet/{booked[0].pk}/cancel", tokens["theo"], {})[0]
    status, problem = _call(f"{base}/pet/{booked[0].pk}/cancel", tokens["theo"], {})
    assert (422, "booking") == (status, problem["field"])
    for who, url in (("nina", f"{base}/pet/{booked[1].pk}/cancel"),
                     ("nora", f"{base}/pet/{booked[1].pk}/cancel"),
                     ("theo", f"{base}/ct/{booked[1].pk}/cancel"),
                     ("theo", f"{base}/pet/999999/cancel")):
        assert 404 == _call(url, tokens[who], {})[0], (who, url)
    assert PetStatus.BOOKED == PetRequest.objects.get(pk=booked[1].pk).status


def test_post_treatment_imaging_is_ordered_then_recorded_as_done(
        live_server: Any, tokens: dict[str, str], given: Any, time_machine: Any) -> None:
    """A SPECT/CT after cycle 1: ordered (201), then done with a finding (200); the cycle
    knows. Recording it twice, or imaging after a cycle not given, names the field."""
    time_machine.move_to(datetime(2026, 12, 4, 12, tzinfo=LA))
    base = f"{live_server.url}/api/v1/nuclear"
    status, item = _call(f"{base}/courses/{given.pk}/post-imaging", tokens["theo"], {
        "kind": "spect_ct", "cycle_number": 1, "ordered_on": "2026-12-02"})
    assert (201, 1, None) == (status, item["cycle_number"], item["performed_on"]), item
    status, done = _call(f"{base}/post-imaging/{item['id']}/result", tokens["theo"], {
        "performed_on": "2026-12-03", "finding": "Uptake in known liver lesions only."})
    assert (200, "2026-12-03") == (status, done["performed_on"]), done
    assert date(2026, 12, 3) == given.cycles.get(number=1).post_imaging_done_on
    status, problem = _call(f"{base}/post-imaging/{item['id']}/result", tokens["theo"], {
        "performed_on": "2026-12-04"})
    assert (422, "performed_on") == (status, problem["field"])
    status, problem = _call(f"{base}/courses/{given.pk}/post-imaging", tokens["theo"], {
        "kind": "spect_ct", "cycle_number": 2, "ordered_on": "2026-12-03"})
    assert (422, "cycle_number") == (status, problem["field"])
    status, problem = _call(f"{base}/courses/{given.pk}/post-imaging", tokens["theo"], {
        "kind": "spect_ct", "cycle_number": 1, "ordered_on": "2026-12-03",
        "performed_on": "2026-12-09"})
    assert (422, "performed_on") == (status, problem["field"])
    assert 1 == PostImaging.objects.count()


def test_only_prrt_staff_record_imaging(live_server: Any, tokens: dict[str, str],
                                        given: Any) -> None:
    """A navigator gets 404 for the course and the item alike; nothing is written."""
    base = f"{live_server.url}/api/v1/nuclear"
    assert 404 == _call(f"{base}/courses/{given.pk}/post-imaging", tokens["nora"], {
        "kind": "restaging_ct_mri", "ordered_on": "2026-12-03"})[0]
    assert 404 == _call(f"{base}/courses/999999/post-imaging", tokens["theo"], {
        "kind": "restaging_ct_mri", "ordered_on": "2026-12-03"})[0]
    assert 404 == _call(f"{base}/post-imaging/999999/result", tokens["theo"], {
        "performed_on": "2026-12-03"})[0]
    assert 0 == PostImaging.objects.count()


def test_stopping_a_course_needs_a_reason_and_an_active_course(
        live_server: Any, tokens: dict[str, str], course: Any) -> None:
    """No reason: 422 naming `reason`. Stopped by the nuclear-medicine physician (200): the
    open cycle is discontinued; stopping again names `status`. A navigator or a technologist:
    404."""
    url = f"{live_server.url}/api/v1/nuclear/courses/{course.pk}/stop"
    status, problem = _call(url, tokens["nina"], {"reason": "  "})
    assert (422, "reason") == (status, problem["field"])
    assert 404 == _call(url, tokens["nora"], {"reason": "progression"})[0]
    assert 404 == _call(url, tokens["theo"], {"reason": "progression"})[0]
    course.refresh_from_db()
    assert CourseStatus.ACTIVE == course.status
    status, stopped = _call(url, tokens["nina"], {"reason": "progression on restaging"})
    assert (200, CourseStatus.DISCONTINUED) == (status, stopped["status"]), stopped
    assert ["discontinued"] == [c["status"] for c in stopped["cycles"]]
    status, problem = _call(url, tokens["nina"], {"reason": "again"})
    assert (422, "status") == (status, problem["field"])


def test_a_malformed_date_answers_422_naming_the_field(
        live_server: Any, tokens: dict[str, str], course: Any) -> None:
    """The schema refuses 2026-13-01 before any action runs; the error's location names
    ordered_on."""
    status, body = _call(f"{live_server.url}/api/v1/nuclear/courses/{course.pk}/post-imaging",
                         tokens["theo"], {"kind": "restaging_ct_mri", "ordered_on": "2026-13-01"})
    assert 422 == status
    assert "ordered_on" in str(body["detail"])
