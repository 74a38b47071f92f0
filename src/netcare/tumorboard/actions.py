"""Changes to the tumor board. Views, the API and the tests call these (one function each).

Each runs in one transaction: validates, writes the rows, the patient's TimelineEntry (for
changes to a patient's care) and the audit entry. Invariants the database can hold are its
constraints (one open case per patient per meeting, one attendance per person per meeting);
the case cap and the submission cut-off are checked here, under a row lock on the meeting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from netcare.accounts.models import Role
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient, TimelineEntry, TimelineKind
from netcare.tumorboard import summary as case_summary
from netcare.tumorboard.models import (
    OPEN_CASE_STATUSES,
    Attendance,
    BoardCase,
    BoardSeries,
    CaseStatus,
    FollowUpKind,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationVersion,
    Urgency,
)
from netcare.workup.dates import program_today, program_zone


class BoardError(ValueError):
    """Input the board cannot take; `field` names it (forms and the API show it there)."""

    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        self.detail = message
        super().__init__(f"{field}: {message}" if field else message)


# -- meetings -----------------------------------------------------------------------------------


def occurrences(weekday: int, local_time: time, *, start_on: date, count: int) -> list[datetime]:
    """The next `count` weekly instants (UTC) on `weekday` at `local_time` in the program's zone,
    from `start_on` (local date) on. 07:30 local stays 07:30 local across daylight saving."""
    zone = program_zone()
    first = start_on + timedelta(days=(weekday - start_on.weekday()) % 7)
    return [
        datetime.combine(first + timedelta(weeks=i), local_time, tzinfo=zone).astimezone(UTC)
        for i in range(count)
    ]


def create_series(data: dict[str, Any], *, by: Any, weeks: int = 8,
                  start_on: date | None = None,
                  request: HttpRequest | None = None) -> BoardSeries:
    """Create a recurring board and its next `weeks` meetings."""
    if not 1 <= weeks <= 104:
        raise BoardError("weeks", "must be between 1 and 104")
    with transaction.atomic():
        series = BoardSeries(created_by=by, **data)
        series.full_clean()
        series.save()
        generate_meetings(series, start_on=start_on, weeks=weeks, by=by, request=request)
        record(request, codes.BOARD_SERIES_CREATED, user=by, obj=series,
               detail={"weekday": series.weekday, "local_time": str(series.local_time),
                       "weeks": weeks})
    return series


def generate_meetings(series: BoardSeries, *, by: Any, start_on: date | None = None,
                      weeks: int = 8, request: HttpRequest | None = None) -> list[Meeting]:
    """Create the series' meetings for the next `weeks` weeks; existing ones are kept."""
    start_on = start_on or program_today()
    instants = occurrences(series.weekday, series.local_time, start_on=start_on, count=weeks)
    with transaction.atomic():
        existing = set(Meeting.objects.filter(series=series, starts_at__in=instants)
                       .values_list("starts_at", flat=True))
        created = Meeting.objects.bulk_create([
            Meeting(series=series, title=series.name, starts_at=at,
                    duration_minutes=series.duration_minutes, case_cap=series.case_cap,
                    submission_cutoff=at - timedelta(hours=series.cutoff_hours),
                    virtual_link=series.virtual_link)
            for at in instants if at not in existing
        ])
        if created:
            record(request, codes.BOARD_MEETINGS_GENERATED, user=by, obj=series,
                   detail={"created": len(created)})
    return created


def cancel_meeting(meeting: Meeting, reason: str, *, by: Any,
                   request: HttpRequest | None = None) -> Meeting:
    """Cancel a meeting; its open cases stay listed so the coordinator can move them."""
    reason = reason.strip()
    if not reason:
        raise BoardError("reason", "say why the meeting is cancelled")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            raise BoardError(None, "The meeting is already cancelled.")
        locked.status = MeetingStatus.CANCELLED
        locked.cancel_reason = reason[:300]
        locked.save(update_fields=["status", "cancel_reason"])
        record(request, codes.BOARD_MEETING_CANCELLED, user=by, obj=locked,
               detail={"reason": locked.cancel_reason})
    meeting.status, meeting.cancel_reason = locked.status, locked.cancel_reason
    return meeting


# -- cases --------------------------------------------------------------------------------------


def _referred_on(patient: Patient) -> date:
    """The patient's first referral on the chart (else their registration), local date."""
    first = (TimelineEntry.objects.filter(patient_id=patient.pk, kind=TimelineKind.REFERRAL)
             .order_by("occurred_at").values_list("occurred_at", flat=True).first())
    moment = first or patient.created_at
    return moment.astimezone(program_zone()).date()


def submit_case(meeting: Meeting, patient: Patient, question: str, *, by: Any,
                presenter: Any = None, request: HttpRequest | None = None,
                now: datetime | None = None) -> BoardCase:
    """Put `patient` on `meeting`'s agenda with a clinical question.

    Refused: a cancelled meeting, after the cut-off, a full agenda (the case cap), a patient
    already open on this meeting (constraint `board_case_one_open_per_patient_meeting`).
    """
    question = question.strip()
    if not question:
        raise BoardError("question", "state the clinical question for the board")
    if presenter is not None and presenter.role != Role.PHYSICIAN:
        raise BoardError("presenter", "the presenting clinician must be a physician")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            raise BoardError("meeting", "this meeting is cancelled; choose another")
        if now > locked.submission_cutoff:
            local = timezone.localtime(locked.submission_cutoff, program_zone())
            raise BoardError("meeting", f"submissions for this meeting closed at "
                                        f"{local:%Y-%m-%d %H:%M}; choose a later meeting")
        open_cases = list(BoardCase.objects.filter(meeting=locked, status__in=OPEN_CASE_STATUSES)
                          .values_list("patient_id", "position"))
        if any(pid == patient.pk for pid, _ in open_cases):
            raise BoardError("patient", "this patient is already on this meeting's agenda")
        if len(open_cases) >= locked.case_cap:
            raise BoardError("meeting", f"the agenda is full ({locked.case_cap} cases); "
                                        "choose another meeting")
        case = BoardCase(meeting=locked, patient=patient, question=question[:2000],
                         submitted_by=by, presenter=presenter,
                         position=max((p for _, p in open_cases), default=0) + 1,
                         referred_on=_referred_on(patient))
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            raise BoardError("patient", "this patient is already on this meeting's agenda") \
                from None
        when = timezone.localtime(locked.starts_at, program_zone())
        TimelineEntry.objects.create(
            patient=patient, occurred_at=timezone.now(), kind=TimelineKind.BOARD,
            title="Submitted to the tumor board"[:200],
            summary=f"For {when:%Y-%m-%d %H:%M}: {question}"[:500],
            source_type="tumorboard.BoardCase", source_id=str(case.pk))
        record(request, codes.BOARD_CASE_SUBMITTED, user=by, patient=patient, obj=case,
               detail={"meeting": locked.pk})
    return case


def withdraw_case(case: BoardCase, *, by: Any, request: HttpRequest | None = None) -> BoardCase:
    """Take a case off the agenda (not once the board has recorded a recommendation)."""
    with transaction.atomic():
        if case.status == CaseStatus.DECIDED:
            raise BoardError(None, "The board has recorded a recommendation for this case.")
        case.status = CaseStatus.WITHDRAWN
        case.save(update_fields=["status"])
        record(request, codes.BOARD_CASE_WITHDRAWN, user=by, patient=case.patient, obj=case)
    return case


def move_case(case: BoardCase, direction: str, *, by: Any,
              request: HttpRequest | None = None) -> None:
    """Move a case one place up or down the agenda (the coordinator orders it)."""
    if direction not in ("up", "down"):
        raise BoardError("direction", "must be up or down")
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=case.meeting_id)
        agenda = list(BoardCase.objects.filter(meeting_id=case.meeting_id,
                                               status__in=OPEN_CASE_STATUSES)
                      .order_by("position", "id"))
        index = next(i for i, c in enumerate(agenda) if c.pk == case.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(agenda):
            return
        agenda[index], agenda[other] = agenda[other], agenda[index]
        for position, item in enumerate(agenda, start=1):
            item.position = position
        BoardCase.objects.bulk_update(agenda, ["position"])
        record(request, codes.BOARD_AGENDA_ORDERED, user=by, obj=case,
               detail={"direction": direction})


def present_case(case: BoardCase, *, by: Any, request: HttpRequest | None = None,
                 notes: str | None = None) -> BoardCase:
    """Freeze the summary (snapshot, decision support, marker series) as the board sees it.

    `notes`: the discussion notes as typed on the page, stored in the same transaction when
    they changed (None: left as they are). A case already presented keeps its frozen summary
    and still takes the notes.
    """
    with transaction.atomic():
        locked = BoardCase.objects.select_for_update().select_related("patient").get(pk=case.pk)
        if locked.status == CaseStatus.WITHDRAWN:
            raise BoardError(None, "This case was withdrawn.")
        if notes is not None:
            _write_notes(locked, notes, by=by, request=request)
        if locked.is_frozen:
            return locked
        live = case_summary.assemble(locked.patient, exclude_case_id=locked.pk)
        locked.snapshot = live["snapshot"]
        locked.decision_support = live["decision_support"]
        locked.chart_extras = live["chart_extras"]
        locked.presented_at = timezone.now()
        locked.status = CaseStatus.PRESENTED
        locked.save(update_fields=["snapshot", "decision_support", "chart_extras",
                                   "presented_at", "status"])
        record(request, codes.BOARD_CASE_PRESENTED, user=by, patient=locked.patient, obj=locked)
    return locked


def _write_notes(case: BoardCase, notes: str, *, by: Any, request: HttpRequest | None) -> None:
    """Store `notes` on the (locked) case when they differ from the stored ones, with the
    audit entry; the caller holds the transaction."""
    notes = notes.strip()[:10000]
    if notes != case.notes:
        case.notes = notes
        case.save(update_fields=["notes"])
        record(request, codes.BOARD_CASE_NOTES, user=by, patient=case.patient, obj=case)


def record_case_notes(case: BoardCase, notes: str, *, by: Any,
                      request: HttpRequest | None = None) -> BoardCase:
    """The coordinator's notes of the discussion."""
    with transaction.atomic():
        case.notes = notes.strip()[:10000]
        case.save(update_fields=["notes"])
        record(request, codes.BOARD_CASE_NOTES, user=by, patient=case.patient, obj=case)
    return case


# -- attendance ---------------------------------------------------------------------------------


def record_attendance(meeting: Meeting, users: list[Any], *, by: Any,
                      request: HttpRequest | None = None) -> list[Attendance]:
    """Record who attended (each person once: constraint `board_attendance_once`)."""
    if meeting.is_cancelled:
        raise BoardError(None, "The meeting is cancelled.")
    with transaction.atomic():
        present = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
        rows = Attendance.objects.bulk_create([
            Attendance(meeting=meeting, user=u, discipline=u.discipline, recorded_by=by)
            for u in users if u.pk not in present
        ])
        record(request, codes.BOARD_ATTENDANCE_RECORDED, user=by, obj=meeting,
               detail={"added": [u.username for u in users if u.pk not in present]})
    return rows


def quorum(meeting: Meeting, attendance: list[Attendance] | None = None) -> dict[str, Any]:
    """Whether each discipline the meeting requires is present: {"met", "missing", "present"}."""
    if attendance is None:
        attendance = list(Attendance.objects.filter(meeting=meeting))
    present = {a.discipline for a in attendance if a.discipline}
    required = list(meeting.quorum_disciplines or [])
    missing = [d for d in required if d not in present]
    return {"met": not missing, "missing": missing, "present": sorted(present)}


# -- recommendation -----------------------------------------------------------------------------


def _check_recommendation(data: dict[str, Any]) -> str:
    """Check the fields that do not depend on the case; return the cleaned text."""
    owner = data.get("owner")
    if owner is None or not owner.is_active or not owner.is_staff_of_program:
        raise BoardError("owner", "choose an active member of the program's staff")
    if data.get("follow_up_kind") not in FollowUpKind.values:
        raise BoardError("follow_up_kind", f"must be one of {', '.join(FollowUpKind.values)}")
    if data.get("urgency", Urgency.ROUTINE) not in Urgency.values:
        raise BoardError("urgency", f"must be one of {', '.join(Urgency.values)}")
    if data.get("follow_up_kind") != FollowUpKind.TREATMENT and data.get("treatment_kind"):
        raise BoardError("treatment_kind", "only a treatment recommendation names a treatment")
    text = (data.get("text") or "").strip()
    if not text:
        raise BoardError("text", "write the recommendation")
    return text


def _check_against_case(data: dict[str, Any], case: BoardCase,
                        board_date: date) -> tuple[date, str]:
    """The due date and the decision-support option, checked against the case."""
    due_on = data.get("due_on")
    if due_on is None or due_on < board_date:
        raise BoardError("due_on", f"must be on or after the board date {board_date}")
    codes_offered = {o["code"] for o in (case.decision_support or {}).get("options", [])}
    option_code = data.get("option_code") or ""
    if option_code and option_code not in codes_offered:
        raise BoardError("option_code", "is not one of the options listed for this case")
    return due_on, option_code


def record_recommendation(case: BoardCase, data: dict[str, Any], *, by: Any,
                          request: HttpRequest | None = None,
                          notes: str | None = None) -> Recommendation:
    """The board's consensus for a presented case; it becomes a task for its owner.

    `data`: follow_up_kind, treatment_kind (treatment only), option_code, urgency, owner,
    due_on, text, dissent. The case is presented (frozen) first if it was not. `notes`: the
    discussion notes typed with it, stored in the same transaction (None: left as they are);
    a refused recommendation stores neither.
    """
    text = _check_recommendation(data)
    with transaction.atomic():
        case = present_case(case, by=by, request=request, notes=notes)
        meeting = case.meeting
        if meeting.is_cancelled:
            raise BoardError(None, "The meeting is cancelled.")
        board_date = timezone.localtime(meeting.starts_at, program_zone()).date()
        due_on, option_code = _check_against_case(data, case, board_date)
        owner = data["owner"]
        if Recommendation.objects.filter(case=case).exists():
            raise BoardError(None, "A recommendation is already recorded for this case.")
        reco = Recommendation(
            case=case, follow_up_kind=data["follow_up_kind"],
            treatment_kind=data.get("treatment_kind") or "", option_code=option_code,
            urgency=data.get("urgency") or Urgency.ROUTINE, owner=owner, due_on=due_on,
            text=text[:4000], dissent=(data.get("dissent") or "").strip()[:2000],
            board_date=board_date, recorded_by=by)
        reco.full_clean(exclude=["case"])
        reco.save()
        case.status = CaseStatus.DECIDED
        case.save(update_fields=["status"])
        TimelineEntry.objects.create(
            patient_id=case.patient_id, occurred_at=meeting.starts_at, kind=TimelineKind.BOARD,
            title="Tumor board recommendation",
            summary=f"{reco.get_follow_up_kind_display()}: {text}"[:500],
            source_type="tumorboard.Recommendation", source_id=str(reco.pk))
        record(request, codes.BOARD_RECOMMENDATION_RECORDED, user=by, patient=case.patient,
               obj=reco, detail={"owner": owner.username, "due_on": str(due_on),
                                 "kind": reco.follow_up_kind, "dissent": bool(reco.dissent)})
    return reco


def sign_off(reco: Recommendation, *, by: Any, request: HttpRequest | None = None) -> None:
    """The presenting physician signs the recommendation off (once)."""
    if not can(by, Action.SIGN_OFF_RECOMMENDATION) or reco.case.presenter_id != by.pk:
        raise BoardError(None, "Only the presenting physician signs the recommendation off.")
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=reco.pk)
        if locked.signed_off_at is not None:
            raise BoardError(None, "The recommendation is already signed off.")
        locked.signed_off_by, locked.signed_off_at = by, timezone.now()
        locked.save(update_fields=["signed_off_by", "signed_off_at"])
        record(request, codes.BOARD_RECOMMENDATION_SIGNED_OFF, user=by,
               patient=reco.case.patient, obj=locked)
    reco.signed_off_by, reco.signed_off_at = locked.signed_off_by, locked.signed_off_at


#: The fields an amendment replaces (the rest — case, board date — stay).
AMENDABLE_FIELDS = ["follow_up_kind", "treatment_kind", "option_code", "urgency", "owner",
                    "due_on", "text", "dissent"]


def amend_recommendation(reco: Recommendation, data: dict[str, Any], reason: str, *, by: Any,
                         request: HttpRequest | None = None) -> Recommendation:
    """Replace a recommendation with a new version, for a stated reason.

    The current content is kept as a RecommendationVersion (readable, marked superseded); the
    recommendation takes the new content, its version goes up by one and its sign-off is
    cleared (the presenting physician signs the new version off). The coordinator or the
    presenting physician amends. `data` as for `record_recommendation`.
    """
    reason = (reason or "").strip()
    if not reason:
        raise BoardError("reason", "say why the recommendation is amended")
    if not (can(by, Action.MANAGE_TUMOR_BOARD)
            or (can(by, Action.SIGN_OFF_RECOMMENDATION) and reco.case.presenter_id == by.pk)):
        raise BoardError(None, "Only the coordinator or the presenting physician amends.")
    text = _check_recommendation(data)
    with transaction.atomic():
        locked = (Recommendation.objects.select_for_update()
                  .select_related("case__meeting").get(pk=reco.pk))
        due_on, option_code = _check_against_case(data, locked.case, locked.board_date)
        now = timezone.now()
        RecommendationVersion.objects.create(
            recommendation=locked, version=locked.version,
            **{f: getattr(locked, f) for f in AMENDABLE_FIELDS},
            amend_reason=locked.amend_reason, recorded_by_id=locked.recorded_by_id,
            recorded_at=locked.recorded_at, signed_off_by_id=locked.signed_off_by_id,
            signed_off_at=locked.signed_off_at, superseded_by=by, superseded_at=now,
            superseded_reason=reason[:300])
        previous = {"version": locked.version, "owner": locked.owner_id,
                    "due_on": str(locked.due_on), "kind": locked.follow_up_kind}
        locked.follow_up_kind = data["follow_up_kind"]
        locked.treatment_kind = data.get("treatment_kind") or ""
        locked.option_code = option_code
        locked.urgency = data.get("urgency") or Urgency.ROUTINE
        locked.owner = data["owner"]
        locked.due_on = due_on
        locked.text = text[:4000]
        locked.dissent = (data.get("dissent") or "").strip()[:2000]
        locked.version += 1
        locked.amend_reason = reason[:300]
        locked.recorded_by = by
        locked.recorded_at = now
        locked.signed_off_by = locked.signed_off_at = None
        locked.full_clean(exclude=["case"])
        locked.save()
        TimelineEntry.objects.create(
            patient_id=locked.case.patient_id, occurred_at=now, kind=TimelineKind.BOARD,
            title=f"Tumor board recommendation amended (version {locked.version})",
            summary=f"{locked.get_follow_up_kind_display()}: {locked.text} — reason: {reason}"
            [:500],
            source_type="tumorboard.Recommendation", source_id=str(locked.pk))
        record(request, codes.BOARD_RECOMMENDATION_AMENDED, user=by,
               patient=locked.case.patient, obj=locked,
               detail={"previous": previous, "version": locked.version, "reason": reason[:300],
                       "owner": locked.owner.username, "due_on": str(locked.due_on)})
    return locked


# -- a cancelled meeting's cases -----------------------------------------------------------------


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The next scheduled meeting after `meeting` (of the same series if it has one)."""
    later = Meeting.objects.filter(status=MeetingStatus.SCHEDULED,
                                   starts_at__gt=max(meeting.starts_at, timezone.now()))
    if meeting.series_id is not None:
        later = later.filter(series_id=meeting.series_id)
    return later.order_by("starts_at", "id").first()


def move_open_cases(meeting: Meeting, *, by: Any, request: HttpRequest | None = None,
                    now: datetime | None = None) -> dict[str, Any]:
    """Move a cancelled meeting's open (not yet presented) cases to the next meeting, in
    agenda order, in one action.

    The next meeting's submission cut-off and case cap hold as for a submission; cases that
    cannot move stay where they are, each with the reason. Returns {"target", "moved",
    "not_moved": [(case, reason)]}.
    """
    now = now or timezone.now()
    if not meeting.is_cancelled:
        raise BoardError(None, "Only a cancelled meeting's cases are moved together.")
    target = next_meeting(meeting)
    if target is None:
        raise BoardError(None, "There is no later meeting scheduled; schedule one first.")
    moved: list[BoardCase] = []
    not_moved: list[tuple[BoardCase, str]] = []
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=target.pk)
        cases = list(BoardCase.objects.select_for_update()
                     .filter(meeting=meeting, status__in=OPEN_CASE_STATUSES)
                     .select_related("patient").order_by("position", "id"))
        taken = list(BoardCase.objects.filter(meeting=locked, status__in=OPEN_CASE_STATUSES)
                     .values_list("patient_id", "position"))
        on_target = {pid for pid, _ in taken}
        free = locked.case_cap - len(taken)
        position = max((p for _, p in taken), default=0)
        cut_off = timezone.localtime(locked.submission_cutoff, program_zone())
        when = timezone.localtime(locked.starts_at, program_zone())
        for case in cases:
            if case.status != CaseStatus.SUBMITTED:
                not_moved.append((case, "already presented; submit it again if needed"))
            elif now > locked.submission_cutoff:
                not_moved.append((case, f"submissions for {when:%Y-%m-%d} closed at "
                                        f"{cut_off:%Y-%m-%d %H:%M}"))
            elif case.patient_id in on_target:
                not_moved.append((case, "the patient is already on that agenda"))
            elif free <= 0:
                not_moved.append((case, f"that agenda is full ({locked.case_cap} cases)"))
            else:
                position += 1
                free -= 1
                case.meeting, case.position = locked, position
                case.save(update_fields=["meeting", "position"])
                on_target.add(case.patient_id)
                moved.append(case)
                TimelineEntry.objects.create(
                    patient_id=case.patient_id, occurred_at=now, kind=TimelineKind.BOARD,
                    title="Tumor board case moved to the next meeting",
                    summary=f"The meeting was cancelled; now for {when:%Y-%m-%d %H:%M}: "
                            f"{case.question}"[:500],
                    source_type="tumorboard.BoardCase", source_id=str(case.pk))
        record(request, codes.BOARD_CASES_MOVED, user=by, obj=meeting,
               detail={"to": locked.pk, "moved": [c.pk for c in moved],
                       "not_moved": {str(c.pk): why for c, why in not_moved}})
    return {"target": locked, "moved": moved, "not_moved": not_moved}
