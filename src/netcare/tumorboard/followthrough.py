"""Follow-through and metrics: was each recommendation carried out, and how does the board do.

A recommendation is carried out by a *matching item* on the patient's chart: a TimelineEntry
of a kind its action type names (`FOLLOW_UP_TIMELINE_KINDS`: treatment/PRRT for a treatment,
a visit for an appointment, imaging/PET/lab/pathology/endoscopy for a workup order, a board
entry for a re-discussion) dated (program-local date) on or after the board date and not after
today: an entry dated ahead (a treatment planned to start next month, a booked scan) has not
carried anything out yet. For a
re-discussion the case's own board entries (its submission, this recommendation and its
amendments) do not count. The match is computed in the database (`with_follow_through`), so a
task list, the overdue list and the home-page panel are each one query whatever their length.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.db.models import CharField, Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, TruncDate
from django.db.models.lookups import Exact, GreaterThanOrEqual

from netcare.patients.models import TimelineEntry
from netcare.precompiled import CompiledRows
from netcare.tumorboard.models import (
    FOLLOW_UP_TIMELINE_KINDS,
    BoardCase,
    CaseStatus,
    FollowUpKind,
    Meeting,
    MeetingStatus,
    Recommendation,
)
from netcare.workup.dates import end_of_program_today, program_today, program_zone

#: How soon "due soon" is on the home-page panel.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class MatchingItem:
    """The chart entry that carried a recommendation out."""

    entry_id: int
    kind: str
    title: str
    occurred_at: datetime


@dataclass(frozen=True)
class Task:
    """A recommendation seen as its owner's task."""

    recommendation: Recommendation
    carried_out_on: date | None
    overdue: bool
    match: MatchingItem | None = None

    @property
    def done_in_time(self) -> bool:
        return self.carried_out_on is not None and self.carried_out_on <= self.recommendation.due_on

    @property
    def due_soon(self) -> bool:
        return (self.carried_out_on is None and not self.overdue
                and self.recommendation.due_on <= program_today() + timedelta(days=DUE_SOON_DAYS))


def _local_date(moment: datetime) -> date:
    return moment.astimezone(program_zone()).date()


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=program_zone()).astimezone(UTC)


def matching_entries() -> QuerySet[TimelineEntry]:
    """The chart entries that carry out the outer Recommendation (for use in a subquery),
    earliest first."""
    kind_matches = Q()
    for follow_up, kinds in FOLLOW_UP_TIMELINE_KINDS.items():
        kind_matches |= Q(Exact(OuterRef("follow_up_kind"), follow_up), kind__in=kinds)
    own_board_entries = (
        Q(source_type="tumorboard.BoardCase",
          source_id=Cast(OuterRef("case_id"), output_field=CharField()))
        | Q(source_type="tumorboard.Recommendation",
            source_id=Cast(OuterRef("pk"), output_field=CharField())))
    return (TimelineEntry.objects
            .filter(patient_id=OuterRef("case__patient_id"))
            .filter(kind_matches)
            .filter(GreaterThanOrEqual(TruncDate("occurred_at", tzinfo=program_zone()),
                                       OuterRef("board_date")))
            .filter(occurred_at__lt=end_of_program_today())
            .exclude(Q(kind="board") & own_board_entries)
            .order_by("occurred_at", "id"))


def with_follow_through(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Annotate each recommendation with its first matching chart entry (`match_id`,
    `match_at`, `match_kind`, `match_title`; None while not carried out)."""
    entries = matching_entries()
    return queryset.annotate(
        match_id=Subquery(entries.values("id")[:1]),
        match_at=Subquery(entries.values("occurred_at")[:1]),
        match_kind=Subquery(entries.values("kind")[:1]),
        match_title=Subquery(entries.values("title")[:1]),
    )


def _task(reco: Recommendation, today: date) -> Task:
    match = None
    if getattr(reco, "match_id", None) is not None:
        match = MatchingItem(reco.match_id, reco.match_kind, reco.match_title,  # type: ignore[attr-defined]
                             reco.match_at)  # type: ignore[attr-defined]
    done = _local_date(match.occurred_at) if match else None
    return Task(reco, done, done is None and reco.due_on < today, match)


def tasks(queryset: QuerySet[Recommendation], *, today: date | None = None) -> list[Task]:
    """The recommendations of `queryset` as tasks (one query)."""
    today = today or program_today()
    return [_task(r, today) for r in with_follow_through(queryset)]


def carried_out(queryset: QuerySet[Recommendation]) -> dict[int, date | None]:
    """For each recommendation, the local date its matching chart entry appeared, or None."""
    return {t.recommendation.pk: t.carried_out_on for t in tasks(queryset)}


def tasks_for(owner: Any, *, limit: int = 200) -> list[Task]:
    """The owner's board tasks, soonest due first (one query)."""
    return tasks(Recommendation.objects.filter(owner=owner)
                 .select_related("case__patient", "case__meeting")
                 .order_by("due_on", "id")[:limit])


#: Whether an owner has any recommendation: asked on the landing page of every board-viewing
#: staff member, so compiled once (`CompiledRows`).
_OWNS_ANY = CompiledRows(
    Recommendation,
    lambda shape, owner_id: Recommendation.objects.filter(owner_id=owner_id).values_list("id")[:1],
)


def open_tasks_for(owner: Any, *, limit: int = 50) -> list[Task]:
    """The owner's tasks not carried out yet, soonest due first (one query; two when the owner
    has recommendations: building the follow-through query costs ~10 ms of Python, so an owner
    without any — most navigators on most days — is answered by a cheap EXISTS first)."""
    if not _OWNS_ANY.rows(None, int(owner.pk)):
        return []
    recos = (with_follow_through(Recommendation.objects.filter(owner=owner))
             .filter(match_id__isnull=True)
             .select_related("case__patient").order_by("due_on", "id")[:limit])
    today = program_today()
    return [_task(r, today) for r in recos]


def overdue(*, limit: int = 500) -> list[Task]:
    """Every overdue, not carried out task (for the coordinator), oldest due first. One query."""
    recos = (with_follow_through(Recommendation.objects.filter(due_on__lt=program_today()))
             .filter(match_id__isnull=True)
             .select_related("case__patient", "case__meeting", "owner")
             .order_by("due_on", "id")[:limit])
    today = program_today()
    return [_task(r, today) for r in recos]


# -- metrics ------------------------------------------------------------------------------------


def _first_treatments(recos: list[Recommendation]) -> dict[int, tuple[str, date] | None]:
    """For each treatment recommendation: the first treatment (kind, start) started on or after
    its board date, or None. One query."""
    from netcare.treatments.models import Treatment

    treat = [r for r in recos if r.follow_up_kind == FollowUpKind.TREATMENT]
    if not treat:
        return {}
    rows = (Treatment.objects.filter(patient_id__in={r.case.patient_id for r in treat},
                                     start_on__gte=min(r.board_date for r in treat),
                                     start_on__lte=program_today())
            .order_by("start_on", "id").values_list("patient_id", "kind", "start_on"))
    by_patient: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for pid, kind, on in rows:
        by_patient[pid].append((kind, on))
    return {r.pk: next(((kind, on) for kind, on in by_patient[r.case.patient_id]
                        if on >= r.board_date), None) for r in treat}


def concordance(recos: list[Recommendation],
                firsts: dict[int, tuple[str, date] | None] | None = None) -> dict[int, bool | None]:
    """For treatment recommendations naming a treatment: whether the first treatment started
    on or after the board date is of that kind (None: none started yet)."""
    firsts = _first_treatments(recos) if firsts is None else firsts
    result: dict[int, bool | None] = {}
    for reco in recos:
        if reco.follow_up_kind == FollowUpKind.TREATMENT and reco.treatment_kind:
            first = firsts.get(reco.pk)
            result[reco.pk] = None if first is None else first[0] == reco.treatment_kind
    return result


def _referral_dates(patient_ids: set[int]) -> dict[int, date]:
    """Each patient's referral date: the earliest referral received by the referrals app for
    them, else their first chart entry. Two queries."""
    from netcare.referrals.models import Referral

    received = {row["patient_id"]: _local_date(row["first"]) for row in
                Referral.objects.filter(patient_id__in=patient_ids).values("patient_id")
                .annotate(first=Min("created_at"))}
    missing = patient_ids - set(received)
    if missing:
        received.update({row["patient_id"]: _local_date(row["first"]) for row in
                         TimelineEntry.objects.filter(patient_id__in=missing)
                         .values("patient_id").annotate(first=Min("occurred_at"))})
    return received


def _stats(values: list[int]) -> dict[str, Any]:
    return {"n": len(values), "median": median(values) if values else None,
            "max": max(values) if values else None}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def metrics(*, since: date, until: date) -> dict[str, Any]:
    """Board metrics for the meetings held (not cancelled) whose local date is in
    [since, until]. At most seven queries, whatever the number of cases.

    - cases per meeting (open and decided cases, not withdrawn);
    - days from referral (referrals app's received date, else the first chart entry) to the
      patient's first board (first meeting where a case of theirs was presented), for patients
      whose first board falls in the range;
    - days from board to the first treatment started on or after it (treatment
      recommendations);
    - share of recommendations carried out by their due date, among those due by today or
      already carried out;
    - concordance: share of treatment recommendations naming a treatment whose first treatment
      afterwards is that treatment (among those where a treatment has started).
    """
    start, end = _local_midnight(since), _local_midnight(until + timedelta(days=1))
    meetings = list(Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end,
                                           status=MeetingStatus.SCHEDULED)
                    .annotate(n_cases=Count("cases", filter=~Q(cases__status="withdrawn")))
                    .order_by("starts_at", "id"))
    discussed = [CaseStatus.PRESENTED, CaseStatus.DECIDED]
    in_range = set(BoardCase.objects.filter(meeting__in=meetings, status__in=discussed)
                   .values_list("patient_id", flat=True))
    firsts = {row["patient_id"]: row["first"] for row in
              BoardCase.objects.filter(patient_id__in=in_range, status__in=discussed,
                                       meeting__status=MeetingStatus.SCHEDULED)
              .values("patient_id").annotate(first=Min("meeting__starts_at"))
              if start <= row["first"] < end}
    referred = _referral_dates(set(firsts)) if firsts else {}
    referral_days = [(_local_date(first) - referred[pid]).days
                     for pid, first in sorted(firsts.items()) if pid in referred]

    task_list = tasks(Recommendation.objects.filter(case__meeting__in=meetings)
                      .select_related("case").order_by("board_date", "id"))
    recos = [t.recommendation for t in task_list]
    first_treatments = _first_treatments(recos)
    board_to_treatment = [(first[1] - r.board_date).days for r in recos
                          if (first := first_treatments.get(r.pk)) is not None]
    today = program_today()
    judged = [t for t in task_list if t.recommendation.due_on < today or t.carried_out_on]
    in_time = sum(t.done_in_time for t in judged)
    conc = [v for v in concordance(recos, first_treatments).values() if v is not None]
    n_cases = sum(m.n_cases for m in meetings)
    return {
        "since": since, "until": until,
        "meetings": len(meetings),
        "cases": n_cases,
        "mean_cases_per_meeting": round(n_cases / len(meetings), 2) if meetings else None,
        "cases_per_meeting": [{"meeting_id": m.pk, "title": m.title, "starts_at": m.starts_at,
                               "cases": m.n_cases} for m in meetings],
        "referral_to_first_board_days": _stats(referral_days),
        "board_to_treatment_days": _stats(board_to_treatment),
        "recommendations": len(recos),
        "carried_out": sum(1 for t in task_list if t.carried_out_on),
        "overdue": sum(1 for t in task_list if t.overdue),
        "carried_out_in_time": in_time,
        "judged_for_timeliness": len(judged),
        "share_carried_out_in_time": _share(in_time, len(judged)),
        "concordant": sum(conc), "concordance_judged": len(conc),
        "concordance_share": _share(sum(conc), len(conc)),
    }
