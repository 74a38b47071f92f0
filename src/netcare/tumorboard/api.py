"""The tumor board over the JSON API (/api/v1/board/...): same actions and checks as the pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from netcare.accounts.models import User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.config.api_errors import Problem, unprocessable
from netcare.patients import access
from netcare.tumorboard import actions, followthrough
from netcare.tumorboard.models import BoardCase, Meeting
from netcare.tumorboard.summary import case_summary

router = Router(tags=["tumor board"])


def _forbid_unless(ok: bool) -> None:
    if not ok:
        raise HttpError(404, "Not found.")


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    submission_cutoff: datetime
    case_cap: int
    status: str
    virtual_link: str
    cases: int


class CaseIn(Schema):
    patient_id: int
    question: str
    presenter_id: int | None = None


class CaseOut(Schema):
    id: int
    meeting_id: int
    patient_id: int
    question: str
    position: int
    status: str


class SummaryOut(Schema):
    case_id: int
    frozen: bool
    presented_at: datetime | None
    snapshot: dict[str, Any]
    decision_support: dict[str, Any]
    chart_extras: dict[str, Any]


class RecommendationIn(Schema):
    follow_up_kind: str
    treatment_kind: str = ""
    option_code: str = ""
    urgency: str = "routine"
    owner_id: int
    due_on: date
    text: str
    dissent: str = ""


class RecommendationOut(Schema):
    id: int
    case_id: int
    follow_up_kind: str
    treatment_kind: str
    urgency: str
    owner_id: int
    due_on: date
    board_date: date
    text: str
    dissent: str


def _case(request: HttpRequest, case_id: int, action: str = codes.PATIENT_VIEWED) -> BoardCase:
    _forbid_unless(can(request.user, Action.VIEW_TUMOR_BOARD))
    case = BoardCase.objects.select_related("meeting").filter(pk=case_id).first()
    _forbid_unless(case is not None)
    try:
        case.patient = access.patient_for(request, case.patient_id,  # type: ignore[union-attr]
                                          action=action)
    except Http404:
        raise HttpError(404, "Not found.") from None
    return case  # type: ignore[return-value]


@router.get("/board/meetings", response=list[MeetingOut], summary="Upcoming board meetings")
def list_meetings(request: HttpRequest) -> Any:
    from django.db.models import Count, Q

    _forbid_unless(can(request.user, Action.VIEW_TUMOR_BOARD))
    rows = (Meeting.objects.filter(starts_at__gte=timezone.now() - timedelta(hours=12))
            .annotate(n=Count("cases", filter=~Q(cases__status="withdrawn")))
            .order_by("starts_at")[:50])
    return [{"id": m.pk, "title": m.title, "starts_at": m.starts_at,
             "submission_cutoff": m.submission_cutoff, "case_cap": m.case_cap,
             "status": m.status, "virtual_link": m.virtual_link, "cases": m.n} for m in rows]


@router.post("/board/meetings/{meeting_id}/cases", response={201: CaseOut, 422: Problem},
             summary="Submit a patient with a clinical question")
def post_case(request: HttpRequest, meeting_id: int, payload: CaseIn) -> Any:
    _forbid_unless(can(request.user, Action.SUBMIT_BOARD_CASE))
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    _forbid_unless(meeting is not None)
    try:
        patient = access.patient_for(request, payload.patient_id)
    except Http404:
        raise HttpError(404, "Not found.") from None
    presenter = None
    if payload.presenter_id is not None:
        presenter = User.objects.filter(pk=payload.presenter_id, is_active=True).first()
        if presenter is None:
            return unprocessable("presenter_id", "no such active user")
    try:
        case = actions.submit_case(meeting, patient, payload.question,  # type: ignore[arg-type]
                                   by=request.user, presenter=presenter, request=request)
    except actions.BoardError as error:
        field = {"patient": "patient_id", "presenter": "presenter_id",
                 "meeting": "meeting_id"}.get(error.field or "", error.field)
        return unprocessable(field, error.detail)
    return Status(201, case)


@router.get("/board/cases/{case_id}/summary", response=SummaryOut,
            summary="The case summary: snapshot and decision support (frozen once presented)")
def get_summary(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id, codes.BOARD_CASE_SUMMARY_VIEWED)
    summary = case_summary(case)
    return {"case_id": case.pk, **summary}


@router.post("/board/cases/{case_id}/recommendation",
             response={201: RecommendationOut, 422: Problem},
             summary="Record the board's consensus recommendation (a task for its owner)")
def post_recommendation(request: HttpRequest, case_id: int, payload: RecommendationIn) -> Any:
    _forbid_unless(can(request.user, Action.MANAGE_TUMOR_BOARD))
    case = _case(request, case_id)
    data = payload.dict()
    data["owner"] = User.objects.filter(pk=data.pop("owner_id")).first()
    try:
        reco = actions.record_recommendation(case, data, by=request.user, request=request)
    except actions.BoardError as error:
        field = "owner_id" if error.field == "owner" else error.field
        return unprocessable(field, error.detail)
    return Status(201, reco)


class DaysOut(Schema):
    n: int
    median: float | None
    max: int | None


class MeetingCasesOut(Schema):
    meeting_id: int
    title: str
    starts_at: datetime
    cases: int


class MetricsRange(Schema):
    since: date | None = Field(None, alias="from")
    until: date | None = Field(None, alias="to")


class MetricsOut(Schema):
    since: date
    until: date
    meetings: int
    cases: int
    mean_cases_per_meeting: float | None
    cases_per_meeting: list[MeetingCasesOut]
    referral_to_first_board_days: DaysOut
    board_to_treatment_days: DaysOut
    recommendations: int
    carried_out: int
    overdue: int
    carried_out_in_time: int
    judged_for_timeliness: int
    share_carried_out_in_time: float | None
    concordant: int
    concordance_judged: int
    concordance_share: float | None


@router.get("/board/metrics", response={200: MetricsOut, 422: Problem},
            summary="Board metrics for meetings held from `from` to `to` (local dates)")
def get_metrics(request: HttpRequest, dates: Query[MetricsRange]) -> Any:
    """Cases per meeting, days referral → first board and board → treatment (median), share
    carried out by the due date, concordance. Defaults: the last 90 days."""
    from netcare.audit.log import record
    from netcare.workup.dates import program_today

    _forbid_unless(can(request.user, Action.MANAGE_TUMOR_BOARD))
    until = dates.until or program_today()
    since = dates.since or until - timedelta(days=90)
    if until < since:
        return unprocessable("to", "must be on or after the start date")
    if (until - since).days > 3660:
        return unprocessable("from", "choose a range of at most ten years")
    result = followthrough.metrics(since=since, until=until)
    record(request, codes.BOARD_METRICS_VIEWED, detail={"from": str(since), "to": str(until)})
    return result
