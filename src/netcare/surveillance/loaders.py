"""Bulk loader of synthetic follow-up visits (after the tumors loader; `netcare seed`).

Each follow-up event of a patient with a tumor claims its timeline entry, linked to the
FollowUp (see `netcare.patients.loaders`). Plain tuples, ids reserved up front, one COPY per
table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import Collector, Link, noon, publish
from netcare.surveillance.models import VISIT_SOURCE, FollowUp, SurveillancePlan
from netcare.tumors.models import Tumor

BATCH = 5000
ITEMS = "clinical_review,ct_or_mri,markers"
_UNCERTAIN = json.dumps(["Imported plan: generate a new plan to apply the REFERENCE §9 rules."])
_INPUTS = json.dumps({"source": "synthetic history (seed)"})


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """Per patient with follow-up events: one active plan on their first tumor (loaded by
    `netcare.tumors.loaders.load` before this), completed visits as completed follow-ups and
    planned ones as due on their date: the next visit, or a missed one dated before TODAY
    (overdue on the navigator's worklist). One SELECT per 5,000 patients for the tumors, two
    COPYs."""
    ids = [patient_ids[h.demographics.mrn] for h in histories]
    first_tumor: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        # Descending ids: the patient's first tumor is written last and wins.
        first_tumor.update(Tumor.objects.filter(patient_id__in=ids[start:start + BATCH])
                           .order_by("-id").values_list("patient_id", "id"))
    chosen: list[tuple[int, int, list[tuple[int, Any]]]] = []
    for position, history in enumerate(histories):
        pid = patient_ids[history.demographics.mrn]
        if pid not in first_tumor:
            continue
        events = [(n, e) for n, e in enumerate(history.events) if e.kind == "follow_up"]
        if events:
            chosen.append((position, pid, events))
    plan_id = reserve_ids(SurveillancePlan, len(chosen))
    visit_id = reserve_ids(FollowUp, sum(len(events) for _, _, events in chosen))
    plans: list[tuple[Any, ...]] = []
    visits: list[tuple[Any, ...]] = []
    links: dict[tuple[int, int], Link] = {}
    for position, pid, events in chosen:
        start_on = events[0][1].day
        plans.append((plan_id, pid, first_tumor[pid], start_on, True,
                      "Follow-up history imported from the seed cohort.", _UNCERTAIN, _INPUTS,
                      noon(start_on)))
        for number, event in events:
            done = event.status == "completed"
            visits.append((visit_id, plan_id, pid, event.day, ITEMS, "imported",
                           "completed" if done else "due", event.day if done else None,
                           event.finding.replace("_", " ")[:300]))
            links[(position, number)] = (VISIT_SOURCE, str(visit_id), "")
            visit_id += 1
        plan_id += 1
    insert_rows(SurveillancePlan, ["id", "patient", "tumor", "start_on", "routine_follow_up",
                                   "rationale", "uncertain", "inputs_used", "created_at"], plans)
    insert_rows(FollowUp, ["id", "plan", "patient", "due_on", "items", "interval", "status",
                           "completed_on", "note"], visits)
    publish(histories, patient_ids, links, [], into)
