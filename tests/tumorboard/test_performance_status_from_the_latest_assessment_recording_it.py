"""Decision support reads the performance status from the latest assessment that records one,
and the functional syndrome from the latest that records one: a later visit note with findings
only no longer hides an earlier ECOG, and the board sees the date the value comes from."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from netcare.nuclear import prefill
from netcare.tumorboard import actions
from netcare.tumorboard.summary import presentable
from netcare.tumors.snapshot_builder import snapshot_for
from netcare.workup.actions import record_result
from tests.conftest import PASSWORD


def _assess(patient: Any, by: Any, on: date, **values: Any) -> None:
    record_result("assessment", patient, {"performed_on": on, **values}, by=by)


def test_the_board_sees_ecog_1_from_the_earlier_assessment_with_its_date(
    client: Client, meeting: Any, nora: Any, sam: Any, pat_record: Any
) -> None:
    """ECOG 1 on 15 September, then a note on 20 November with findings only: the case summary
    shows ECOG 1, assessed on 2025-09-15 (not "unknown" from the November note)."""
    _assess(pat_record, sam, date(2025, 9, 15), ecog=1)
    _assess(pat_record, sam, date(2025, 11, 20), findings="Tired after the holidays, eating well.")
    case = actions.submit_case(meeting, pat_record, "PRRT or everolimus?", by=nora)
    client.login(username="sam", password=PASSWORD)
    body = client.get(f"/board/cases/{case.pk}/").content.decode()
    assert "<dt>ECOG</dt><dd>1</dd>" in body
    assert "<dt>Assessed on</dt><dd>2025-09-15</dd>" in body
    assert "<dt>Karnofsky</dt><dd>unknown</dd>" in body


def test_the_prrt_form_takes_karnofsky_80_from_the_earlier_assessment_naming_its_date(
    pat_record: Any, sam: Any
) -> None:
    """Karnofsky 80 on 15 September, a findings-only note on 20 November: the PRRT eligibility
    form is prefilled with 80 from "chart: clinical assessment of 2025-09-15"."""
    _assess(pat_record, sam, date(2025, 9, 15), karnofsky=80, ecog=1)
    _assess(pat_record, sam, date(2025, 11, 20), findings="No new complaints.")
    facts = {fact.name: fact for fact in prefill.chart_facts(pat_record)}
    assert (80, "chart: clinical assessment of 2025-09-15") == (
        facts["karnofsky"].value,
        facts["karnofsky"].source,
    )


def test_a_later_performance_status_replaces_the_earlier_one_whole(
    pat_record: Any, sam: Any
) -> None:
    """Karnofsky 80 and ECOG 1 in September, ECOG 2 alone in November: the November status
    is read (ECOG 2, Karnofsky unknown), not a mix of the two visits."""
    _assess(pat_record, sam, date(2025, 9, 15), karnofsky=80, ecog=1)
    _assess(pat_record, sam, date(2025, 11, 20), ecog=2)
    performance = snapshot_for(pat_record, as_of=date(2025, 12, 1)).performance
    assert (None, 2, date(2025, 11, 20)) == (
        performance.karnofsky,
        performance.ecog,
        performance.assessed_on,
    )


def test_a_later_assessment_without_a_syndrome_keeps_the_earlier_carcinoid_syndrome(
    pat_record: Any, sam: Any
) -> None:
    """Carcinoid syndrome recorded in September, ECOG 0 alone in November: the snapshot has
    the carcinoid syndrome from September and ECOG 0 from November."""
    _assess(pat_record, sam, date(2025, 9, 15), functional_syndrome="carcinoid_syndrome")
    _assess(pat_record, sam, date(2025, 11, 20), ecog=0)
    snapshot = snapshot_for(pat_record, as_of=date(2025, 12, 1))
    assert ("carcinoid_syndrome", 0, date(2025, 11, 20)) == (
        snapshot.functional_syndrome.value,
        snapshot.performance.ecog,
        snapshot.performance.assessed_on,
    )


def test_a_summary_frozen_before_the_date_was_kept_shows_it_as_unknown(
    pat_record: Any, sam: Any
) -> None:
    """A stored snapshot whose performance has no assessed_on still renders: ECOG 1, assessed
    on "unknown"."""
    _assess(pat_record, sam, date(2025, 9, 15), ecog=1)
    live = snapshot_for(pat_record, as_of=date(2025, 12, 1)).to_dict()
    stored = {**live, "performance": {"karnofsky": None, "ecog": 1}}
    shown = presentable({"snapshot": stored, "decision_support": {}})
    assert [("Karnofsky", "unknown"), ("ECOG", "1"), ("Assessed on", "unknown")] == (
        shown["performance"]
    )
