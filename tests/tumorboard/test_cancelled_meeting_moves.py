"""A cancelled meeting's open cases move to the next meeting in one action."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase
from tests.tumorboard.test_case_submission import _patients


def test_open_cases_move_up_to_the_next_meetings_cap_and_the_rest_are_explained(
    client: Client, series: Any, nora: Any, cora: Any
) -> None:
    """Three cases; the next meeting (cap 3) already has two: one moves, two stay, each
    with the reason shown to the coordinator."""
    first, second = series.meetings.order_by("starts_at")[:2]
    patients = _patients(5)
    for patient in patients[:3]:
        actions.submit_case(first, patient, "Q", by=nora)
    for patient in patients[3:]:
        actions.submit_case(second, patient, "Q", by=nora)
    actions.cancel_meeting(first, "Public holiday", by=cora)
    client.force_login(cora)
    page = client.get(f"/board/meetings/{first.pk}/").content.decode()
    assert "Move open cases to the next meeting" in page
    response = client.post(f"/board/meetings/{first.pk}/move-open-cases/", follow=True)
    body = response.content.decode()
    assert "1 case(s) moved" in body
    assert 2 == body.count("was not moved: that agenda is full (3 cases)")
    assert (3, 2) == (BoardCase.objects.filter(meeting=second).count(),
                      BoardCase.objects.filter(meeting=first).count())

def test_nothing_moves_after_the_next_meetings_cut_off(
    series: Any, nora: Any, cora: Any, time_machine: Any
) -> None:
    """Past the next meeting's cut-off the cases stay, with the closing time as the reason."""
    first, second = series.meetings.order_by("starts_at")[:2]
    [patient] = _patients(1)
    case = actions.submit_case(first, patient, "Q", by=nora)
    actions.cancel_meeting(first, "Room unavailable", by=cora)
    time_machine.move_to(second.submission_cutoff)
    result = actions.move_open_cases(first, by=cora,
                                     now=second.submission_cutoff.replace(microsecond=1))
    assert ([], second) == (result["moved"], result["target"])
    [(stuck, why)] = result["not_moved"]
    assert case.pk == stuck.pk and "closed at" in why
