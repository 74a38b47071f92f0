"""Dose-order activities against hand-computed decay (Lu-177 T½ 6.647 d = 159.528 h)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from netcare.nuclear.actions import dose_warnings, latest_safe_time, net_administered
from netcare.nuclear.models import DoseOrder

CAL = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _order(**kw: Any) -> DoseOrder:
    return DoseOrder(prescribed_gbq=7.4, calibration_gbq=kw.pop("gbq", 8.2),
                     calibration_at=CAL, planned_at=CAL + timedelta(hours=24), **kw)


@pytest.mark.parametrize(("hours", "expected_gbq"), [
    # 8.2 × 2^(−h/159.528), computed by hand (calculator, 4 d.p.)
    (0, 8.2),
    (24, 7.3880),      # 8.2 × 0.900976 (2^(−0.150444))
    (72, 5.9972),      # 8.2 × 0.731368 (27 % lost in 72 h, LOGISTICS 4.3)
    (159.528, 4.1),    # one half-life
    (-24, 9.1013),     # before calibration: 8.2 / 0.900976
])
def test_activity_at_a_time_matches_the_hand_computed_decay(hours: float,
                                                            expected_gbq: float) -> None:
    """The vial's activity at calibration + h hours is A0 · 2^(−h/T½)."""
    at = _order().activity_at(CAL + timedelta(hours=hours))
    assert expected_gbq == pytest.approx(at.gbq, abs=5e-4)
    assert CAL + timedelta(hours=hours) == at.reference_time


def test_7_4_gbq_is_200_mci() -> None:
    """Every activity carries both units: 7.4 GBq is 200 mCi (1 mCi = 37 MBq)."""
    assert 200.0 == pytest.approx(_order(gbq=7.4).calibration.mci)


def test_no_warning_inside_tolerance_and_shelf_life() -> None:
    """8.2 GBq a day later is 7.39 GBq: within ±10 % of 7.4 and 24 h old."""
    assert [] == dose_warnings(_order(), CAL + timedelta(hours=24))


def test_a_delay_that_leaves_the_tolerance_is_warned(db: Any) -> None:
    """Three days later the vial holds 5.99 GBq, below 6.66 GBq (−10 %), and is 72+ h old (the
    warning shows local times: the program's zone is read from the database)."""
    warnings = dose_warnings(_order(), CAL + timedelta(hours=73))
    assert 2 == len(warnings)
    assert "outside ±10 %" in warnings[0]
    assert "shelf life" in warnings[1] and "not yet verified" in warnings[1]


def test_latest_time_within_tolerance_is_hand_computed() -> None:
    """8.2 GBq falls to 6.66 GBq after 159.528 · log2(8.2/6.66) = 47.87 h."""
    latest = latest_safe_time(_order())
    assert 47.87 == pytest.approx((latest - CAL) / timedelta(hours=1), abs=0.01)


def test_net_administered_decays_the_residual_to_the_administration_time() -> None:
    """7.40 GBq given at 10:00, 0.20 GBq left at 12:00 (= 0.20174 GBq at 10:00): net 7.1983."""
    given = CAL + timedelta(hours=2)
    order = _order(administered_gbq=7.4, administered_at=given, residual_gbq=0.2,
                   residual_measured_at=given + timedelta(hours=2))
    net = net_administered(order)
    assert net is not None
    assert 7.1983 == pytest.approx(net.gbq, abs=5e-4)
    assert given == net.reference_time


def test_net_administered_is_none_until_the_dose_is_given() -> None:
    """net_administered answers None until the dose is given."""
    assert net_administered(_order()) is None
