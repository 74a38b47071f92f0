"""The public referral form and its confirmation; the navigator's queue, triage and conversion;
a referring physician's own referrals ("My referrals")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from netcare.accounts.models import Role
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import client_address, record, record_statement
from netcare.filter_forms import clean_filter, fields_html
from netcare.patients import access
from netcare.patients.actions import DuplicatePatientError, possible_duplicates
from netcare.patients.models import Patient
from netcare.precompiled import CompiledRows
from netcare.program.layout import render_in_layout
from netcare.referrals.actions import (
    AlreadyConvertedError,
    AlreadySubmittedError,
    MrnInUseError,
    NotAdmittedError,
    convert_referral,
    earlier_submission,
    keep_documents,
    submit_referral,
    triage_referral,
)
from netcare.referrals.flags import SYMPTOM_LABELS, SYNDROME_LABELS
from netcare.referrals.forms import (
    ConvertForm,
    PageForm,
    QueueFilterForm,
    ReferralForm,
    TriageForm,
)
from netcare.referrals.models import (
    Referral,
    ReferralDocument,
    ReferralStatus,
    ReferralStatusChange,
)
from netcare.referrals.spam import (
    give_back_allowance,
    rate_limited,
    stamp_token,
    take_allowance,
)
from netcare.rows import escape, url_per_row

PAGE_SIZE = 50
SESSION_KEY = "referral_reference"
SENT_WITH_KEY = "referral_sent_with"  # the token of the referral SESSION_KEY names


def _require(request: HttpRequest, action: Action) -> None:
    if not can(request.user, action):
        raise Http404("Not found.")


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _referring_physician(request: HttpRequest) -> Any:
    """The signed-in referring physician, or None for anyone else."""
    user: Any = request.user
    if user.is_authenticated and user.role == Role.REFERRING_PHYSICIAN:
        return user
    return None


def _physician_initial(physician: Any) -> dict[str, str]:
    """The referrer's name from their account; practice and its phone from their latest
    referral that gave them (accounts hold no practice), so they are not typed every time."""
    initial = {"referring_physician_name": physician.get_full_name() or physician.username}
    last = (Referral.objects.filter(submitted_by=physician).exclude(referring_practice="")
            .order_by("-created_at", "-id")
            .values("referring_practice", "referring_phone").first())
    if last is not None:
        initial.update(last)
    return initial


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    """The public referral form (anyone may send it; signed-in senders are recorded). For a
    signed-in referring physician it is a physician referral, their name filled in.

    One rendered form stores one referral: sent again unchanged (a double click, a retried
    request), even at the same moment, it shows the first one's confirmation and counts
    nothing against the address's allowance (see `actions.submission_key`). So does a form
    with the same details as the last referral this browser stored: Back after the
    confirmation shows the form afresh, with a new token, and the browser fills in what was
    typed.

    A form sent back (a mistake, the rate limit) keeps its documents: a file input cannot be
    filled again, so they are held for the form and listed on it, each with a box to remove
    it, and the form sent again stores them (`actions.keep_documents`) — within caps per
    address and in total, a file over them named on the documents field."""
    physician = _referring_physician(request)
    context = {"physician": physician}
    if request.method == "POST":
        address = client_address(request)
        form = ReferralForm(request.POST, request.FILES, physician=physician)
        valid = form.is_valid()
        data = dict(form.cleaned_data) if valid else {}
        files = data.pop("documents", [])
        once = stamp_token(data.pop("stamp", ""))
        remove = [int(pk) for pk in request.POST.getlist("remove_held") if pk.isdigit()]
        if valid:
            for sent_with in dict.fromkeys((once, request.session.get(SENT_WITH_KEY, ""))):
                earlier = earlier_submission(data, by=request.user, once=sent_with)
                if earlier is not None:
                    return _confirmed(request, earlier, sent_with)
        # Only referrals stored count towards the limit: a form sent back with mistakes
        # uses up nothing, so the person can correct it as often as needed.
        if rate_limited(address):
            return _refused_by_rate_limit(request, form, context, remove)
        if valid:
            counted = stored = False

            def admit() -> bool:
                nonlocal counted
                counted = take_allowance(address)
                return counted

            try:
                referral = submit_referral(data, files, by=request.user, request=request,
                                           once=once, admit=admit, held_for=once,
                                           remove_held=remove)
                stored = True
                return _confirmed(request, referral, once)
            except AlreadySubmittedError as already:  # sent at the same moment, stored first
                return _confirmed(request, already.referral, once)
            except NotAdmittedError:  # others from the address got there first
                return _refused_by_rate_limit(request, form, context, remove)
            except ValidationError as error:
                _apply_errors(form, error)
            finally:
                if counted and not stored:  # counted, then the transaction was undone
                    give_back_allowance(address)
        return _sent_back(request, form, context, remove, status=400)
    initial = _physician_initial(physician) if physician is not None else None
    return render(request, "referrals/new.html", {
        **context, "form": ReferralForm(initial=initial, physician=physician)})


def _sent_back(request: HttpRequest, form: ReferralForm, context: dict[str, Any],
               remove: list[int], *, status: int) -> HttpResponse:
    """The form again as sent, with its errors and the documents kept for it: those held
    before less the ones marked for removal (`remove`), and the files just sent that passed
    their checks. A form with the spam trap filled in keeps no new files."""
    uploads = [] if form.data.get("website") else form.checked_uploads
    kept = keep_documents(stamp_token(str(form.data.get("stamp", ""))), uploads,
                          remove=remove, request=request)
    for problem in kept.not_kept:
        form.add_error("documents", problem)
    return render(request, "referrals/new.html",
                  {**context, "form": form, "kept": kept.documents}, status=status)


def _confirmed(request: HttpRequest, referral: Referral, sent_with: str) -> HttpResponse:
    """To the confirmation of `referral`, stored with the one-time token `sent_with`."""
    request.session[SESSION_KEY] = referral.reference
    request.session[SENT_WITH_KEY] = sent_with
    return redirect("referrals:thanks")


def _refused_by_rate_limit(request: HttpRequest, form: ReferralForm,
                           context: dict[str, Any], remove: list[int]) -> HttpResponse:
    """429 with the form as sent (its own errors too), so nothing typed or attached is lost."""
    record(request, codes.REFERRAL_REFUSED, detail={"why": "rate limit"})
    form.is_valid()
    form.add_error(None, "Too many referrals were sent from your connection. Please try again "
                         "later, or call us.")
    return _sent_back(request, form, context, remove, status=429)


@require_http_methods(["GET"])
def referral_thanks(request: HttpRequest) -> HttpResponse:
    """Confirmation with the reference number; only for the browser that sent the referral."""
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("referrals:new")
    return render(request, "referrals/thanks.html", {
        "reference": reference, "may_follow": can(request.user, Action.VIEW_OWN_REFERRALS)})


@login_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    """The navigator's queue, urgent first. One query whatever the page size, which writes the
    audit entry too on PostgreSQL (elsewhere the entry is a second statement)."""
    _require(request, Action.TRIAGE_REFERRAL)
    form: Any = clean_filter(QueueFilterForm, request.GET)
    if form is None:
        form = QueueFilterForm(request.GET)
        form.is_valid()
        return render_in_layout(request, "referrals/queue.html", {
            "form": form, "filter_fields": fields_html(form), "referrals": []},
            title="Referral queue", status=400)
    page = form.cleaned_data["page"] or 1
    start = (page - 1) * PAGE_SIZE
    viewed = record_statement(request, codes.REFERRAL_QUEUE_VIEWED,
                              detail={k: str(v) for k, v in form.cleaned_data.items()})
    rows = queue_page(request.user, start=start, stop=start + PAGE_SIZE + 1, then=viewed, **{
        k: form.cleaned_data[k] for k in ("status", "flag", "mine")})
    return render_in_layout(request, "referrals/queue.html", {
        "form": form, "filter_fields": fields_html(form), "referrals": rows[:PAGE_SIZE],
        "rows_html": queue_rows(rows[:PAGE_SIZE]),
        "page": page, "has_next": len(rows) > PAGE_SIZE,
    }, title="Referral queue")


class QueueRow(NamedTuple):
    """One referral of the queue, as `queue_rows` shows it."""

    id: int
    reference: str
    first_name: str
    last_name: str
    date_of_birth: date
    flags: Any  # the database's list of flag dicts (tuples once frozen for `_queue_row`)
    priority: int
    status: str
    created_at: datetime
    assigned_first_name: str | None
    assigned_last_name: str | None
    assigned_username: str | None


def _queue_queryset(shape: tuple[str, str, bool, int, int], *values: Any) -> Any:
    """`filtered_queue` as rows; `shape`: (status, flag, mine, start, stop) with status "",
    "all" or "one" (then the status is the first value); the user's id follows when mine."""
    status, flag, mine, start, stop = shape
    referrals = Referral.objects.all()
    if status == "":
        referrals = referrals.exclude(
            status__in=[ReferralStatus.CONVERTED, ReferralStatus.DECLINED])
    elif status == "one":
        referrals = referrals.filter(status=values[0])
        values = values[1:]
    if flag:
        referrals = referrals.filter(**{f"flag_{flag}": True})
    if mine:
        referrals = referrals.filter(assigned_to_id=values[0])
    return referrals.order_by("priority", "created_at", "id").values_list(
        "id", "reference", "first_name", "last_name", "date_of_birth", "flags", "priority",
        "status", "created_at", "assigned_to__first_name", "assigned_to__last_name",
        "assigned_to__username")[start:stop]


_QUEUE = CompiledRows(Referral, _queue_queryset)


def queue_page(user: Any, *, status: str = "", flag: str = "", mine: bool = False,
               start: int, stop: int,
               then: tuple[str, Sequence[Any]] | None = None) -> list[QueueRow]:
    """Rows `start` .. `stop` of the queue as `filtered_queue` orders and filters it. One
    query, compiled once per filter and page (`CompiledRows`). `then`: a statement (the
    view's audit entry, `audit.log.record_statement`) run with it, in the same statement on
    PostgreSQL, after it elsewhere."""
    status_shape = status if status in ("", "all") else "one"
    values: list[Any] = [] if status_shape != "one" else [status]
    if mine:
        values.append(int(user.pk))
    shape = (status_shape, flag, mine, start, stop)
    if then is None:
        rows = _QUEUE.rows(shape, *values)
    else:
        rows, ran = _QUEUE.rows_then(shape, *values, then=lambda _found: then)
        if not ran:
            with connection.cursor() as cursor:
                cursor.execute(*then)
    return [QueueRow._make(row) for row in rows]


_PRIORITY_LABELS = dict(Referral._meta.get_field("priority").flatchoices)
_STATUS_LABELS = dict(Referral._meta.get_field("status").flatchoices)


def queue_rows(referrals: list[QueueRow]) -> SafeString:
    """The queue's table rows, built in Python (a template loop with an include and a URL per
    row was most of the page's time). Every value is escaped; times in the program's zone.

    A row's HTML depends only on its values, the zone and the URL prefix, so it is kept (the
    most recent 4,096 rows per process): the queue shows the same rows to every navigator.
    """
    zone = timezone.get_current_timezone()
    prefix = get_script_prefix()
    return mark_safe("".join(  # every value is escaped
        _queue_row(r._replace(flags=_frozen_flags(r.flags)), zone, prefix) for r in referrals))


def _frozen_flags(flags: Any) -> tuple[tuple[str, str, str], ...]:
    return tuple((f.get("code", ""), f.get("label", ""), f.get("reason", "")) for f in flags or [])


@lru_cache(maxsize=4096)
def _queue_row(r: QueueRow, zone: Any, script_prefix: str) -> str:
    """One row (see `queue_rows`); `r.flags` as (code, label, reason) tuples."""
    flags = "".join(
        f'<span class="badge {"bad" if code == "urgent" else "warn"}" '
        f'title="{escape(reason)}">{escape(label)}</span> '
        for code, label, reason in r.flags)
    if r.assigned_username is not None:
        name = f"{r.assigned_first_name or ''} {r.assigned_last_name or ''}".strip()
        assigned = escape(name or r.assigned_username)
    else:
        assigned = '<span class="muted">nobody</span>'
    received = r.created_at.astimezone(zone)
    return (
        # data-label: each cell's column name for the stacked layout on a phone (stack-sm).
        f'<tr><td data-label="Reference"><a href="{_detail_url(script_prefix)(r.id)}">'
        f"{escape(r.reference)}</a></td>\n"
        f'<td data-label="Person">{escape(r.last_name)}, {escape(r.first_name)} '
        f"({r.date_of_birth:%Y-%m-%d})</td>\n"
        f'<td data-label="Priority">{escape(_PRIORITY_LABELS.get(r.priority, r.priority))}'
        f'</td>\n<td data-label="Flags">{flags}</td>\n'
        f'<td data-label="Status">{escape(_STATUS_LABELS.get(r.status, r.status))}</td>\n'
        f'<td data-label="Assigned">{assigned}</td>\n'
        f'<td data-label="Received">{received:%Y-%m-%d %H:%M}</td></tr>\n'
    )


@lru_cache(maxsize=8)
def _detail_url(script_prefix: str) -> Callable[[object], str]:
    return url_per_row("referrals:detail", "referral_id")


def filtered_queue(user: Any, *, status: str = "", flag: str = "", mine: bool = False) -> Any:
    """The queue's queryset: open referrals by default, urgent first then oldest first."""
    referrals = Referral.objects.select_related("assigned_to").only(
        "reference", "source", "first_name", "last_name", "date_of_birth", "flags",
        "priority", "status", "created_at", "assigned_to__first_name",
        "assigned_to__last_name", "assigned_to__username",
    )
    if status == "":
        referrals = referrals.exclude(
            status__in=[ReferralStatus.CONVERTED, ReferralStatus.DECLINED])
    elif status != "all":
        referrals = referrals.filter(status=status)
    if flag:
        referrals = referrals.filter(**{f"flag_{flag}": True})
    if mine:
        referrals = referrals.filter(assigned_to=user)
    return referrals.order_by("priority", "created_at", "id")


def _referral_for(request: HttpRequest, referral_id: int) -> Referral:
    _require(request, Action.TRIAGE_REFERRAL)
    try:
        referral: Referral = Referral.objects.select_related(
            "assigned_to", "patient", "submitted_by").get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404("No such referral.") from None
    return referral


@login_required
@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral_for(request, referral_id)
    record(request, codes.REFERRAL_VIEWED, obj=referral)
    return _render_detail(request, referral)


def _render_detail(request: HttpRequest, referral: Referral, *, triage_form: Any = None,
                   convert_form: Any = None, duplicates: Any = (),
                   mrn_holder: Patient | None = None, status: int = 200) -> Any:
    """`duplicates`: same name and date of birth, which the navigator may confirm are other
    people; `mrn_holder`: the patient who has the MRN typed, which no confirmation gets past."""
    triage_form = triage_form or TriageForm(initial={
        "status": referral.status, "priority": referral.priority,
        "assigned_to": referral.assigned_to_id})
    convert_form = convert_form or ConvertForm()
    # Nothing to confirm until a possible duplicate has been found and shown; a tick already
    # given is kept (a form sent back for a missing sex), except beside an MRN clash, which
    # the box does not settle.
    kept_tick = mrn_holder is None and convert_form["confirm_not_duplicate"].value()
    if not duplicates and not kept_tick:
        del convert_form.fields["confirm_not_duplicate"]
    return render(request, "referrals/detail.html", {
        "referral": referral,
        **referral_in_words(referral),
        "history": history_lines(referral.history.select_related("by"), staff_view=True),
        "documents": referral.documents.all(),
        "triage_form": triage_form, "convert_form": convert_form,
        "duplicates": duplicates, "mrn_holder": mrn_holder,
    }, status=status)


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def referral_in_words(referral: Referral) -> dict[str, Any]:
    """What the referral says, in the words of the form it was sent with (codes never shown)."""
    referrer = ", ".join(part for part in (
        referral.referring_physician_name, referral.referring_practice,
        referral.referring_phone) if part.strip())
    return {
        "symptoms": [SYMPTOM_LABELS.get(code, code) for code in referral.symptoms],
        "syndromes": [SYNDROME_LABELS.get(code, code) for code in referral.hereditary_syndromes],
        "referrer": referrer,
    }


class HistoryLine(NamedTuple):
    at: datetime
    text: str
    reason: str


def history_lines(changes: Iterable[ReferralStatusChange], *, staff_view: bool
                  ) -> list[HistoryLine]:
    """The status history as sentences: "Received (New), sent by …" for the first entry,
    "Triaged → Contacted, by …" after it. The referrer (`staff_view=False`) sees when and
    what, not which navigator or their notes."""
    lines = []
    for change in changes:
        to = _STATUS_LABELS.get(change.to_status, change.to_status)
        if not change.from_status:
            text = f"Received ({to})"
            if staff_view:
                text += (f", sent by {_person(change.by)}" if change.by is not None
                         else ", sent through the public form")
            # The automatic "submitted" note says nothing the sentence does not.
            reason = "" if change.reason == "submitted" else change.reason
        else:
            text = f"{_STATUS_LABELS.get(change.from_status, change.from_status)} → {to}"
            if staff_view and change.by is not None:
                text += f", by {_person(change.by)}"
            reason = change.reason
        lines.append(HistoryLine(change.at, text, reason if staff_view else ""))
    return lines


@login_required
@require_http_methods(["POST"])
def referral_triage(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral_for(request, referral_id)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            triage_referral(
                referral, by=request.user, request=request, status=form.cleaned_data["status"],
                priority=form.cleaned_data["priority"],
                assigned_to=form.cleaned_data["assigned_to"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{referral.reference} updated.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return _render_detail(request, referral, triage_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def referral_convert(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Register the referred person as a patient (or link to an existing one after a match)."""
    referral = _referral_for(request, referral_id)
    _require(request, Action.REGISTER_PATIENT)
    link_to = request.POST.get("link_patient")
    form = ConvertForm(request.POST)
    try:
        if link_to:
            existing = access.patient_for(request, int(link_to)) if link_to.isdigit() else None
            if existing is None:
                raise Http404("No such patient.")
            patient = convert_referral(referral, by=request.user, request=request,
                                       existing_patient=existing)
        elif form.is_valid():
            patient = convert_referral(
                referral, by=request.user, request=request, mrn=form.cleaned_data["mrn"],
                sex=form.cleaned_data["sex"],
                allow_same_name_and_birth_date=form.cleaned_data["confirm_not_duplicate"],
            )
        else:
            return _render_detail(request, referral, convert_form=form, status=400)
    except MrnInUseError as error:
        form.is_valid()
        holder = error.existing[0]
        form.add_error("mrn", f"another patient already has this medical record number: "
                              f"{holder.full_name}, born {holder.date_of_birth:%Y-%m-%d}. Check "
                              f"the number, or link the referral to them if they are the same "
                              f"person.")
        # Same name and date of birth is a separate question, still for the navigator to
        # settle once the MRN is free.
        others = [p for p in possible_duplicates(
            referral.first_name, referral.last_name, referral.date_of_birth) if p != holder]
        return _render_detail(request, referral, convert_form=form, duplicates=others,
                              mrn_holder=holder, status=400)
    except DuplicatePatientError as error:
        form.is_valid()
        form.add_error(None, "A patient with the same name and date of birth exists. Link the "
                             "referral to them, or confirm a different person.")
        return _render_detail(request, referral, convert_form=form, duplicates=error.existing,
                              status=400)
    except AlreadyConvertedError:
        messages.error(request, f"{referral.reference} is already converted.")
        return redirect("referrals:detail", referral_id=referral.pk)
    except (ValidationError, IntegrityError):
        form.is_valid()
        form.add_error("mrn", "another patient already has this medical record number")
        return _render_detail(request, referral, convert_form=form, status=400)
    messages.success(request, f"{referral.reference} converted: {patient.full_name}.")
    return redirect("patients:chart", patient_id=patient.pk)


@login_required
@require_http_methods(["GET"])
def document_download(request: HttpRequest, referral_id: int, document_id: int) -> Any:
    """Staff download of an uploaded file, as an attachment, audited."""
    referral = _referral_for(request, referral_id)
    try:
        document = ReferralDocument.objects.get(pk=document_id, referral=referral)
    except ReferralDocument.DoesNotExist:
        raise Http404("No such document.") from None
    record(request, codes.REFERRAL_DOCUMENT_DOWNLOADED, obj=document, patient=referral.patient,
           detail={"reference": referral.reference, "name": document.original_name})
    from netcare.referrals.uploads import CONTENT_TYPES

    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name,
                            content_type=CONTENT_TYPES.get(document.kind))
    return response


MY_PAGE_SIZE = 25


class OwnReferralRow(NamedTuple):
    """One referral of "My referrals", as the page shows it."""

    id: int
    reference: str
    created_at: datetime
    first_name: str
    last_name: str
    status: str
    last_change: datetime | None

    @property
    def status_label(self) -> str:
        return str(_STATUS_LABELS.get(self.status, self.status))


def own_referrals_page(user: Any, *, start: int, stop: int) -> list[OwnReferralRow]:
    """Rows `start` .. `stop` of the referrals `user` submitted, newest first: one query, the
    last status change read by a subquery per row of the page."""
    last_change = (ReferralStatusChange.objects.filter(referral=OuterRef("pk"))
                   .order_by("-at", "-id").values("at")[:1])
    rows = (Referral.objects.filter(submitted_by=user)
            .annotate(last_change=Subquery(last_change))
            .order_by("-created_at", "-id")
            .values_list("id", "reference", "created_at", "first_name", "last_name", "status",
                         "last_change")[start:stop])
    return [OwnReferralRow._make(row) for row in rows]


@login_required
@require_http_methods(["GET"])
def my_referrals(request: HttpRequest) -> HttpResponse:
    """A referring physician's own referrals and where each stands. One query for the rows
    whatever the page size, plus the audit INSERT (the page names patients)."""
    _require(request, Action.VIEW_OWN_REFERRALS)
    form = PageForm(request.GET)
    if not form.is_valid():
        return render(request, "referrals/mine.html", {"form": form, "referrals": []},
                      status=400)
    page = form.cleaned_data["page"] or 1
    start = (page - 1) * MY_PAGE_SIZE
    # One row more than a page tells whether there is a next page, without a COUNT(*).
    rows = own_referrals_page(request.user, start=start, stop=start + MY_PAGE_SIZE + 1)
    shown = rows[:MY_PAGE_SIZE]
    record(request, codes.REFERRAL_LIST_VIEWED, detail={
        "page": page, "shown": len(shown), "references": [r.reference for r in shown]})
    return render(request, "referrals/mine.html", {
        "form": form, "referrals": shown, "page": page, "has_next": len(rows) > MY_PAGE_SIZE})


@login_required
@require_http_methods(["GET"])
def my_referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """One of the physician's own referrals: what they sent and where it stands. Another
    physician's referral answers 404, like one that does not exist."""
    _require(request, Action.VIEW_OWN_REFERRALS)
    try:
        referral = Referral.objects.select_related("patient").get(
            pk=referral_id, submitted_by=request.user)
    except Referral.DoesNotExist:
        raise Http404("No such referral.") from None
    record(request, codes.REFERRAL_VIEWED, obj=referral, patient=referral.patient,
           detail={"reference": referral.reference})
    return render(request, "referrals/mine_detail.html", {
        "referral": referral,
        **referral_in_words(referral),
        "history": history_lines(referral.history.all(), staff_view=False),
        "documents": referral.documents.all(),
    })
