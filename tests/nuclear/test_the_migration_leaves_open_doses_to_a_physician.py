"""Cycles whose labs were recorded before physicians decided the dose (nuclear 0004): an open
cycle keeps the table's output as a suggestion and waits for a physician's decision (its
patient's cached chart is not reused); a cycle already given keeps what was decided, as its
record. The migrations run both ways on SQLite with the chart-version triggers in place."""

from __future__ import annotations

from typing import Any

from netcare.nuclear import actions
from netcare.nuclear.models import CycleStatus, PrrtCycle

SUGGESTED = {"action": "give_full", "activity_gbq": 7.4, "toxicities": [],
             "reasons": ["no dose-limiting toxicity"], "rules": [], "uncertain": [],
             "withheld_for": [], "delay_weeks": 0.0, "decided_on": "2026-11-20", "history": []}


def test_an_open_cycle_waits_for_a_physician_and_a_given_one_keeps_its_decision(
        transactional_db: Any, course: Any) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    first = course.cycles.get()
    second = PrrtCycle.objects.create(course=course, number=2, window_start=first.window_start,
                                      window_end=first.window_end)
    from netcare.patients.chart_cache import install_triggers
    from netcare.patients.models import ChartVersion

    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("nuclear", "0003_labels_in_words")])
        old = executor.loader.project_state(("nuclear", "0003_labels_in_words")).apps
        OldCycle = old.get_model("nuclear", "PrrtCycle")
        OldCycle.objects.filter(pk=first.pk).update(status="given", decision=SUGGESTED)
        OldCycle.objects.filter(pk=second.pk).update(status="ready", decision=SUGGESTED)
        version = ChartVersion.objects.get(patient_id=course.patient_id).version
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        install_triggers()  # as `migrate` does after its last migration (post_migrate)

    given, open_cycle = PrrtCycle.objects.get(pk=first.pk), PrrtCycle.objects.get(pk=second.pk)
    assert ("given", "give_full", "give_full") == (
        given.status, given.decision["action"], given.suggestion["action"])
    assert (CycleStatus.PLANNED, "give_full", None) == (
        open_cycle.status, open_cycle.suggestion["action"], open_cycle.decided_by)
    assert "action" not in open_cycle.decision
    assert not actions.dose_decided_to_give(open_cycle)
    # The chart shows the cycle's status: a body cached before is not reused.
    assert ChartVersion.objects.get(patient_id=course.patient_id).version > version
