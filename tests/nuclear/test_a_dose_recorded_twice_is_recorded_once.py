"""A dose recorded twice (two people at once, or a form sent again from a page loaded before
the first recording) is recorded once: the second is refused with a message, not a server
error on the next cycle's number."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus, DoseOrder
from netcare.patients.models import TimelineEntry
from tests.nuclear.conftest import GOOD_LABS, LA, decide, tick_checklist

GIVEN_AT = datetime(2026, 12, 2, 8, 5, tzinfo=LA)


def test_a_second_recording_read_before_the_first_is_refused_and_changes_nothing(
        course: Any, theo: Any, nina: Any) -> None:
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 24),
                        today=date(2026, 11, 25), by=theo)
    decide(cycle, nina)
    tick_checklist(cycle, theo)
    order, _ = actions.order_dose(cycle, calibration_gbq=8.2,
                                  calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA),
                                  planned_at=GIVEN_AT, by=theo)
    # Both requests have read the order and its cycle before either writes: the race's order.
    first, second = (DoseOrder.objects.select_related("cycle__course").get(pk=order.pk)
                     for _ in range(2))
    with time_machine.travel(GIVEN_AT + timedelta(hours=3), tick=False):
        actions.record_administration(first, administered_gbq=7.39, administered_at=GIVEN_AT,
                                      by=theo)
        with pytest.raises(actions.NuclearInputError) as caught:
            actions.record_administration(second, administered_gbq=7.2,
                                          administered_at=GIVEN_AT + timedelta(minutes=10),
                                          by=theo)
    assert ("order", "this order is cancelled or already recorded") == (
        caught.value.field, caught.value.detail)
    order.refresh_from_db()
    assert (7.39, GIVEN_AT) == (order.administered_gbq, order.administered_at)
    assert [CycleStatus.GIVEN, CycleStatus.PLANNED] == list(
        course.cycles.order_by("number").values_list("status", flat=True))
    assert 1 == TimelineEntry.objects.filter(title="PRRT cycle 1 given").count()
