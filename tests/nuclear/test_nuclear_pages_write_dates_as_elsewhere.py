"""The nuclear-medicine pages write dates as the rest of netcare does (2026-11-26, with the
weekday where a day is named: "Mon 2026-11-30"), never Django's "Nov. 26, 2026" or "30 Nov
2026", and count days as words do ("1 day")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import Plan, PlanStatus
from tests.nuclear.conftest import GOOD_LABS

MONDAY = date(2026, 11, 30)
MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
OTHER_FORMATS = re.compile(rf"\b{MONTH} \d{{1,2}}, \d{{4}}|\b\d{{1,2}} {MONTH} \d{{4}}|"
                           rf"\b\d{{1,2}} {MONTH}\b")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def pages(course: Any, theo: Any, department: Any, client: Client) -> dict[str, str]:
    """Cycle 1 with labs, a restaging ordered, a PET request waiting, a one-day plan."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 25),
                        today=date(2026, 11, 25), by=theo)
    actions.order_post_imaging(course, kind="restaging_ct_mri", ordered_on=date(2026, 11, 25),
                               by=theo)
    actions.request_pet(course.patient, {"weight_kg": 70.0, "earliest_day": date(2026, 11, 26)},
                        by=theo)
    plan = Plan.objects.create(start=MONDAY, days=1, created_by=theo,
                               status=PlanStatus.PROPOSED, solver_status="optimal",
                               solve_seconds=0.1, objective=0, bound=0, gap=0.0)
    client.force_login(theo)
    urls = {"home": "/nuclear/", "plans": "/nuclear/plans/", "plan": f"/nuclear/plans/{plan.pk}/",
            "course": f"/nuclear/patients/{course.patient_id}/prrt/",
            "week": "/nuclear/week/2026-12-02/", "day": "/nuclear/day/2026-11-30/",
            "generator": "/nuclear/generator/?day=2026-12-03"}
    return {name: _text(client.get(url).content.decode()) for name, url in urls.items()}


def test_no_page_writes_a_date_another_way(pages: dict[str, str]) -> None:
    found = {name: [m.group(0) for m in OTHER_FORMATS.finditer(text)]
             for name, text in pages.items()}
    assert {name: [] for name in pages} == found


def test_the_dates_read_as_in_the_rest_of_netcare(pages: dict[str, str]) -> None:
    assert "· from 2026-11-26 ·" in pages["home"]
    assert "window 2026-12-01 to 2026-12-15" in pages["home"]
    assert "Window 2026-12-01 to 2026-12-15 (8 weeks ± 1 week)." in pages["course"]
    assert "Labs of 2026-11-25:" in pages["course"]
    assert "Restaging CT or MRI end of course 2026-11-25 ordered" in pages["course"]
    assert "Week of Mon 2026-11-30" in pages["week"]
    assert "Nuclear medicine day: Monday 2026-11-30" in pages["day"]
    assert "Elution timeline, Thu 2026-12-03" in pages["generator"]


def test_a_one_day_plan_reads_1_day(pages: dict[str, str]) -> None:
    assert re.search(r"Plan \d+ ?: 2026-11-30, 1 day ·", pages["home"])
    assert re.search(r"Plan \d+ ?: 2026-11-30, 1 day ·", pages["plans"])
    assert re.search(r"Plan \d+: 2026-11-30, 1 day Status", pages["plan"])
