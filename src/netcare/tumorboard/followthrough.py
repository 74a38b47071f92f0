"""Follow-through and metrics: was each recommendation carried out, and how does the board do.

A recommendation is carried out when an entry of the matching kind (treatment, appointment,
workup: `FOLLOW_UP_TIMELINE_KINDS`) appears on the patient's chart on or after the board date.
Everything here runs in a fixed number of queries whatever the number of recommendations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Any

from django.db.models import Count, Min, Q

from netcare.patients.models import TimelineEntry
from netcare.tumorboard.models import (
    FOLLOW_UP_TIMELINE_KINDS,
    BoardCase,
    CaseStatus,
    Meeting,
    MeetingStatus,
    Recommendation,
)
from netcare.workup.dates import local_noon, program_today, program_zone


@dataclass(frozen=True)
class Task:
    """A recommendation seen as its owner's task."""

    recommendation: Recommendation
    carried_out_on: date | None
    overdue: bool

    @property
    def done_in_time(self) -> bool:
        return self.carried_out_on is not None and self.carried_out_on <= self.recommendation.due_on


def _local_date(moment: datetime) -> date:
    return moment.astimezone(program_zone()).date()


def carried_out(recommendations: list[Recommendation]) -> dict[int, date | None]:
    """For each recommendation, the local date the matching chart entry appeared, or None.

    One query: the matching entries of all the patients since the earliest board date.
    """
    if not recommendations:
        return {}
    patients = {r.case.patient_id for r in recommendations}
    kinds = {k for r in recommendations for k in FOLLOW_UP_TIMELINE_KINDS[r.follow_up_kind]}
    since = local_noon(min(r.board_date for r in recommendations)).replace(hour=0)
    rows = (TimelineEntry.objects.filter(patient_id__in=patients, kind__in=kinds,
                                         occurred_at__gte=since)
            .order_by("occurred_at").values_list("patient_id", "kind", "occurred_at"))
    by_patient: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for pid, kind, at in rows:
        by_patient[pid].append((kind, _local_date(at)))
    result: dict[int, date | None] = {}
    for reco in recommendations:
        wanted = FOLLOW_UP_TIMELINE_KINDS[reco.follow_up_kind]
        result[reco.pk] = next((on for kind, on in by_patient[reco.case.patient_id]
                                if kind in wanted and on >= reco.board_date), None)
    return result


def tasks(recommendations: list[Recommendation], *, today: date | None = None) -> list[Task]:
    today = today or program_today()
    done = carried_out(recommendations)
    return [Task(r, done[r.pk], done[r.pk] is None and r.due_on < today)
            for r in recommendations]


def tasks_for(owner: Any, *, limit: int = 200) -> list[Task]:
    """The owner's board tasks, soonest due first (two queries)."""
    recos = list(Recommendation.objects.filter(owner=owner)
                 .select_related("case__patient", "case__meeting")
                 .order_by("due_on", "id")[:limit])
    return tasks(recos)


def overdue(*, limit: int = 500) -> list[Task]:
    """Every overdue, not carried out task (for the coordinator), oldest due first."""
    recos = list(Recommendation.objects.filter(due_on__lt=program_today())
                 .select_related("case__patient", "case__meeting", "owner")
                 .order_by("due_on", "id")[:limit])
    return [t for t in tasks(recos) if t.overdue]


def concordance(recommendations: list[Recommendation]) -> dict[int, bool | None]:
    """For treatment recommendations naming a treatment: whether the first treatment started
    on or after the board date is of that kind (None: none started yet). One query."""
    from netcare.treatments.models import Treatment

    named = [r for r in recommendations if r.treatment_kind]
    if not named:
        return {}
    rows = (Treatment.objects.filter(patient_id__in={r.case.patient_id for r in named},
                                     start_on__gte=min(r.board_date for r in named))
            .order_by("start_on", "id").values_list("patient_id", "kind", "start_on"))
    by_patient: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for pid, kind, on in rows:
        by_patient[pid].append((kind, on))
    result: dict[int, bool | None] = {}
    for reco in named:
        first = next((kind for kind, on in by_patient[reco.case.patient_id]
                      if on >= reco.board_date), None)
        result[reco.pk] = None if first is None else first == reco.treatment_kind
    return result


def _days_to_treatment(recommendations: list[Recommendation]) -> list[int]:
    from netcare.treatments.models import Treatment

    treat = [r for r in recommendations if r.follow_up_kind == "treatment"]
    if not treat:
        return []
    rows = (Treatment.objects.filter(patient_id__in={r.case.patient_id for r in treat},
                                     start_on__gte=min(r.board_date for r in treat))
            .order_by("start_on").values_list("patient_id", "start_on"))
    starts: dict[int, list[date]] = defaultdict(list)
    for pid, on in rows:
        starts[pid].append(on)
    days = []
    for reco in treat:
        first = next((on for on in starts[reco.case.patient_id] if on >= reco.board_date), None)
        if first is not None:
            days.append((first - reco.board_date).days)
    return days


def _stats(values: list[int]) -> dict[str, Any]:
    return {"n": len(values), "median": median(values) if values else None,
            "max": max(values) if values else None}


def metrics(*, since: date, until: date) -> dict[str, Any]:
    """Board metrics for meetings whose local date is in [since, until]. Six queries."""
    start, end = local_noon(since).replace(hour=0), local_noon(until).replace(hour=23)
    meetings = list(Meeting.objects.filter(starts_at__gte=start, starts_at__lte=end,
                                           status=MeetingStatus.SCHEDULED)
                    .annotate(n_cases=Count("cases", filter=~Q(cases__status="withdrawn")))
                    .order_by("starts_at"))
    # Days from referral to the patient's FIRST board: patients first decided in the window.
    decided = {pid for pid in BoardCase.objects.filter(meeting__in=meetings,
                                                        status=CaseStatus.DECIDED)
               .values_list("patient_id", flat=True)}
    firsts = (BoardCase.objects.filter(patient_id__in=decided, status=CaseStatus.DECIDED)
              .values("patient_id").annotate(first=Min("meeting__starts_at"),
                                             referred=Min("referred_on")))
    referral_days = [(_local_date(row["first"]) - row["referred"]).days for row in firsts
                     if row["referred"] is not None and start <= row["first"] <= end]
    recos = list(Recommendation.objects.filter(case__meeting__in=meetings)
                 .select_related("case"))
    task_list = tasks(recos)
    due = [t for t in task_list if t.recommendation.due_on < program_today() or t.carried_out_on]
    conc = concordance(recos)
    judged = [v for v in conc.values() if v is not None]
    return {
        "since": since, "until": until,
        "cases_per_meeting": [(m, m.n_cases) for m in meetings],
        "meetings": len(meetings),
        "cases": sum(m.n_cases for m in meetings),
        "referral_to_first_board_days": _stats(referral_days),
        "board_to_treatment_days": _stats(_days_to_treatment(recos)),
        "recommendations": len(recos),
        "carried_out_in_time": sum(t.done_in_time for t in due),
        "judged_for_timeliness": len(due),
        "share_carried_out_in_time": (sum(t.done_in_time for t in due) / len(due)) if due
        else None,
        "concordant": sum(judged), "concordance_judged": len(judged),
        "concordance_share": (sum(judged) / len(judged)) if judged else None,
    }
