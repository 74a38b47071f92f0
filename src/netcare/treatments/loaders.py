"""Bulk loader of synthetic treatment courses and their doses (called by `netcare seed`).

Every dose, procedure, PRRT cycle, start and stop event of a loaded course claims its timeline
entry, linked to the Treatment (see `netcare.patients.loaders`). Plain tuples, ids reserved up
front, one COPY per table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import Collector, Link, noon, publish
from netcare.treatments.models import INJECTION_KINDS, KIND_LABELS, Administration, Treatment

_KIND = {"octreotide_sc": "octreotide_short_acting"}
_INTENT = {"curative", "adjuvant", "palliative", "symptom_control"}
_DOSE_EVENTS = frozenset({"medication", "prrt", "procedure", "radiation"})
FIELDS = ["id", "patient", "kind", "agent", "intent", "start_on", "end_on", "interval_days",
          "next_due_on", "status", "stop_reason", "recorded_at"]


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """One Treatment per synthetic course ("surveillance" courses are not treatments), an
    Administration per SSA/PRRT dose, the next-due date of active SSA courses; the course's
    events claim their timeline entries. Two COPYs."""
    count = sum(1 for h in histories for c in h.courses
                if _KIND.get(c.code, c.code) in KIND_LABELS)
    next_id = first = reserve_ids(Treatment, count)
    rows: list[tuple[Any, ...]] = []
    doses: list[tuple[Any, ...]] = []
    links: dict[tuple[int, int], Link] = {}
    for position, history in enumerate(histories):
        pid = patient_ids[history.demographics.mrn]
        by_course: dict[int, list[tuple[int, Any]]] = {}
        for number, event in enumerate(history.events):
            if event.kind in _DOSE_EVENTS and event.course >= 0 and event.status == "completed":
                by_course.setdefault(event.course, []).append((number, event))
        for course in history.courses:
            kind = _KIND.get(course.code, course.code)
            if kind not in KIND_LABELS:
                continue
            pk = next_id
            next_id += 1
            given = by_course.get(course.index, [])
            if course.end is None:
                status = "active"
            else:
                status = "completed" if course.stop_reason == "completed" else "stopped"
            next_due = None
            if status == "active" and kind in INJECTION_KINDS and course.interval_days:
                last = max((e.day for _, e in given), default=course.start)
                next_due = last + timedelta(days=course.interval_days)
            rows.append((pk, pid, kind, course.agent[:200],
                         course.intent if course.intent in _INTENT else "palliative",
                         course.start, course.end, course.interval_days, next_due, status,
                         "" if course.stop_reason == "ongoing" else course.stop_reason,
                         noon(course.start)))
            link = ("treatments.treatment", str(pk), "prrt" if kind == "prrt" else "")
            for number, event in given:
                links[(position, number)] = link
                if kind in INJECTION_KINDS and event.finding == "dose":
                    unit = f" {event.unit}" if event.unit else ""
                    dose = f"{event.value:g}{unit}" if event.value is not None else ""
                    doses.append((pk, event.day, dose[:60]))
    assert next_id == first + count or count == 0  # noqa: S101 - ids reserved above
    insert_rows(Treatment, FIELDS, rows)
    insert_rows(Administration, ["treatment", "given_on", "dose"], doses,
                first_id=reserve_ids(Administration, len(doses)))
    publish(histories, patient_ids, links, [], into)
