"""The follow-up worklist's hand-written SQL (`surveillance.actions._worklist_sql`) gives the
rows the ORM's query gives (`_worklist_queryset`), in its order, on both databases: open
follow-ups only, the due-date bound exact to the day, ties by id, the limit, a plan without
a tumor, a scheduled visit's date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from netcare.patients.models import Patient
from netcare.surveillance import actions
from netcare.surveillance.models import FollowUp, SurveillancePlan
from netcare.tumors.models import Tumor

TODAY = date(2026, 11, 25)


@pytest.fixture
def follow_ups(db: Any) -> list[FollowUp]:
    """Twelve follow-ups of three patients around TODAY: some on the same day, two closed."""
    made = []
    for n, (site, subsite) in enumerate([("duodenum_ampulla", "ampulla"), ("jejunum_ileum", ""),
                                         (None, None)]):
        patient = Patient.objects.create(mrn=f"NC00770{n}", first_name=f"Ann{n}",
                                         last_name=f"Lane{n}", date_of_birth=date(1960, 1, 1 + n),
                                         sex="female", phone=f"555-01{n}0")
        tumor = None if site is None else Tumor.objects.create(
            patient=patient, site=site, subsite=subsite, category="NET", grade="G1")
        plan = SurveillancePlan.objects.create(patient=patient, tumor=tumor, start_on=TODAY,
                                               routine_follow_up=True, rationale="test")
        for offset, status in [(-40, "due"), (0, "due"), (0, "scheduled"), (1, "due"),
                               (30, "completed"), (31, "due"), (-3, "cancelled")][n % 2:]:
            made.append(FollowUp.objects.create(
                plan=plan, patient=patient, due_on=TODAY + timedelta(days=offset),
                items="clinical_review,markers", status=status,
                scheduled_for=TODAY + timedelta(days=2) if status == "scheduled" else None,
                completed_on=TODAY if status == "completed" else None))
    return made


@pytest.mark.parametrize(("overdue_only", "within_days", "limit"), [
    (False, 30, 100), (False, 0, 100), (False, 31, 100), (True, 30, 100), (False, 31, 4),
    (True, 30, 1), (False, 365, 0)])
def test_the_worklist_gives_the_orms_rows_in_the_orms_order(
        follow_ups: list[FollowUp], overdue_only: bool, within_days: int, limit: int) -> None:
    horizon = TODAY if overdue_only else TODAY + timedelta(days=within_days)
    expected = [actions.WorklistRow._make(row) for row in
                actions._worklist_queryset(overdue_only, limit + 1, horizon)]
    got = actions.worklist(TODAY, within_days=within_days, overdue_only=overdue_only,
                           limit=limit)
    assert expected == got
    assert len(got) == min(limit + 1, len(expected))


def test_the_rows_carry_the_patient_the_tumor_and_real_dates(
        follow_ups: list[FollowUp]) -> None:
    rows = actions.worklist(TODAY, within_days=0)
    assert [(r.due_on, r.mrn, r.status) for r in rows] == [
        (TODAY - timedelta(days=40), "NC007700", "due"),
        (TODAY - timedelta(days=40), "NC007702", "due"),
        (TODAY, "NC007700", "due"), (TODAY, "NC007700", "scheduled"),
        (TODAY, "NC007701", "due"), (TODAY, "NC007701", "scheduled"),
        (TODAY, "NC007702", "due"), (TODAY, "NC007702", "scheduled")]
    scheduled = next(r for r in rows if r.status == "scheduled")
    assert TODAY + timedelta(days=2) == scheduled.scheduled_for
    assert ("duodenum/ampulla (ampulla)", "555-0100", "Ann0") == (
        rows[0].site_label, rows[0].phone, rows[0].first_name)
    assert "" == rows[1].site_label  # the plan has no tumor
    assert isinstance(rows[0].due_on, date)


@pytest.mark.parametrize("horizon", ["2026-11-25' OR '1'='1", 20261125, None])
def test_only_a_date_is_written_into_the_sql(horizon: Any) -> None:
    with pytest.raises(TypeError, match="horizon: expected a date"):
        actions._worklist_sql("postgresql", False, 101, horizon)
