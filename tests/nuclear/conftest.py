"""Fixtures of the nuclear-medicine tests: a nuclear-medicine physician, a department, a course.

The browser fixtures (`chromium`, `page`) come from tests/conftest.py.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import _make_user

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def nina(db: Any) -> Any:
    """A physician of nuclear medicine (may run PRRT cycles, may not plan PET days)."""
    return _make_user("nina", "physician", "nuclear_medicine")


@pytest.fixture
def department(db: Any) -> Any:
    from netcare.nuclear.models import Department

    return Department.objects.create(generator_calibration_date=date(2026, 11, 2),
                                     opens=time(8, 0), closes=time(17, 0))


ELIGIBLE = {"age_years": 64.0, "gep_net": True, "sstr_positive": True,
            "differentiation": "well", "ki67_percent": 8.0, "min_target_krenning": 3,
            "creatinine_clearance_ml_min": 80.0}

GOOD_LABS = {"thrombocytopenia_grade": 0, "anemia_grade": 0, "neutropenia_grade": 0,
             "creatinine_clearance_ml_min": 78.0, "creatinine": 1.0, "bilirubin_x_uln": 0.5,
             "albumin_g_l": 40.0}


@pytest.fixture
def course(pat_record: Any, theo: Any) -> Any:
    from netcare.nuclear.actions import start_course

    return start_course(pat_record, dict(ELIGIBLE), first_window_start=date(2026, 12, 1),
                        baseline_creatinine=1.0, baseline_creatinine_unit="mg/dL",
                        baseline_creatinine_on=date(2026, 11, 20),
                        last_long_acting_ssa=datetime(2026, 10, 20, 9, 0, tzinfo=LA), by=theo)


def decide(cycle: Any, physician: Any, action: str = "give_full", reason: str = "") -> Any:
    """The nuclear-medicine physician's dose decision on the cycle's labs."""
    from netcare.nuclear.actions import decide_dose

    return decide_dose(cycle, action, reason=reason, by=physician)


def tick_checklist(cycle: Any, staff: Any) -> Any:
    """Tick every item of the cycle's checklist that is ticked by hand (a pregnancy test only
    where the course has one)."""
    from netcare.nuclear import actions

    return actions.record_checklist(
        cycle, {i["key"]: True for i in actions.checklist_state(cycle)
                if i["key"] in actions.CHECKLIST_FIELDS}, by=staff)


def give_cycle(cycle: Any, *, staff: Any, physician: Any, when: datetime,
               administered_gbq: float = 7.39, calibration_gbq: float = 8.2,
               calibration_at: datetime | None = None, **administration: Any) -> Any:
    """Cycle given at `when`: normal labs a week before, the physician's decision to give
    7.4 GBq, every checklist item ticked, the dose ordered (calibrated the day before unless
    told) and recorded as given, three hours later (a dose is recorded once it happened).
    Returns the dose order."""
    from datetime import timedelta

    import time_machine

    from netcare.nuclear import actions

    day = when.astimezone(LA).date()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=day - timedelta(days=7),
                        today=day - timedelta(days=6), by=staff)
    decide(cycle, physician)
    tick_checklist(cycle, staff)
    order, _ = actions.order_dose(
        cycle, calibration_gbq=calibration_gbq,
        calibration_at=calibration_at or when - timedelta(days=1), planned_at=when, by=staff)
    with time_machine.travel(when + timedelta(hours=3), tick=False):
        actions.record_administration(order, administered_gbq=administered_gbq,
                                      administered_at=when, by=staff, **administration)
    return order
