"""A PRRT dose is recorded as given only for an ordered dose whose pre-treatment checklist is
complete (REFERENCE §5: consent, SSA washout, amino acids, anti-emetics, the physician's dose
decision). Until then the course page does not offer "Record administration" and lists what
is still to do; a POST anyway is refused naming the open items, with nothing changed."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client

from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus, DoseOrder
from netcare.patients.models import TimelineEntry
from tests.nuclear.conftest import GOOD_LABS, LA, decide, tick_checklist

OPEN_ITEMS = ["Somatostatin analog washout: long-acting ≥ 4 weeks, short-acting ≥ 24 h before",
              "Consent signed", "Amino acid infusion ready (4 h from 30 min before)",
              "Anti-emetic premedication"]
GIVEN_AT = datetime(2026, 12, 2, 8, 5, tzinfo=LA)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture
def ordered(course: Any, theo: Any, nina: Any) -> Any:
    """Cycle 1 with labs, the physician's decision to give 7.4 GBq and the dose ordered; no
    checklist item ticked."""
    cycle = course.cycles.get()
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 24),
                        today=date(2026, 11, 25), by=theo)
    decide(cycle, nina)
    order, _ = actions.order_dose(cycle, calibration_gbq=8.2,
                                  calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA),
                                  planned_at=datetime(2026, 12, 2, 8, tzinfo=LA), by=theo)
    return order


def _nothing_given(order: DoseOrder) -> None:
    order.refresh_from_db()
    cycle = order.cycle
    cycle.refresh_from_db()
    assert (None, CycleStatus.PLANNED, None) == (order.administered_at, cycle.status,
                                                 cycle.given_at)
    assert 1 == cycle.course.cycles.count()
    assert not TimelineEntry.objects.filter(title="PRRT cycle 1 given").exists()


def test_the_action_refuses_a_dose_with_the_checklist_open_naming_each_item(
        ordered: Any, theo: Any) -> None:
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_administration(ordered, administered_gbq=7.39,
                                      administered_at=GIVEN_AT, by=theo)
    assert "checklist" == caught.value.field
    assert ("the pre-treatment checklist is not complete; still to do: "
            + "; ".join(OPEN_ITEMS)) == caught.value.detail
    _nothing_given(ordered)


def test_the_course_page_lists_the_open_items_instead_of_offering_the_administration(
        ordered: Any, theo: Any, client: Client) -> None:
    """With the dose ordered and four items open: no "Record administration", the items
    listed; once they are ticked, the link is there."""
    client.force_login(theo)
    url = f"/nuclear/patients/{ordered.cycle.course.patient_id}/prrt/"
    page = client.get(url).content.decode()
    assert "Record administration" not in page
    waiting = _text(page.split('id="cycle-1-waiting"', 1)[1].split("</div>", 1)[0])
    assert "Recording the administration waits for the checklist. Still to do:" in waiting
    assert all(item in waiting for item in OPEN_ITEMS)
    tick_checklist(ordered.cycle, theo)
    page = client.get(url).content.decode()
    assert "Record administration" in page and 'id="cycle-1-waiting"' not in page


def test_posting_the_administration_anyway_answers_400_naming_the_open_items(
        ordered: Any, theo: Any, client: Client) -> None:
    """The step page says what is open instead of the form; a POST is refused with the open
    items named and the typed activity kept."""
    client.force_login(theo)
    url = f"/nuclear/cycles/{ordered.cycle_id}/administer/"
    page = _text(client.get(url).content.decode())
    assert ("The administration cannot be recorded until the pre-treatment checklist is "
            "complete. Still to do: " + " ".join(OPEN_ITEMS)) in page
    assert "Administered activity measured" not in page
    response = client.post(url, {"administered_gbq": "7.39",
                                 "administered_at": "2026-12-02T08:05"})
    assert 400 == response.status_code
    body = _text(response.content.decode())
    assert "still to do: " + "; ".join(OPEN_ITEMS) in body
    assert 'value="7.39"' in response.content.decode()
    _nothing_given(ordered)


def test_without_an_order_the_step_asks_for_one(course: Any, theo: Any,
                                                client: Client) -> None:
    client.force_login(theo)
    cycle = course.cycles.get()
    page = client.get(f"/nuclear/cycles/{cycle.pk}/administer/").content.decode()
    assert "No dose is ordered for this cycle: order it first." in page
    assert "Administered activity measured" not in page


def test_an_order_for_another_activity_than_decided_is_refused(
        ordered: Any, theo: Any, nina: Any) -> None:
    """Ordered at 7.4 GBq; new labs and the physician now decides 3.7 GBq: the 7.4 GBq vial is
    not recorded as given — it is to be ordered again."""
    cycle = ordered.cycle
    tick_checklist(cycle, theo)
    actions.record_labs(cycle, dict(GOOD_LABS), labs_on=date(2026, 11, 30),
                        today=date(2026, 11, 30), by=theo)
    decide(cycle, nina, "give_reduced", reason="fatigue grade 2 after cycle planning")
    with pytest.raises(actions.NuclearInputError) as caught:
        actions.record_administration(ordered, administered_gbq=7.39,
                                      administered_at=GIVEN_AT, by=theo)
    assert ("order", "the order is for 7.4 GBq but the dose decision is 3.7 GBq: order the "
            "dose again") == (caught.value.field, caught.value.detail)
