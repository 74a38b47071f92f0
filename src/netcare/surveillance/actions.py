"""Generating a follow-up plan and working the follow-ups (REFERENCE §9)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import sources
from netcare.clinical import surveillance as rules
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Category, Grade, Site
from netcare.patients.models import Patient, TimelineEntry
from netcare.surveillance.models import (
    OPEN_STATUSES,
    VISIT_SOURCE,
    FollowUp,
    FollowUpStatus,
    SurveillancePlan,
    items_in_words,
)
from netcare.treatments.models import PROCEDURE_KINDS, Status, Treatment
from netcare.tumors.models import Tumor
from netcare.validators import future_date_problem
from netcare.workup.actions import ResultInputError
from netcare.workup.dates import local_noon, program_today
from netcare.workup.models import PathologyReport

_LUNG_CATEGORY = {"typical_carcinoid": "NET", "atypical_carcinoid": "NET",
                  "neuroendocrine_carcinoma": "NEC"}
_ACTIVE_THERAPY = frozenset({"octreotide_lar", "lanreotide", "everolimus", "sunitinib", "captem",
                             "platinum_etoposide", "prrt", "liver_directed", "radiation"})


def _visit_entries(follow_up: FollowUp) -> Any:
    """The chart's lines standing for `follow_up`: a seeded history shows a visit to come (or
    missed) as one; a completed visit has one."""
    return TimelineEntry.objects.filter(patient_id=follow_up.patient_id,
                                        source_type=VISIT_SOURCE, source_id=str(follow_up.pk))


def plan_request(tumor: Tumor, start_on: date) -> tuple[rules.SurveillanceRequest, dict[str, Any]]:
    """The rules' request from the tumor, its treatments and latest pathology. Two queries.

    Raises:
        ClinicalInputError: the tumor has no WHO category yet (field `category`).
    """
    category = _LUNG_CATEGORY.get(tumor.category, tumor.category)
    if category not in Category.__members__.values():
        raise ClinicalInputError("category", "the tumor has no WHO category yet (record the "
                                             "pathology first)")
    grade = tumor.effective("grade") or None
    m = tumor.effective("m")
    treatments = list(Treatment.objects.filter(patient_id=tumor.patient_id)
                      .only("kind", "status", "start_on"))
    pathology = (PathologyReport.objects.filter(patient_id=tumor.patient_id, is_current=True,
                                                site=tumor.site)
                 .order_by("-performed_on", "-id").first())
    resected = any(t.kind in PROCEDURE_KINDS - {"liver_directed"} and t.status != Status.STOPPED
                   for t in treatments) or (pathology is not None
                                            and pathology.specimen != "biopsy")
    adverse = pathology is not None and bool(
        pathology.margins == "positive" or pathology.lymphovascular_invasion
        or (pathology.nodes_positive or 0) > 0)
    request = rules.SurveillanceRequest(
        site=Site(tumor.site), category=Category(category),
        grade=Grade(grade) if grade else None, start=start_on, resected=resected,
        metastatic=m.startswith("M1"),
        under_treatment=any(t.kind in _ACTIVE_THERAPY and t.status == Status.ACTIVE
                            for t in treatments),
        adverse_features=adverse, size_cm=tumor.size_cm,
    )
    used = {"site": tumor.site, "category": category, "grade": grade, "m": m or None,
            "stage": tumor.effective("stage") or None, "resected": resected,
            "metastatic": request.metastatic, "under_treatment": request.under_treatment,
            "adverse_features": adverse, "size_cm": tumor.size_cm,
            "start_on": start_on.isoformat(),
            "treatments": sorted({t.kind for t in treatments}),
            "reference": sources.SURVEILLANCE_PLAN}
    return request, used


def generate_plan(tumor: Tumor, *, start_on: date, by: Any,
                  request: HttpRequest | None = None) -> SurveillancePlan:
    """Generate the tumor's follow-up plan from site, grade, stage and treatment; it replaces
    the active plan (whose open follow-ups are cancelled; completed ones stay).

    Raises:
        ResultInputError: the tumor cannot be planned yet (field named).
    """
    try:
        rules_request, used = plan_request(tumor, start_on)
        plan_out = rules.follow_up_schedule(rules_request)
    except ClinicalInputError as error:
        raise ResultInputError(error.field, error.detail) from None
    with transaction.atomic():
        old = list(SurveillancePlan.objects.select_for_update()
                   .filter(tumor=tumor, is_active=True))
        if old:
            SurveillancePlan.objects.filter(pk__in=[p.pk for p in old]).update(is_active=False)
            cancelled = list(FollowUp.objects.filter(plan__in=old, status=FollowUpStatus.DUE)
                             .values_list("pk", flat=True))
            FollowUp.objects.filter(pk__in=cancelled).update(status=FollowUpStatus.CANCELLED)
            # Their planned lines leave the chart: the new plan's visits replace them.
            TimelineEntry.objects.filter(
                patient_id=tumor.patient_id, source_type=VISIT_SOURCE,
                source_id__in=[str(pk) for pk in cancelled]).delete()
        plan = SurveillancePlan.objects.create(
            patient_id=tumor.patient_id, tumor=tumor, start_on=start_on,
            routine_follow_up=plan_out.routine_follow_up, rationale=plan_out.rationale[:500],
            uncertain=list(plan_out.uncertain), inputs_used=used, created_by=by)
        follow_ups = FollowUp.objects.bulk_create([
            FollowUp(plan=plan, patient_id=tumor.patient_id, due_on=visit.due,
                     items=",".join(sorted(i.value for i in visit.items)),
                     interval=visit.interval[:80])
            for visit in plan_out.visits
        ])
        # Each visit to come is a line of its own on the chart (under "Planned"), which
        # booking moves and completing turns into the visit done.
        today = program_today()
        TimelineEntry.objects.bulk_create([
            TimelineEntry(patient_id=tumor.patient_id, occurred_at=local_noon(f.due_on),
                          kind="follow_up", title=planned_visit_title(f.due_on, today),
                          summary=", ".join(f.item_list)[:500], source_type=VISIT_SOURCE,
                          source_id=str(f.pk), released_to_patient=False)
            for f in follow_ups
        ])
        first = plan_out.visits[0].due.isoformat() if plan_out.visits else "none"
        TimelineEntry.objects.create(
            patient_id=tumor.patient_id, occurred_at=local_noon(start_on), kind="follow_up",
            title=f"Follow-up plan: {len(plan_out.visits)} visits (first {first})"[:200],
            summary=plan_out.rationale[:500], source_type="surveillance.plan",
            source_id=str(plan.pk), released_to_patient=True)
        record(request, codes.SURVEILLANCE_PLAN_GENERATED, user=by, patient=tumor.patient,
               obj=plan, detail={"visits": len(plan_out.visits), "replaced": [p.pk for p in old]})
    return plan


def planned_visit_title(due_on: date, today: date) -> str:
    """A follow-up visit's chart line before it is booked or held: one due after `today` is
    planned; one due before it is overdue (a plan may start in the past)."""
    return ("Follow-up visit (planned)" if due_on > today
            else "Follow-up visit (overdue; still due)")


def schedule_follow_up(follow_up: FollowUp, on: date, *, by: Any,
                       request: HttpRequest | None = None) -> FollowUp:
    if follow_up.status not in OPEN_STATUSES:
        raise ResultInputError(None, "this follow-up is closed")
    with transaction.atomic():
        follow_up.status = FollowUpStatus.SCHEDULED
        follow_up.scheduled_for = on
        follow_up.save(update_fields=["status", "scheduled_for"])
        # A planned visit already on the chart moves to the booked day.
        _visit_entries(follow_up).update(occurred_at=local_noon(on),
                                         title="Follow-up visit (scheduled)")
        record(request, codes.FOLLOW_UP_SCHEDULED, user=by, patient=follow_up.patient,
               obj=follow_up, detail={"scheduled_for": on.isoformat()})
    return follow_up


#: The completion date's name in messages (the worklist's form labels the field "Date").
COMPLETED_ON_LABEL = "Date completed"


def complete_follow_up(follow_up: FollowUp, on: date, *, by: Any, note: str = "",
                       request: HttpRequest | None = None) -> FollowUp:
    """Record the follow-up visit as done on `on`.

    Raises:
        ResultInputError: the follow-up is closed, or `on` is after the program's today
            (field `on`: a visit cannot be completed before it happens).
    """
    if follow_up.status not in OPEN_STATUSES:
        raise ResultInputError(None, "this follow-up is closed")
    problem = future_date_problem(on, COMPLETED_ON_LABEL)
    if problem:
        raise ResultInputError("on", problem)
    with transaction.atomic():
        follow_up.status = FollowUpStatus.COMPLETED
        follow_up.completed_on = on
        follow_up.completed_by = by
        follow_up.note = note[:300]
        follow_up.save(update_fields=["status", "completed_on", "completed_by", "note"])
        done = {"occurred_at": local_noon(on), "title": "Follow-up visit completed",
                "summary": ", ".join(follow_up.item_list), "released_to_patient": True,
                "recorded_at": timezone.now()}
        # The visit's planned (or missed) line on the chart becomes the visit done, rather
        # than staying beside it as still to come.
        if not _visit_entries(follow_up).update(**done):
            TimelineEntry.objects.create(patient_id=follow_up.patient_id, kind="follow_up",
                                         source_type=VISIT_SOURCE, source_id=str(follow_up.pk),
                                         **done)
        record(request, codes.FOLLOW_UP_COMPLETED, user=by, patient=follow_up.patient,
               obj=follow_up, detail={"completed_on": on.isoformat()})
    return follow_up


def _worklist_queryset(overdue_only: bool, count: int, horizon: date) -> Any:
    """The worklist as the ORM asks for it, the reference `_worklist_sql` is tested against:
    open follow-ups due before `horizon` (`overdue_only`) or on or before it."""
    condition = {"due_on__lt": horizon} if overdue_only else {"due_on__lte": horizon}
    return (
        FollowUp.objects.filter(status__in=OPEN_STATUSES, **condition)
        .order_by("due_on", "id")
        .values_list(*_WORKLIST_COLUMNS)[:count]
    )


#: A worklist line's values, in `WorklistRow`'s order.
_WORKLIST_COLUMNS = ("id", "due_on", "items", "status", "scheduled_for", "patient_id",
                     "patient__mrn", "patient__first_name", "patient__last_name",
                     "patient__phone", "plan__tumor__site", "plan__tumor__subsite")


class WorklistRow(NamedTuple):
    """One line of the follow-up worklist: plain values, not four model instances."""

    id: int
    due_on: date
    items: str
    status: str
    scheduled_for: date | None
    patient_id: int
    mrn: str
    first_name: str
    last_name: str
    phone: str
    site: str | None
    subsite: str | None

    @property
    def item_list(self) -> list[str]:
        return items_in_words(self.items)

    @property
    def site_label(self) -> str:
        if not self.site:
            return ""
        label = self.site.replace("_", "/")
        return f"{label} ({self.subsite})" if self.subsite else label


def worklist(today: date, *, within_days: int = 30, overdue_only: bool = False,
             limit: int = 100) -> list[WorklistRow]:
    """Open follow-ups due by `today + within_days` (overdue first), up to `limit` + 1 (to
    tell whether there are more). One query (`_worklist_sql`), which gives the rows
    `_worklist_queryset` gives (the tests check it)."""
    from datetime import timedelta

    horizon = today if overdue_only else today + timedelta(days=within_days)
    connection = connections[router.db_for_read(FollowUp)]
    with connection.cursor() as cursor:
        cursor.execute(_worklist_sql(connection.vendor, overdue_only, limit + 1, horizon))
        fetched = cursor.fetchall()
    if connection.vendor == "postgresql":
        return [WorklistRow._make(row) for row in fetched]
    return [WorklistRow._make((row[0], _as_date(row[1]), *row[2:4], _as_date(row[4]),
                               *row[5:])) for row in fetched]


@lru_cache(maxsize=64)
def _worklist_sql(vendor: str, overdue_only: bool, count: int, horizon: date) -> str:
    """The worklist's SQL: the first `count` open follow-ups due before (`overdue_only`) or
    on `horizon`, by due date, then their patient and tumor.

    Written out because of how PostgreSQL ran the ORM's version (`_worklist_queryset`), a
    four-table join with the LIMIT last: it expected to join all ~35,000 open follow-ups and
    sized two lookup caches (Memoize) for them on every run, which cost more than the query
    (2.7 of its 3.4 ms). Taking the first rows in a materialized CTE first, the join sees 101
    rows (1.0 ms). The statuses and the date are written into the SQL (a few texts a day,
    each prepared by a connection that runs it again and again): with the date sent apart,
    PostgreSQL planned the statement afresh on every run; written in, it plans it once, and the
    plan can use the partial index `follow_up_open_due_idx`, whose condition the statuses match.
    """
    if type(horizon) is not date:  # only a date's digits and dashes go into the SQL
        raise TypeError(f"horizon: expected a date, not {horizon!r}")
    follow_up, patient = FollowUp._meta.db_table, Patient._meta.db_table
    plan, tumor = SurveillancePlan._meta.db_table, Tumor._meta.db_table
    statuses = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
    due = "<" if overdue_only else "<="
    materialized = "MATERIALIZED " if vendor == "postgresql" else ""
    # Only this module's table names and constants, a count and a date go into the SQL.
    return (
        f"WITH first_open AS {materialized}("  # noqa: S608
        f"SELECT id, due_on, items, status, scheduled_for, patient_id, plan_id FROM {follow_up}"
        f" WHERE status IN ({statuses}) AND due_on {due} '{horizon.isoformat()}'"
        f" ORDER BY due_on, id LIMIT {count:d}) "
        "SELECT f.id, f.due_on, f.items, f.status, f.scheduled_for, f.patient_id, p.mrn,"
        " p.first_name, p.last_name, p.phone, t.site, t.subsite"
        f" FROM first_open f JOIN {patient} p ON p.id = f.patient_id"
        f" JOIN {plan} s ON s.id = f.plan_id LEFT JOIN {tumor} t ON t.id = s.tumor_id"
        " ORDER BY f.due_on, f.id"
    )


def _as_date(value: date | str | None) -> date | None:
    """SQLite's answer for a date column: a date where it knows the column's declared type,
    the stored text where it does not (through a CTE, depending on its version)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def worklist_row(follow_up_id: int) -> WorklistRow | None:
    """The worklist's line for one open follow-up (None when it is closed or gone). One query;
    for a refused row the page's filter does not show."""
    row = (FollowUp.objects.filter(pk=follow_up_id,
                                   status__in=OPEN_STATUSES)
           .values_list(*_WORKLIST_COLUMNS).first())
    return None if row is None else WorklistRow._make(row)
