"""A PRRT dose, its infusion end, its residual and the octreotide LAR after it are recorded once
they happened: a time after now (judged as an instant; typed in the program's zone) is refused
on its field, and the cycle stays as it was — not given, no next window, nothing on the
timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus
from netcare.patients.models import TimelineEntry
from tests.nuclear.conftest import GOOD_LABS, LA, decide, tick_checklist

# Thursday 26 November 2026, 21:00 in Los Angeles: already Friday 05:00 in UTC.
NOW = datetime(2026, 11, 26, 21, 0, tzinfo=LA)


@pytest.fixture
def order(course: Any, theo: Any, nina: Any, settings: Any) -> Any:
    """Cycle 1 ready (labs, the physician's decision, checklist) with its dose ordered."""
    import time_machine

    settings.PROGRAM_TIME_ZONE = "America/Los_Angeles"
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 24),
                        today=date(2026, 11, 25), by=theo)
    decide(cycle, nina)
    tick_checklist(cycle, theo)
    ordered, _ = actions.order_dose(cycle, calibration_gbq=7.6,
                                    calibration_at=datetime(2026, 11, 26, 8, tzinfo=LA),
                                    planned_at=datetime(2026, 11, 26, 14, tzinfo=LA), by=theo)
    with time_machine.travel(NOW, tick=False):
        yield ordered


def _still_open(order: Any) -> None:
    order.refresh_from_db()
    cycle = order.cycle
    cycle.refresh_from_db()
    assert (None, CycleStatus.READY) == (order.administered_at, cycle.status)
    assert 1 == cycle.course.cycles.count()
    assert not TimelineEntry.objects.filter(title="PRRT cycle 1 given").exists()


def test_a_dose_recorded_a_week_ahead_is_refused_on_the_administration_time(
        order: Any, theo: Any, client: Client) -> None:
    """2026-12-03 08:05 typed on 26 November: 400, the field named, the input kept."""
    client.force_login(theo)
    response = client.post(f"/nuclear/cycles/{order.cycle_id}/administer/", {
        "administered_gbq": "7.39", "administered_at": "2026-12-03T08:05"})
    assert 400 == response.status_code
    page = response.content.decode()
    assert ("<li>Administration time cannot be in the future (now 2026-11-26 21:00).</li>"
            in page)
    assert 'href="#id_administered_at"' in page
    assert 'value="2026-12-03T08:05"' in page and 'value="7.39"' in page
    _still_open(order)


def test_half_an_hour_ahead_is_refused_and_half_an_hour_ago_is_recorded(
        order: Any, theo: Any) -> None:
    """At 21:00 in Los Angeles (the next day in UTC) 21:30 has not happened; 20:30 has."""
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_administration(order, administered_gbq=7.39,
                                      administered_at=NOW + timedelta(minutes=30), by=theo)
    assert "administered_at" == caught.value.field
    _still_open(order)
    actions.record_administration(order, administered_gbq=7.39,
                                  administered_at=NOW - timedelta(minutes=30), by=theo)
    assert TimelineEntry.objects.filter(title="PRRT cycle 1 given").exists()


@pytest.mark.parametrize(("field", "label"), [
    ("infusion_end", "Infusion ended"), ("residual_measured_at", "Residual measured at")])
def test_an_infusion_end_or_residual_ahead_is_refused_on_its_field(
        order: Any, theo: Any, field: str, label: str) -> None:
    extra: dict[str, Any] = {field: NOW + timedelta(hours=2)}
    if field == "residual_measured_at":
        extra["residual_gbq"] = 0.1
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_administration(order, administered_gbq=7.39,
                                      administered_at=NOW - timedelta(hours=1), by=theo,
                                      **extra)
    assert (field, f"{label} cannot be in the future (now 2026-11-26 21:00).") == (
        caught.value.field, caught.value.detail)
    _still_open(order)


def test_octreotide_lar_ahead_is_refused_on_its_field(order: Any, theo: Any) -> None:
    actions.record_administration(order, administered_gbq=7.39,
                                  administered_at=NOW - timedelta(hours=5), by=theo)
    cycle = order.cycle
    cycle.refresh_from_db()
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_octreotide(cycle, NOW + timedelta(hours=3), by=theo)
    assert "given_at" == caught.value.field
    cycle.refresh_from_db()
    assert cycle.octreotide_lar_given_at is None
