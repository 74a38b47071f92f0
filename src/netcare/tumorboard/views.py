"""Tumor board pages: board home, agenda, case submission, case summary (HTML/PDF), the live
meeting, owners' tasks and metrics. Plain forms; everything works without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare.accounts.models import Discipline
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients import access
from netcare.tumorboard import actions, followthrough
from netcare.tumorboard.forms import (
    AmendForm,
    AttendanceForm,
    CancelForm,
    CaseForm,
    MetricsRangeForm,
    NotesForm,
    RecommendationForm,
    SeriesForm,
    clean_range,
)
from netcare.tumorboard.models import (
    OPEN_CASE_STATUSES,
    Attendance,
    BoardCase,
    Meeting,
    Recommendation,
)
from netcare.tumorboard.summary import case_summary, presentable
from netcare.workup.dates import program_today, program_zone


def _require(request: HttpRequest, action: Action) -> None:
    if not can(request.user, action):
        raise Http404("Not found.")


def _meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("Not found.")
    return meeting


def _case(request: HttpRequest, case_id: int, *, action: str = codes.PATIENT_VIEWED) -> BoardCase:
    """The case, if the user may see the board and its patient (404 otherwise)."""
    _require(request, Action.VIEW_TUMOR_BOARD)
    case = BoardCase.objects.select_related("meeting", "presenter").filter(pk=case_id).first()
    if case is None:
        raise Http404("Not found.")
    case.patient = access.patient_for(request, case.patient_id, action=action)
    return case


def _error(form: Any, error: actions.BoardError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.detail)


# -- board home, series, agenda -----------------------------------------------------------------


def _home_context(request: HttpRequest, series_form: SeriesForm | None = None) -> dict[str, Any]:
    """The board home as it is now: the upcoming meetings, the user's tasks and, for the
    coordinator, the overdue tasks and the series form (`series_form` when it was sent back)."""
    manage = can(request.user, Action.MANAGE_TUMOR_BOARD)
    meetings = list(Meeting.objects.filter(starts_at__gte=timezone.now() - timedelta(hours=12))
                    .order_by("starts_at")[:12])
    if manage and series_form is None:
        series_form = SeriesForm(initial={"weekday": 2, "local_time": "07:30"})
    return {
        "meetings": meetings,
        "manage": manage,
        "series_form": series_form if manage else None,
        "overdue": followthrough.overdue(limit=50) if manage else [],
        "my_tasks": followthrough.tasks_for(request.user, limit=20),
    }


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings; for the coordinator also the series form and the overdue tasks."""
    _require(request, Action.VIEW_TUMOR_BOARD)
    return render(request, "tumorboard/home.html", _home_context(request))


@login_required
@require_http_methods(["POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    """Create a recurring board and its next meetings."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    form = SeriesForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "weeks"}
        try:
            actions.create_series(data, weeks=form.cleaned_data["weeks"], by=request.user,
                                  request=request)
        except actions.BoardError as error:
            _error(form, error)
        else:
            messages.success(request, f"{data['name']}: meetings scheduled.")
            return redirect("tumorboard:home")
    # The page as it is, with the form sent back: an empty agenda here would invite scheduling
    # the same board twice.
    return render(request, "tumorboard/home.html", _home_context(request, series_form=form),
                  status=400)


def _agenda(meeting: Meeting) -> list[BoardCase]:
    return list(BoardCase.objects.filter(meeting=meeting, status__in=OPEN_CASE_STATUSES)
                .select_related("patient", "presenter", "recommendation__owner")
                .order_by("position", "id"))


@login_required
@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda: cases in order, the submission form, cancellation."""
    _require(request, Action.VIEW_TUMOR_BOARD)
    meeting = _meeting(meeting_id)
    return render(request, "tumorboard/meeting.html", _meeting_context(request, meeting))


def _meeting_context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    manage = can(request.user, Action.MANAGE_TUMOR_BOARD)
    context = {
        "meeting": meeting,
        "cases": _agenda(meeting),
        "manage": manage,
        "case_form": CaseForm(initial={"meeting": meeting.pk})
        if can(request.user, Action.SUBMIT_BOARD_CASE) and not meeting.is_cancelled else None,
        "cancel_form": CancelForm() if manage and not meeting.is_cancelled else None,
        "cutoff_passed": timezone.now() > meeting.submission_cutoff,
        "next_meeting": actions.next_meeting(meeting) if manage and meeting.is_cancelled
        else None,
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["POST"])
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _require(request, Action.MANAGE_TUMOR_BOARD)
    meeting = _meeting(meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_meeting(meeting, form.cleaned_data["reason"], by=request.user,
                                   request=request)
        except actions.BoardError as error:
            _error(form, error)
        else:
            messages.success(request, "Meeting cancelled.")
            return redirect("tumorboard:meeting", meeting_id=meeting.pk)
    return render(request, "tumorboard/meeting.html",
                  _meeting_context(request, meeting, cancel_form=form), status=400)


@login_required
@require_http_methods(["POST"])
def meeting_move_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A cancelled meeting: move its open cases to the next meeting in one action."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    meeting = _meeting(meeting_id)
    try:
        result = actions.move_open_cases(meeting, by=request.user, request=request)
    except actions.BoardError as error:
        messages.error(request, error.detail)
        return redirect("tumorboard:meeting", meeting_id=meeting.pk)
    target = result["target"]
    if result["moved"]:
        messages.success(request, f"{len(result['moved'])} case(s) moved to the meeting of "
                                  f"{timezone.localtime(target.starts_at):%Y-%m-%d %H:%M}.")
    for case, why in result["not_moved"]:
        messages.warning(request, f"{case.patient.full_name} was not moved: {why}.")
    return redirect("tumorboard:meeting", meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Submit a patient with a clinical question to a meeting."""
    _require(request, Action.SUBMIT_BOARD_CASE)
    initial: dict[str, Any] = {}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])
    if request.GET.get("patient", "").isdigit():
        patient = access.patient_for(request, int(request.GET["patient"]))
        initial["mrn"] = patient.mrn
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        found = access.visible_patients(request.user).filter(
            mrn=form.cleaned_data["mrn"].strip()).values_list("pk", flat=True).first()
        if found is None:
            form.add_error("mrn", "no patient of the program has this record number")
        else:
            patient = access.patient_for(request, found)
            try:
                case = actions.submit_case(form.cleaned_data["meeting"], patient,
                                           form.cleaned_data["question"], by=request.user,
                                           presenter=form.cleaned_data["presenter"],
                                           request=request)
            except actions.BoardError as error:
                _error(form, error)
            else:
                messages.success(request, f"{patient.full_name} is on the agenda.")
                return redirect("tumorboard:meeting", meeting_id=case.meeting_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "tumorboard/case_new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["POST"])
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    _require(request, Action.MANAGE_TUMOR_BOARD)
    case = _case(request, case_id)
    try:
        actions.move_case(case, request.POST.get("direction", ""), by=request.user,
                          request=request)
    except actions.BoardError as error:
        messages.error(request, error.detail)
    return redirect(reverse("tumorboard:meeting", args=[case.meeting_id]) + f"#case-{case.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET asks the coordinator to confirm (a case taken off by a slip of the finger would
    silently miss its board); POST takes the case off the agenda."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    case = _case(request, case_id)
    if request.method == "GET":
        return render(request, "tumorboard/case_withdraw.html",
                      {"case": case, "meeting": case.meeting})
    try:
        actions.withdraw_case(case, by=request.user, request=request)
    except actions.BoardError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, f"{case.patient.full_name} taken off the agenda.")
    return redirect("tumorboard:meeting", meeting_id=case.meeting_id)


# -- case summary -------------------------------------------------------------------------------


def _summary_context(case: BoardCase) -> dict[str, Any]:
    summary = case_summary(case)
    reco = (Recommendation.objects.select_related("owner", "signed_off_by", "recorded_by")
            .filter(case=case).first() if case.status == "decided" else None)
    if reco is not None:
        reco.case = case  # the case in hand: its options name the one discussed
    versions = list(reco.superseded_versions.select_related(
        "owner", "signed_off_by", "superseded_by")) if reco and reco.version > 1 else []
    return {"case": case, "patient": case.patient, "summary": summary,
            "s": presentable(summary), "meeting": case.meeting, "reco": reco,
            "versions": versions}


@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case summary, assembled from the chart (frozen once presented)."""
    case = _case(request, case_id, action=codes.BOARD_CASE_SUMMARY_VIEWED)
    return render(request, "tumorboard/case.html", _summary_context(case))


@login_required
@require_http_methods(["GET"])
def case_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case summary as a PDF (WeasyPrint), for printing and the record."""
    from netcare.tumorboard.pdf import render_pdf

    case = _case(request, case_id, action=codes.BOARD_CASE_PDF_DOWNLOADED)
    pdf = render_pdf({**_summary_context(case),
                      "sources_url": request.build_absolute_uri(reverse("program:sources"))})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="board-case-{case.pk}-{case.patient.mrn}.pdf"')
    return response


# -- the live meeting ---------------------------------------------------------------------------


def _live_context(request: HttpRequest, meeting: Meeting, *, current: BoardCase | None = None,
                  **extra: Any) -> dict[str, Any]:
    cases = _agenda(meeting)
    attendance = list(Attendance.objects.filter(meeting=meeting).select_related("user")
                      .order_by("discipline", "user__last_name"))
    if current is None and cases:
        wanted = request.GET.get("case", "")
        current = next((c for c in cases if str(c.pk) == wanted), None) or next(
            (c for c in cases if c.status != "decided"), cases[0])
    reco = getattr(current, "recommendation", None) if current else None
    zone = program_zone()
    # A case presented on another day than the meeting's (a board run late, a case presented
    # ahead) says which day: a time alone would read as the meeting's day.
    presented_on_meeting_day = (
        current is not None and current.presented_at is not None
        and timezone.localdate(current.presented_at, zone)
        == timezone.localdate(meeting.starts_at, zone))
    options = []
    if current is not None and current.is_frozen:
        options = current.decision_support.get("options", [])
    quorum = actions.quorum(meeting, attendance)
    disciplines = dict(Discipline.choices)
    context = {
        "meeting": meeting, "cases": cases, "attendance": attendance,
        "quorum": quorum,
        "quorum_missing": [disciplines.get(d, d) for d in quorum["missing"]],
        "attendance_form": AttendanceForm(initial={"attendees": [a.user_id for a in attendance]}),
        "current": current, "reco": reco, "presented_on_meeting_day": presented_on_meeting_day,
        "notes_form": NotesForm(initial={"notes": current.notes}) if current else None,
        "reco_form": RecommendationForm(options=options, initial={
            "owner": current.presenter_id, "due_on": program_today() + timedelta(days=14),
            **_reco_draft(request, current)})
        if current is not None and reco is None else None,
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET"])
def meeting_live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The coordinator's live view: attendance and quorum, case by case."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    meeting = _meeting(meeting_id)
    return render(request, "tumorboard/live.html", _live_context(request, meeting))


@login_required
@require_http_methods(["POST"])
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _require(request, Action.MANAGE_TUMOR_BOARD)
    meeting = _meeting(meeting_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            actions.record_attendance(meeting, list(form.cleaned_data["attendees"]),
                                      by=request.user, request=request)
        except actions.BoardError as error:
            _error(form, error)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("tumorboard:live", meeting_id=meeting.pk)
    return render(request, "tumorboard/live.html",
                  _live_context(request, meeting, attendance_form=form), status=400)


def _live_url(case: BoardCase) -> str:
    return reverse("tumorboard:live", args=[case.meeting_id]) + f"?case={case.pk}#current"


#: Session key of the recommendations typed but not recorded, {case id: {field: value}}.
RECO_DRAFTS_KEY = "tumorboard.reco_drafts"


def _keep_reco_draft(request: HttpRequest, case: BoardCase) -> None:
    """Keep the recommendation fields sent with "Save notes" or "Present case" (buttons of the
    live view's one case form), so the page they lead back to shows them as typed: those
    buttons do not record it, and the redirect would otherwise clear the fields."""
    fields = RecommendationForm.base_fields
    if not any(name in request.POST for name in fields):
        return
    drafts = request.session.get(RECO_DRAFTS_KEY, {})
    drafts[str(case.pk)] = {name: request.POST.get(name, "") for name in fields}
    request.session[RECO_DRAFTS_KEY] = drafts


def _reco_draft(request: HttpRequest, case: BoardCase) -> dict[str, str]:
    """The recommendation fields kept for `case` by `_keep_reco_draft`, or {}."""
    return dict(request.session.get(RECO_DRAFTS_KEY, {}).get(str(case.pk), {}))


def _drop_reco_draft(request: HttpRequest, case: BoardCase) -> None:
    drafts = request.session.get(RECO_DRAFTS_KEY, {})
    if drafts.pop(str(case.pk), None) is not None:
        request.session[RECO_DRAFTS_KEY] = drafts


def _posted_notes(request: HttpRequest) -> NotesForm | None:
    """The discussion notes sent with another of the case's buttons (the live view's case form
    carries them with every button), or None when the request has none."""
    return NotesForm(request.POST) if "notes" in request.POST else None


@login_required
@require_http_methods(["POST"])
def case_present(request: HttpRequest, case_id: int) -> HttpResponse:
    """Present the case: freeze its summary as the board sees it, and store the notes typed
    so far in the same transaction."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    case = _case(request, case_id)
    _keep_reco_draft(request, case)
    notes_form = _posted_notes(request)
    if notes_form is not None and not notes_form.is_valid():
        return render(request, "tumorboard/live.html",
                      _live_context(request, case.meeting, current=case, notes_form=notes_form),
                      status=400)
    try:
        actions.present_case(case, by=request.user, request=request,
                             notes=notes_form.cleaned_data["notes"] if notes_form else None)
    except actions.BoardError as error:
        messages.error(request, error.detail)
    return redirect(_live_url(case))


@login_required
@require_http_methods(["POST"])
def case_notes(request: HttpRequest, case_id: int) -> HttpResponse:
    _require(request, Action.MANAGE_TUMOR_BOARD)
    case = _case(request, case_id)
    _keep_reco_draft(request, case)
    form = NotesForm(request.POST)
    if form.is_valid():
        actions.record_case_notes(case, form.cleaned_data["notes"], by=request.user,
                                  request=request)
        messages.success(request, "Notes saved.")
        return redirect(_live_url(case))
    return render(request, "tumorboard/live.html",
                  _live_context(request, case.meeting, current=case, notes_form=form), status=400)


@login_required
@require_http_methods(["POST"])
def case_recommend(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record the board's consensus recommendation (presents the case first if needed), with
    the discussion notes typed beside it, in one transaction; refused, the page comes back
    with both as typed."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    case = _case(request, case_id)
    options = (case.decision_support or {}).get("options", []) if case.is_frozen else [
        o for o in case_summary(case)["decision_support"]["options"]]
    form = RecommendationForm(request.POST, options=options)
    notes_form = _posted_notes(request)
    # Both forms are checked, so the page sent back names every error at once.
    notes_valid = notes_form is None or notes_form.is_valid()
    if form.is_valid() and notes_valid:
        try:
            actions.record_recommendation(
                case, dict(form.cleaned_data), by=request.user, request=request,
                notes=notes_form.cleaned_data["notes"] if notes_form else None)
        except actions.BoardError as error:
            _error(form, error)
        else:
            _drop_reco_draft(request, case)
            messages.success(request, "Recommendation recorded; the owner has the task.")
            return redirect(_live_url(case))
    extra = {"notes_form": notes_form} if notes_form is not None else {}
    return render(request, "tumorboard/live.html",
                  _live_context(request, case.meeting, current=case, reco_form=form, **extra),
                  status=400)


@login_required
@require_http_methods(["POST"])
def reco_sign_off(request: HttpRequest, reco_id: int) -> HttpResponse:
    """The presenting physician signs the recommendation off."""
    _require(request, Action.SIGN_OFF_RECOMMENDATION)
    reco = _reco_for(request, reco_id)
    try:
        actions.sign_off(reco, by=request.user, request=request)
    except actions.BoardError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "Recommendation signed off.")
    return redirect("tumorboard:case", case_id=reco.case_id)


def _reco_for(request: HttpRequest, reco_id: int) -> Recommendation:
    reco = Recommendation.objects.select_related("case").filter(pk=reco_id).first()
    if reco is None:
        raise Http404("Not found.")
    reco.case = _case(request, reco.case_id)
    return reco


@login_required
@require_http_methods(["GET", "POST"])
def reco_amend(request: HttpRequest, reco_id: int) -> HttpResponse:
    """Amend a recommendation: a new version with a reason; it needs a new sign-off."""
    _require(request, Action.VIEW_TUMOR_BOARD)
    reco = _reco_for(request, reco_id)
    if not (can(request.user, Action.MANAGE_TUMOR_BOARD)
            or reco.case.presenter_id == request.user.pk):
        raise Http404("Not found.")
    options = (reco.case.decision_support or {}).get("options", [])
    initial = {f: getattr(reco, f) for f in actions.AMENDABLE_FIELDS if f != "owner"}
    initial["owner"] = reco.owner_id
    form = AmendForm(request.POST or None, options=options, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            actions.amend_recommendation(reco, data, reason, by=request.user, request=request)
        except actions.BoardError as error:
            _error(form, error)
        else:
            messages.success(request, "Recommendation amended; it needs a new sign-off.")
            return redirect("tumorboard:case", case_id=reco.case_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "tumorboard/amend.html", {"reco": reco, "form": form},
                  status=status)


# -- tasks and metrics --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The signed-in owner's board tasks: open, overdue, carried out."""
    _require(request, Action.VIEW_TUMOR_BOARD)
    return render(request, "tumorboard/tasks.html",
                  {"tasks": followthrough.tasks_for(request.user)})


@login_required
@require_http_methods(["GET"])
def metrics(request: HttpRequest) -> HttpResponse:
    """Board metrics for a date range (?from=&to=, local dates; the last 90 days by default)."""
    _require(request, Action.MANAGE_TUMOR_BOARD)
    today = program_today()
    default = {"from": today - timedelta(days=90), "to": today}
    form = MetricsRangeForm(request.GET if "from" in request.GET or "to" in request.GET
                            else {k: v.isoformat() for k, v in default.items()})
    chosen = clean_range(form)
    if chosen is None:
        return render(request, "tumorboard/metrics.html", {"form": form, "m": None},
                      status=400)
    since, until = chosen
    result = followthrough.metrics(since=since, until=until)
    record(request, codes.BOARD_METRICS_VIEWED, detail={"from": str(since), "to": str(until)})
    return render(request, "tumorboard/metrics.html", {"m": result, "form": form})
