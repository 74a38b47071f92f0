"""The owner of a board task sees "Your board tasks" on the page they land on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.tumorboard import actions
from tests.tumorboard.conftest import decide


@pytest.fixture
def case(meeting: Any, nora: Any, sam: Any, pat_record: Any) -> Any:
    return actions.submit_case(meeting, pat_record, "SSA?", by=nora, presenter=sam)


def test_the_physician_sees_the_task_on_the_patient_list(
    client: Client, case: Any, cora: Any, sam: Any, pat_record: Any
) -> None:
    """Sam lands on the patient list and finds the open task with its patient and due date."""
    reco = decide(case, cora, sam)
    client.force_login(sam)
    landing = client.get("/accounts/home/", follow=True)
    assert "/patients/" == landing.request["PATH_INFO"]
    body = landing.content.decode()
    assert "Your board tasks" in body
    assert pat_record.full_name in body
    assert f"due {reco.due_on:%Y-%m-%d}" in body
    assert "1 open" in body


def test_the_navigator_sees_an_overdue_task_on_the_referral_queue(
    client: Client, case: Any, cora: Any, nora: Any, time_machine: Any
) -> None:
    """Nora owns a task past its due date: the queue shows it as overdue."""
    decide(case, cora, nora, follow_up_kind="appointment", treatment_kind="")
    time_machine.move_to(case.meeting.starts_at + timedelta(days=30))
    client.force_login(nora)
    body = client.get("/referrals/").content.decode()
    assert "Your board tasks" in body
    assert "1 overdue" in body


def test_a_carried_out_task_leaves_the_panel_and_other_pages_have_none(
    client: Client, case: Any, cora: Any, sam: Any, pat_record: Any, time_machine: Any
) -> None:
    """Once the treatment is on the chart the panel says no open tasks; the chart page has no
    panel at all."""
    from netcare.patients.models import TimelineEntry

    decide(case, cora, sam)
    time_machine.move_to(case.meeting.starts_at + timedelta(days=2))
    TimelineEntry.objects.create(patient=pat_record, kind="treatment", title="Lanreotide",
                                 occurred_at=case.meeting.starts_at + timedelta(days=1))
    client.force_login(sam)
    assert "No open board tasks." in client.get("/patients/").content.decode()
    assert "Your board tasks" not in client.get(f"/patients/{pat_record.pk}/").content.decode()


def test_the_panel_costs_two_queries_whatever_the_number_of_tasks(
    client: Client, meeting: Any, nora: Any, cora: Any, sam: Any,
    django_assert_num_queries: Any,
) -> None:
    """One task or three: the panel reads them in two queries (whether the user owns any
    recommendation, then the open tasks), counted by rendering the tag; one for a user who
    owns none."""
    from django.core.cache import cache
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.urls import resolve

    from tests.tumorboard.test_case_submission import _patients

    request = RequestFactory().get("/patients/")
    request.user = sam
    request.resolver_match = resolve("/patients/")
    template = Template("{% load board_tasks %}{% board_tasks_panel %}")
    with django_assert_num_queries(1):
        assert "No open board tasks." in template.render(Context({"request": request}))
    for count, patient in enumerate(_patients(3), start=1):
        decide(actions.submit_case(meeting, patient, "Q", by=nora), cora, sam)
        cache.clear()
        with django_assert_num_queries(2):
            html = template.render(Context({"request": request}))
        assert f"{count} open" in html


def test_the_empty_panel_reads_as_a_fresh_one_and_gives_way_to_a_new_task(
    client: Client, case: Any, cora: Any, sam: Any, pat_record: Any
) -> None:
    """The panel with no task is rendered once and kept; it is the page the template gives,
    and a task given to the user afterwards shows on their next visit."""
    from django.template.loader import render_to_string

    from netcare.tumorboard.followthrough import DUE_SOON_DAYS

    client.force_login(sam)
    first = client.get("/patients/").content.decode()
    again = client.get("/patients/").content.decode()
    fresh = render_to_string("tumorboard/_home_tasks.html", {
        "board_tasks": [], "board_open": 0, "board_more": False, "board_overdue": 0,
        "board_due_soon": 0, "due_soon_days": DUE_SOON_DAYS})
    assert fresh in first and fresh in again
    assert "No open board tasks." in again
    reco = decide(case, cora, sam)
    body = client.get("/patients/").content.decode()
    assert "No open board tasks." not in body
    assert f"due {reco.due_on:%Y-%m-%d}" in body
