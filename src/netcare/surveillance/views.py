"""Surveillance pages: a patient's plans, the navigator worklist, working a follow-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.csrf import masked_token
from netcare.filter_forms import CleanFilter, clean_filter, fields_html
from netcare.patients import access
from netcare.program.layout import render_in_layout
from netcare.program.templatetags.form_errors import named
from netcare.rows import escape, url_per_row
from netcare.surveillance import actions
from netcare.surveillance.actions import WorklistRow
from netcare.surveillance.forms import FollowUpActionForm, PlanForm, WorklistForm
from netcare.surveillance.models import FollowUp, SurveillancePlan
from netcare.treatments.models import KIND_CHOICES
from netcare.tumors.models import Tumor
from netcare.words import value_in_words
from netcare.workup.actions import ResultInputError
from netcare.workup.dates import program_today

WORKLIST_LIMIT = 100


@login_required
@require_http_methods(["GET", "POST"])
def patient_plans(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Active plans with their follow-ups (three queries) and the form to generate one."""
    if not can(request.user, Action.VIEW_ANY_CHART):
        raise Http404("Not found.")
    may_generate = can(request.user, Action.GENERATE_SURVEILLANCE_PLAN)
    if request.method == "POST" and not may_generate:
        raise Http404("Not found.")
    patient = access.patient_for(request, patient_id)
    tumors = list(Tumor.objects.filter(patient=patient))
    form = PlanForm(request.POST or None, tumors=tumors) if may_generate and tumors else None
    status = 200
    if request.method == "POST":
        if form is not None and form.is_valid():
            tumor = next(t for t in tumors if t.pk == form.cleaned_data["tumor"])
            tumor.patient = patient
            try:
                actions.generate_plan(tumor, start_on=form.cleaned_data["start_on"],
                                      by=request.user, request=request)
            except ResultInputError as error:
                form.add_error(None, f"{error.field}: {error.detail}")
            else:
                messages.success(request, "Follow-up plan generated.")
                return redirect("surveillance:patient", patient_id=patient.pk)
        status = 400
    plans = list(SurveillancePlan.objects.filter(patient=patient, is_active=True)
                 .select_related("tumor").prefetch_related("follow_ups"))
    for plan in plans:
        plan.inputs_in_words = inputs_in_words(plan.inputs_used)  # type: ignore[attr-defined]
    return render(request, "surveillance/patient.html", {
        "patient": patient, "plans": plans, "form": form, "today": program_today()},
        status=status)


# What the plan was generated from (actions.plan_request stores it by these keys), in words.
_INPUT_LABELS = {
    "site": "site", "category": "WHO category", "grade": "grade", "m": "M", "stage": "stage",
    "resected": "resected", "metastatic": "metastatic", "under_treatment": "under treatment",
    "adverse_features": "adverse features", "size_cm": "size (cm)", "start_on": "plan starts",
    "treatments": "treatments", "reference": "rules",
}
_TREATMENT_KINDS = dict(KIND_CHOICES)


def inputs_in_words(used: dict[str, Any]) -> list[tuple[str, str]]:
    """A plan's inputs as (label, value): "site jejunum/ileum", "resected yes"; never the
    stored keys and codes."""
    rows = []
    # In the order above: PostgreSQL's jsonb does not keep the order keys were written.
    order = list(_INPUT_LABELS)
    for key, value in sorted(used.items(), key=lambda item: (
            order.index(item[0]) if item[0] in order else len(order))):
        if key == "site":
            value = str(value).replace("_", "/")
        elif key == "treatments":
            value = [_TREATMENT_KINDS.get(kind, kind) for kind in value or []]
        rows.append((_INPUT_LABELS.get(key, key.replace("_", " ")), value_in_words(value)))
    return rows


@login_required
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    """Due and overdue follow-ups across the program. One query + the audit INSERT."""
    if not can(request.user, Action.MANAGE_FOLLOW_UPS):
        raise Http404("Not found.")
    clean = clean_filter(WorklistForm, request.GET)
    if clean is None:
        form = WorklistForm(request.GET)
        form.is_valid()
        # Only the filter's error: "Nothing due." would claim a search that was not run.
        return render_in_layout(request, "surveillance/worklist.html", {
            "form": form, "filter_fields": fields_html(form), "rows": [], "invalid": True},
            title="Follow-up worklist", status=400)
    return _worklist_page(request, clean)


def _worklist_page(request: HttpRequest, form: CleanFilter, *,
                   refused: RefusedAction | None = None) -> HttpResponse:
    """The worklist for a valid filter `form`; with `refused`, that row comes back with what
    the navigator typed and the refusal by its field (status 400)."""
    today = program_today()
    within = form.cleaned_data["within_days"]
    rows = actions.worklist(today, within_days=30 if within is None else within,
                            overdue_only=form.cleaned_data["overdue"], limit=WORKLIST_LIMIT)
    record(request, codes.FOLLOW_UP_WORKLIST_VIEWED, detail={"shown": min(len(rows),
                                                                           WORKLIST_LIMIT)})
    shown = rows[:WORKLIST_LIMIT]
    refused_row = None
    if refused is not None:
        refused_row = next((row for row in shown if row.id == refused.follow_up_id), None)
        if refused_row is None:
            # Not among the rows this filter shows (a wider filter's row, past the first
            # 100): shown first, so what was typed is not lost.
            refused_row = actions.worklist_row(refused.follow_up_id)
            if refused_row is not None:
                shown = [refused_row, *shown]
    token = masked_token(request)  # one for the rows' forms and the layout's
    return render_in_layout(request, "surveillance/worklist.html", {
        "form": form, "filter_fields": fields_html(form), "rows": shown,
        "rows_html": worklist_rows(shown, today, csrf_token=token, refused=refused,
                                   page_filter=_filter_values(form)),
        "refused": refused, "refused_row": refused_row,
        "more": len(rows) > WORKLIST_LIMIT, "today": today},
        title="Follow-up worklist", status=200 if refused is None else 400, csrf_token=token)


_STATUS_LABELS = dict(FollowUp._meta.get_field("status").flatchoices)


def _filter_values(form: CleanFilter) -> dict[str, str]:
    """The page's filter as submitted values (nothing for the default filter)."""
    values = {}
    if form.cleaned_data["overdue"]:
        values["overdue"] = "on"
    if form.cleaned_data["within_days"] is not None:
        values["within_days"] = str(form.cleaned_data["within_days"])
    return values


def worklist_rows(rows: list[WorklistRow], today: date, *, csrf_token: str,
                  refused: RefusedAction | None = None,
                  page_filter: dict[str, str] | None = None) -> SafeString:
    """The worklist's table rows, built in Python (100 rows with two URLs, a CSRF field and a
    form each made the template loop most of the page's time). Every value is escaped.

    A row's HTML depends only on its values, today's date and the URL prefix, so it is kept
    (the most recent 4,096 rows per process; the worklist shows the same rows all day) with a
    marker where the page's CSRF field goes, put in once for the whole table. A `refused`
    row (what the navigator typed, and why it was refused) is built afresh, never kept.
    `page_filter`: the page's filter, posted with each row's form so that the worklist comes
    back as the navigator had filtered it.
    """
    prefix = get_script_prefix()
    if refused is None:
        html = "".join(_worklist_row(row, today, prefix) for row in rows)
    else:
        html = "".join(_row_html(row, today, prefix, refused)
                       if row.id == refused.follow_up_id else _worklist_row(row, today, prefix)
                       for row in rows)
    token = escape(csrf_token)
    hidden = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">' + "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in (page_filter or {}).items())
    return mark_safe(html.replace(_CSRF_MARK, hidden))  # every value is escaped


#: Stands for the CSRF field in a kept row; no escaped value can contain it (it has a NUL).
_CSRF_MARK = "\x00csrf\x00"


@lru_cache(maxsize=8)
def _row_urls(script_prefix: str) -> tuple[Callable[[object], str], Callable[[object], str]]:
    return (url_per_row("surveillance:patient", "patient_id"),
            url_per_row("surveillance:follow_up", "follow_up_id"))


@dataclass(frozen=True)
class RefusedAction:
    """A row action the worklist refused: what was typed, and the errors by field (`action`,
    `on`, or None for the follow-up as a whole), each naming its field."""

    follow_up_id: int
    action: str
    on: str
    note: str
    errors: dict[str | None, list[str]]


@lru_cache(maxsize=4096)
def _worklist_row(f: WorklistRow, today: date, script_prefix: str) -> str:
    """One row (see `worklist_rows`); `script_prefix` keys the URLs."""
    return _row_html(f, today, script_prefix)


_ACTIONS = (("schedule", "Schedule"), ("complete", "Complete"))


def _errors_html(element_id: str, errors: list[str]) -> str:
    items = "".join(f"<li>{escape(e)}</li>" for e in errors)
    return f'<ul class="errorlist" id="{element_id}">{items}</ul>'


def _row_html(f: WorklistRow, today: date, script_prefix: str,
              refused: RefusedAction | None = None) -> str:
    """One row's HTML; with `refused`, its form shows what was typed and the errors by their
    fields (the inputs marked invalid and described by them)."""
    pk = f.id
    overdue = ' <span class="badge">overdue</span>' if f.due_on < today else ""
    scheduled = f" {f.scheduled_for:%Y-%m-%d}" if f.scheduled_for else ""
    patient_url, action_url = _row_urls(script_prefix)
    if refused is None:
        options = ('<option value="schedule">Schedule</option><option value="complete">'
                   "Complete</option>")
        select_attrs = date_attrs = date_value = general = note = ""
        select_errors = date_errors = ""
        cell_class = ""
    else:
        errors = refused.errors
        options = "".join(
            f'<option value="{value}"{" selected" if value == refused.action else ""}>'
            f"{label}</option>" for value, label in _ACTIONS)
        select_attrs = (f' aria-invalid="true" aria-describedby="act-{pk}_error"'
                        if errors.get("action") else "")
        date_attrs = (f' aria-invalid="true" aria-describedby="on-{pk}_error"'
                      if errors.get("on") else "")
        date_value = f' value="{escape(refused.on)}"'
        general = (_errors_html(f"follow-up-{pk}_error", errors[None])
                   if errors.get(None) else "")
        select_errors = (_errors_html(f"act-{pk}_error", errors["action"])
                         if errors.get("action") else "")
        date_errors = _errors_html(f"on-{pk}_error", errors["on"]) if errors.get("on") else ""
        note = (f'<input type="hidden" name="note" value="{escape(refused.note)}">'
                if refused.note else "")
        cell_class = ' class="field-error"'
    # data-label: on a phone the table stacks into one card per row (`table.stack-sm`) and
    # each cell shows its column's name from it.
    return (
        f'<tr id="follow-up-{pk}"><td data-label="Due">{f.due_on:%Y-%m-%d}{overdue}</td>\n'
        f'<td data-label="Patient"><a href="{patient_url(f.patient_id)}">'
        f'{escape(f.last_name)}, {escape(f.first_name)}</a> <span class="muted">'
        f"{escape(f.mrn)} {escape(f.phone)}</span></td>\n"
        f'<td data-label="Primary">{escape(f.site_label)}</td>'
        f'<td data-label="What">{", ".join(escape(i) for i in f.item_list)}</td>'
        f'<td data-label="Status">{escape(_STATUS_LABELS.get(f.status, f.status))}'
        f"{scheduled}</td>\n"
        f'<td data-label="Schedule or complete"{cell_class}>{general}'
        f'<form method="post" action="{action_url(pk)}" class="inline">{_CSRF_MARK}{note}\n'
        f'<label for="act-{pk}">Action</label> <select id="act-{pk}" name="action"'
        f"{select_attrs}>{options}</select>{select_errors}\n"
        f'<label for="on-{pk}">Date</label> <input id="on-{pk}" type="date" name="on"'
        f"{date_value}{date_attrs} required>{date_errors} "
        '<button type="submit">Save</button></form></td></tr>'
    )


@login_required
@require_http_methods(["POST"])
def follow_up_action(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """Schedule or complete a follow-up (navigators)."""
    if not can(request.user, Action.MANAGE_FOLLOW_UPS):
        raise Http404("Not found.")
    try:
        follow_up = FollowUp.objects.get(pk=follow_up_id)
    except FollowUp.DoesNotExist:
        raise Http404("Not found.") from None
    follow_up.patient = access.patient_for(request, follow_up.patient_id)
    form = FollowUpActionForm(request.POST)
    if not form.is_valid():
        return _refused(request, follow_up, form, {
            name: [named(e, form.fields[name].label) for e in errs]
            for name, errs in form.errors.items()})
    try:
        if form.cleaned_data["action"] == "schedule":
            actions.schedule_follow_up(follow_up, form.cleaned_data["on"], by=request.user,
                                       request=request)
        else:
            actions.complete_follow_up(follow_up, form.cleaned_data["on"], by=request.user,
                                       note=form.cleaned_data["note"], request=request)
    except ResultInputError as error:
        field = error.field if error.field in ("action", "on") else None
        label = form.fields[field].label if field else None
        detail = error.detail[:1].upper() + error.detail[1:]
        return _refused(request, follow_up, form, {field: [named(detail, label)]})
    messages.success(request, "Follow-up updated.")
    values = _filter_values(_posted_filter(request))
    return redirect(reverse("surveillance:worklist") + (f"?{urlencode(values)}" if values else ""))


def _posted_filter(request: HttpRequest) -> CleanFilter:
    """The filter of the worklist the row was on (posted with the row's form); the default
    filter when none was posted or it is not valid."""
    posted = QueryDict(mutable=True)
    for name in ("overdue", "within_days"):
        if name in request.POST:
            posted[name] = request.POST[name]
    clean = clean_filter(WorklistForm, posted) or clean_filter(WorklistForm, QueryDict())
    if clean is None:  # pragma: no cover - the empty filter is valid
        raise RuntimeError("the worklist's default filter is not valid")
    return clean


def _refused(request: HttpRequest, follow_up: FollowUp, form: FollowUpActionForm,
             errors: dict[str | None, list[str]]) -> HttpResponse:
    """The worklist again (400), the refused row showing what was typed and why."""
    page_form = _posted_filter(request)
    data = form.data
    return _worklist_page(request, page_form, refused=RefusedAction(
        follow_up_id=follow_up.pk, action=str(data.get("action", "")),
        on=str(data.get("on", "")), note=str(data.get("note", "")),
        errors={k: v for k, v in errors.items() if v}))
