"""Tests for netcare.clinical.surveillance (REFERENCE section 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from netcare.clinical import ClinicalInputError
from netcare.clinical.surveillance import (
    SurveillanceRequest,
    VisitItem,
    add_months,
    follow_up_schedule,
)
from netcare.clinical.vocabulary import Category, Grade, Site

START = date(2026, 1, 31)
BASE = SurveillanceRequest(Site.JEJUNUM_ILEUM, Category.NET, Grade.G1, START, resected=True)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    """Same day n months later, or the month's last day; leap years respected."""
    assert expected == add_months(start, months)


def test_resected_low_grade_schedule() -> None:
    """3 months, then 6-monthly to 3 years, then yearly to 10 years."""
    plan = follow_up_schedule(BASE)
    months = [(v.due.year - 2026) * 12 + v.due.month - 1 for v in plan.visits]
    assert [3, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96, 108, 120] == months
    assert date(2026, 4, 30) == plan.visits[0].due
    assert plan.routine_follow_up
    assert any("verify" in note for note in plan.uncertain)


@pytest.mark.parametrize(
    ("change", "routine"),
    [
        ({"site": Site.COLON_RECTUM, "size_cm": 0.9}, False),
        ({"site": Site.COLON_RECTUM, "size_cm": 1.0}, True),
        ({"site": Site.APPENDIX, "size_cm": 2.0}, False),
        ({"site": Site.APPENDIX, "size_cm": 2.1}, True),
        ({"site": Site.APPENDIX, "size_cm": 1.0, "adverse_features": True}, True),
        ({"site": Site.APPENDIX, "size_cm": 1.0, "grade": Grade.G2}, True),
        ({"site": Site.APPENDIX, "size_cm": 1.0, "resected": False}, True),
    ],
)
def test_small_rectal_and_appendiceal_nets(change: dict[str, Any], routine: bool) -> None:
    """Small resected G1 rectal (< 1 cm) / appendiceal (<= 2 cm) NETs: no routine follow-up."""
    plan = follow_up_schedule(replace(BASE, **change))
    assert routine == plan.routine_follow_up
    assert routine == bool(plan.visits)


def test_unknown_size_grade_and_unresected_are_flagged() -> None:
    """Missing size or grade and unresected disease are stated as uncertain."""
    plan = follow_up_schedule(replace(BASE, site=Site.APPENDIX, size_cm=None))
    assert any("size unknown" in note for note in plan.uncertain)
    plan = follow_up_schedule(replace(BASE, grade=None, resected=False))
    assert any("Grade unknown" in note for note in plan.uncertain)
    assert any("Unresected" in note for note in plan.uncertain)


@pytest.mark.parametrize("change", [{"category": Category.NEC, "grade": None}, {"grade": Grade.G3}])
def test_high_grade_every_two_months(change: dict[str, Any]) -> None:
    """G3 NET and NEC: every 2-3 months (scheduled at 2) up to the horizon."""
    plan = follow_up_schedule(replace(BASE, horizon_months=12, **change))
    assert [add_months(START, m) for m in (2, 4, 6, 8, 10, 12)] == [v.due for v in plan.visits]


@pytest.mark.parametrize("under_treatment", [True, False])
def test_metastatic_every_three_months_with_yearly_pet(under_treatment: bool) -> None:
    """Metastatic: imaging every 3 months (3-6), SSTR PET at 12 and 24 months."""
    plan = follow_up_schedule(replace(BASE, metastatic=True, under_treatment=under_treatment))
    assert 8 == len(plan.visits)
    pet = [v.due for v in plan.visits if VisitItem.SSTR_PET in v.items]
    assert [add_months(START, 12), add_months(START, 24)] == pet
    assert under_treatment != any("under treatment" in note for note in plan.uncertain)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"site": "pancreas"}, "site"),
        ({"category": "NET"}, "category"),
        ({"grade": "G1"}, "grade"),
        ({"start": "2026-01-01"}, "start"),
        ({"size_cm": -1.0}, "size_cm"),
        ({"horizon_months": 0}, "horizon_months"),
        ({"horizon_months": True}, "horizon_months"),
    ],
)
def test_invalid_request_refused(change: dict[str, Any], field: str) -> None:
    """Invalid requests are refused naming the field."""
    with pytest.raises(ClinicalInputError) as error:
        replace(BASE, **change)
    assert field == error.value.field
