"""Board metrics on a small hand-built dataset, from the API and the metrics page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netcare.accounts.tokens import issue_token
from netcare.patients.models import TimelineEntry
from netcare.tumorboard import actions
from netcare.workup.dates import program_zone
from tests.tumorboard.conftest import decide
from tests.tumorboard.test_case_submission import _patients


def _at(day: Any, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=program_zone())


@pytest.fixture
def dataset(series: Any, nora: Any, cora: Any, sam: Any, time_machine: Any) -> dict[str, Any]:
    """Meetings A and B a week apart (C cancelled).

    - P1 at A: referred (referrals app) 20 days before A, an older chart entry 60 days before;
      lanreotide recommended, due A+14; lanreotide started A+5 (in time, concordant).
    - P2 at B: no referral, first chart entry 30 days before A (37 before B); everolimus
      recommended, due B+7; lanreotide started B+10 (late, not concordant).
    - P3 at A: submitted, never presented (counts as a case, not as a first board).
    """
    from netcare.referrals.models import Referral
    from netcare.treatments.models import Treatment

    a, b, c = series.meetings.order_by("starts_at")[:3]
    day_a = timezone.localtime(a.starts_at, program_zone()).date()
    day_b = timezone.localtime(b.starts_at, program_zone()).date()
    p1, p2, p3 = _patients(3)
    TimelineEntry.objects.create(patient=p1, kind="note", title="Old note",
                                 occurred_at=_at(day_a - timedelta(days=60)))
    referral = Referral.objects.create(source="physician", first_name=p1.first_name,
                                       last_name=p1.last_name, date_of_birth=p1.date_of_birth,
                                       reason="NET", patient=p1)
    Referral.objects.filter(pk=referral.pk).update(created_at=_at(day_a - timedelta(days=20)))
    TimelineEntry.objects.create(patient=p2, kind="referral", title="Referral received",
                                 occurred_at=_at(day_a - timedelta(days=30)))
    decide(actions.submit_case(a, p1, "SSA?", by=nora), cora, sam)
    actions.submit_case(a, p3, "Later", by=nora)
    decide(actions.submit_case(b, p2, "Everolimus?", by=nora), cora, sam,
           treatment_kind="everolimus", due_on=day_b + timedelta(days=7))
    actions.cancel_meeting(c, "Holiday", by=cora)
    for patient, kind, start in ((p1, "lanreotide", day_a + timedelta(days=5)),
                                 (p2, "lanreotide", day_b + timedelta(days=10))):
        Treatment.objects.create(patient=patient, kind=kind, start_on=start)
        TimelineEntry.objects.create(patient=patient, kind="treatment", title=kind,
                                     occurred_at=_at(start))
    time_machine.move_to(b.starts_at + timedelta(days=30))
    return {"from": str(day_a), "to": str(day_b + timedelta(days=7))}


EXPECTED = {
    "meetings": 2, "cases": 3, "mean_cases_per_meeting": 1.5,
    "referral_to_first_board_days": {"n": 2, "median": 28.5, "max": 37},
    "board_to_treatment_days": {"n": 2, "median": 7.5, "max": 10},
    "recommendations": 2, "carried_out_in_time": 1, "judged_for_timeliness": 2,
    "share_carried_out_in_time": 0.5, "concordant": 1, "concordance_judged": 2,
    "concordance_share": 0.5,
}


def test_the_api_reports_the_metrics_of_the_range(
    client: Client, dataset: dict[str, Any], cora: Any
) -> None:
    """Cases per meeting 2 and 1; medians 28.5 days (referral → board) and 7.5 days (board →
    treatment); half carried out in time; half concordant. The cancelled meeting is left out."""
    token = issue_token(cora, "tests")
    response = client.get("/api/v1/board/metrics", dataset,
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert 200 == response.status_code
    body = response.json()
    assert EXPECTED == {key: body[key] for key in EXPECTED}
    assert [2, 1] == [row["cases"] for row in body["cases_per_meeting"]]


def test_a_range_that_ends_before_it_starts_is_refused_naming_the_field(
    client: Client, dataset: dict[str, Any], cora: Any, nora: Any
) -> None:
    """API: 422 naming `to`; page: 400 naming To; a navigator gets 404 from the API."""
    backwards = {"from": dataset["to"], "to": dataset["from"]}
    token = issue_token(cora, "tests")
    response = client.get("/api/v1/board/metrics", backwards,
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (422, "to") == (response.status_code, response.json()["field"])
    client.force_login(cora)
    page = client.get("/board/metrics/", backwards)
    assert 400 == page.status_code and "To:" in page.content.decode()
    nora_token = issue_token(nora, "tests")
    assert 404 == client.get("/api/v1/board/metrics",
                             HTTP_AUTHORIZATION=f"Bearer {nora_token}").status_code


def test_the_metrics_page_shows_the_same_figures_for_the_range(
    client: Client, dataset: dict[str, Any], cora: Any
) -> None:
    """The coordinator picks the range; the page shows the medians and shares."""
    client.force_login(cora)
    body = client.get("/board/metrics/", dataset).content.decode()
    assert "3 cases in 2 meetings (mean 1.5)" in body
    assert "median 28.5 days (n = 2)" in body
    assert "median 7.5 days (n = 2)" in body
    assert "50 % (1 of 2)" in body
    assert f'value="{dataset["from"]}"' in body
