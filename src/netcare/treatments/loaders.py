"""Bulk loader of synthetic treatment courses and their doses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from netcare.patients.models import TimelineEntry
from netcare.treatments.models import INJECTION_KINDS, KIND_LABELS, Administration, Treatment
from netcare.workup.dates import local_noon

BATCH = 5000
_KIND = {"octreotide_sc": "octreotide_short_acting"}
_INTENT = {"curative", "adjuvant", "palliative", "symptom_control"}
_DOSE_EVENTS = frozenset({"medication", "prrt", "procedure", "radiation"})


def load(histories: Sequence[Any], patient_ids: Mapping[str, int]) -> None:
    """One Treatment per synthetic course ("surveillance" courses are not treatments), an
    Administration per SSA/PRRT dose, the next-due date of active SSA courses, and one
    TimelineEntry per course start (plus one per PRRT cycle). Four INSERTs per 5,000 rows."""
    courses: list[Treatment] = []
    doses: list[list[Any]] = []
    for history in histories:
        pid = patient_ids[history.demographics.mrn]
        by_course: dict[int, list[Any]] = {}
        for event in history.events:
            if event.kind in _DOSE_EVENTS and event.course >= 0 and event.status == "completed":
                by_course.setdefault(event.course, []).append(event)
        for course in history.courses:
            kind = _KIND.get(course.code, course.code)
            if kind not in KIND_LABELS:
                continue
            given = by_course.get(course.index, [])
            if course.end is None:
                status = "active"
            else:
                status = "completed" if course.stop_reason == "completed" else "stopped"
            next_due = None
            if status == "active" and kind in INJECTION_KINDS and course.interval_days:
                last = max((e.day for e in given), default=course.start)
                next_due = last + timedelta(days=course.interval_days)
            courses.append(Treatment(
                patient_id=pid, kind=kind, agent=course.agent[:200],
                intent=course.intent if course.intent in _INTENT else "palliative",
                # The generator sometimes ends a course before its start (e.g. death before the
                # first cycle); the database refuses that, so such a course ends on its start.
                start_on=course.start,
                end_on=None if course.end is None else max(course.end, course.start),
                interval_days=course.interval_days,
                next_due_on=next_due, status=status,
                stop_reason="" if course.stop_reason == "ongoing" else course.stop_reason,
                recorded_at=local_noon(course.start)))
            doses.append([e for e in given if kind in INJECTION_KINDS])
    created = Treatment.objects.bulk_create(courses, batch_size=BATCH)
    administrations = []
    timeline = []
    for treatment, given in zip(created, doses, strict=True):
        timeline.append(TimelineEntry(
            patient_id=treatment.patient_id, occurred_at=local_noon(treatment.start_on),
            kind="prrt" if treatment.kind == "prrt" else "treatment",
            title=f"Treatment started: {KIND_LABELS[treatment.kind]}", summary=treatment.agent,
            source_type="treatments.treatment", source_id=str(treatment.pk),
            released_to_patient=True))
        for event in given:
            unit = f" {event.unit}" if event.unit else ""
            dose = f"{event.value:g}{unit}" if event.value is not None else ""
            administrations.append(Administration(treatment=treatment, given_on=event.day,
                                                  dose=dose[:60]))
            if treatment.kind == "prrt":
                timeline.append(TimelineEntry(
                    patient_id=treatment.patient_id, occurred_at=local_noon(event.day),
                    kind="prrt", title="PRRT cycle given", summary=dose,
                    source_type="treatments.treatment", source_id=str(treatment.pk),
                    released_to_patient=True))
    Administration.objects.bulk_create(administrations, batch_size=BATCH)
    TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH)
