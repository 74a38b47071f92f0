"""Each PRRT dose is decided by a nuclear-medicine physician. The technologist's labs only give
the label table's suggestion: the checklist item stays to do and the dose cannot be ordered
until the physician, shown the suggestion with its inputs and source, records the decision
(audited, on the timeline)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from netcare.audit.models import AuditEntry
from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus
from netcare.patients.models import TimelineEntry
from tests.conftest import _make_user
from tests.nuclear.conftest import GOOD_LABS, LA, decide

DECISION_ITEM = ("Dose decided by a nuclear-medicine physician (from the labs and the label's "
                 "table)")


def _text(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.replace("&#x27;", "'")


def _labs(cycle: Any, theo: Any, **changes: Any) -> Any:
    return actions.record_labs(cycle, {**GOOD_LABS, **changes}, labs_on=date(2026, 11, 24),
                               today=date(2026, 11, 25), by=theo)


def _item(cycle: Any) -> dict[str, Any]:
    return next(i for i in actions.checklist_state(cycle) if i["key"] == "dose_decision")


def _order(cycle: Any, theo: Any) -> Any:
    return actions.order_dose(cycle, calibration_gbq=8.2,
                              calibration_at=datetime(2026, 12, 1, 8, tzinfo=LA),
                              planned_at=datetime(2026, 12, 2, 8, tzinfo=LA), by=theo)


def test_the_technologists_labs_leave_the_decision_to_do_and_the_dose_unorderable(
        course: Any, theo: Any, client: Client) -> None:
    """Theo enters normal labs on the page: the table suggests the full dose, but the
    checklist item is still to do, waiting for a physician, and ordering is refused."""
    cycle = course.cycles.get()
    client.force_login(theo)
    response = client.post(f"/nuclear/cycles/{cycle.pk}/labs/", {
        "labs_on": "2026-11-24", "thrombocytopenia_grade": "0", "anemia_grade": "0",
        "neutropenia_grade": "0", "creatinine_clearance_ml_min": "78", "creatinine": "1.0",
        "bilirubin_x_uln": "0.5", "albumin_g_l": "40"})
    assert 302 == response.status_code
    cycle.refresh_from_db()
    assert ("give_full", {}, None) == (cycle.suggestion["action"], cycle.decision.get(
        "action", {}), cycle.decided_by)
    assert (False, "the label's table suggests: give the full dose; waiting for a "
            "nuclear-medicine physician's decision") == (_item(cycle)["done"],
                                                         _item(cycle)["detail"])
    page = _text(client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode())
    assert f"to do {DECISION_ITEM}" in page
    assert "the dose waits for a nuclear-medicine physician's decision" in page
    assert "Order dose" not in page and "Decide the dose" not in page
    with pytest.raises(actions.NuclearInputError) as caught:
        _order(cycle, theo)
    assert "decision" == caught.value.field


def test_a_technologist_may_not_decide_the_dose(course: Any, theo: Any,
                                                client: Client) -> None:
    """The decision page and its POST answer 404 for Theo; the action refuses him too."""
    cycle = _labs(course.cycles.get(), theo)
    client.force_login(theo)
    assert 404 == client.get(f"/nuclear/cycles/{cycle.pk}/decision/").status_code
    assert 404 == client.post(f"/nuclear/cycles/{cycle.pk}/decision/",
                              {"action": "give_full"}).status_code
    with pytest.raises(PermissionDenied):
        actions.decide_dose(cycle, "give_full", by=theo)
    cycle.refresh_from_db()
    assert (None, CycleStatus.PLANNED) == (cycle.decided_by, cycle.status)


def test_a_medical_oncologist_may_not_decide_the_dose(course: Any, theo: Any) -> None:
    """Deciding the dose is nuclear medicine's: a medical oncologist (who may stop the course)
    is refused by the action."""
    cycle = _labs(course.cycles.get(), theo)
    olga = _make_user("olga", "physician", "medical_oncology")
    with pytest.raises(PermissionDenied):
        actions.decide_dose(cycle, "give_full", by=olga)


def test_the_physician_sees_the_suggestion_with_its_inputs_and_source_and_decides(
        course: Any, theo: Any, nina: Any, client: Client) -> None:
    """Nina's decision page lists the labs by name, the baseline, the rule and its source;
    saving the table's suggestion ticks the checklist item with her name, audits it, puts it
    on the timeline, and the dose can be ordered at 7.4 GBq."""
    cycle = _labs(course.cycles.get(), theo)
    client.force_login(nina)
    course_page = client.get(f"/nuclear/patients/{course.patient_id}/prrt/").content.decode()
    assert "Decide the dose" in course_page
    page = _text(client.get(f"/nuclear/cycles/{cycle.pk}/decision/").content.decode())
    assert "Labs of 2026-11-24" in page
    assert "creatinine clearance (mL/min): 78.0" in page
    assert "Baseline at the start of the course: creatinine clearance 80.0 mL/min" in page
    assert ("The label's table suggests give the full dose 7.4 GBq (200 mCi) at "
            "administration — no dose-limiting toxicity") in page
    assert "label 2.2: 7.4 GBq every 8 weeks" in page
    assert "Source: Lutathera label, dose-modification table (2.4)" in page
    response = client.post(f"/nuclear/cycles/{cycle.pk}/decision/",
                           {"action": "give_full", "reason": ""})
    assert 302 == response.status_code
    cycle.refresh_from_db()
    assert (nina, True) == (cycle.decided_by, _item(cycle)["done"])
    assert _item(cycle)["detail"].startswith("give the full dose, 7.4 GBq at administration "
                                             "— Nina Test, ")
    entry = AuditEntry.objects.get(action="netcare.prrt.dose_decided")
    assert (nina.pk, "give_full") == (entry.user_id, entry.detail["action"])
    assert TimelineEntry.objects.filter(
        title="PRRT cycle 1: dose decided",
        summary="give the full dose (7.4 GBq at administration), decided by Nina Test.").exists()
    order, _ = _order(cycle, theo)
    assert 7.4 == order.prescribed_gbq


def test_a_more_cautious_dose_needs_a_reason_and_more_dose_is_not_offered(
        course: Any, theo: Any, nina: Any, client: Client) -> None:
    """The table suggests 7.4 GBq: 3.7 GBq without a reason is refused on the reason field
    (the choice kept); with one it is recorded. After grade 2 platelets the table says
    withhold, and giving is neither offered nor accepted."""
    cycle = _labs(course.cycles.get(), theo)
    client.force_login(nina)
    response = client.post(f"/nuclear/cycles/{cycle.pk}/decision/",
                           {"action": "give_reduced", "reason": ""})
    assert 400 == response.status_code
    body = response.content.decode().replace("&#x27;", "'")
    assert "Reason (needed when departing from the label's table): give the reason" in body
    assert 'value="give_reduced" required checked' in body or (
        re.search(r'value="give_reduced"[^>]*checked', body))
    decide(cycle, nina, "give_reduced", reason="frail, 82 years")
    assert ("give_reduced", 3.7, "frail, 82 years") == (
        cycle.decision["action"], cycle.decision["activity_gbq"], cycle.decision["reason"])

    _labs(cycle, theo, thrombocytopenia_grade=2)
    page = client.get(f"/nuclear/cycles/{cycle.pk}/decision/").content.decode()
    assert 'value="give_full"' not in page and 'value="withhold"' in page
    with pytest.raises(actions.NuclearInputError) as caught:
        decide(cycle, nina, "give_full", reason="I insist")
    assert "action" == caught.value.field


def test_new_labs_ask_for_a_new_decision(course: Any, theo: Any, nina: Any) -> None:
    """A decision belongs to the labs it was made on: new labs put the item back to do."""
    cycle = _labs(course.cycles.get(), theo)
    decide(cycle, nina)
    assert _item(cycle)["done"]
    _labs(cycle, theo, creatinine_clearance_ml_min=70.0)
    cycle.refresh_from_db()
    assert (False, None) == (_item(cycle)["done"], cycle.decided_by)
    assert [{"action": "give_full", "by": "Nina Test"}] == [
        {k: h[k] for k in ("action", "by")} for h in cycle.decision["history"]]
