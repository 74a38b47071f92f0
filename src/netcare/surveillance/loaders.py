"""Bulk loader of synthetic follow-up visits (after the tumors loader)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netcare.patients.models import TimelineEntry
from netcare.surveillance.models import FollowUp, SurveillancePlan
from netcare.tumors.models import Tumor
from netcare.workup.dates import local_noon

BATCH = 5000
ITEMS = "clinical_review,ct_or_mri,markers"


def load(histories: Sequence[Any], patient_ids: Mapping[str, int]) -> None:
    """Per patient with follow-up events: one active plan on their first tumor (loaded by
    `netcare.tumors.loaders.load` before this), completed visits as completed follow-ups (with
    a TimelineEntry) and planned ones as due. One SELECT per 5,000 patients for the tumors."""
    ids = [patient_ids[h.demographics.mrn] for h in histories]
    first_tumor: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        # Descending ids: the patient's first tumor is written last and wins.
        first_tumor.update(Tumor.objects.filter(patient_id__in=ids[start:start + BATCH])
                           .order_by("-id").values_list("patient_id", "id"))
    plans: list[SurveillancePlan] = []
    visits: list[list[Any]] = []
    for history in histories:
        pid = patient_ids[history.demographics.mrn]
        events = [e for e in history.events if e.kind == "follow_up"]
        if not events or pid not in first_tumor:
            continue
        plans.append(SurveillancePlan(
            patient_id=pid, tumor_id=first_tumor[pid], start_on=events[0].day,
            routine_follow_up=True, rationale="Follow-up history imported from the seed cohort.",
            uncertain=["Imported plan: generate a new plan to apply the REFERENCE §9 rules."],
            inputs_used={"source": "synthetic history (seed)"},
            created_at=local_noon(events[0].day)))
        visits.append(events)
    created = SurveillancePlan.objects.bulk_create(plans, batch_size=BATCH)
    follow_ups: list[FollowUp] = []
    for plan, events in zip(created, visits, strict=True):
        for event in events:
            done = event.status == "completed"
            follow_ups.append(FollowUp(
                plan=plan, patient_id=plan.patient_id, due_on=event.day, items=ITEMS,
                interval="imported", status="completed" if done else "due",
                completed_on=event.day if done else None,
                note=event.finding.replace("_", " ")[:300]))
    created_visits = FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    TimelineEntry.objects.bulk_create([
        TimelineEntry(patient_id=f.patient_id, occurred_at=local_noon(f.due_on), kind="follow_up",
                      title="Follow-up visit completed", summary=f.note,
                      source_type="surveillance.follow_up", source_id=str(f.pk),
                      released_to_patient=True)
        for f in created_visits if f.status == "completed"], batch_size=BATCH)
