"""Registry pages: search and list, register, the chart, the patient's own chart."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.csrf import masked_token
from netcare.patients import access, chart_cache
from netcare.patients.actions import (
    DuplicatePatientError,
    create_portal_account,
    register_patient,
    update_patient_contact,
)
from netcare.patients.forms import (
    PatientDetailsForm,
    PatientForm,
    PatientSearchForm,
    TimelineFilterForm,
)
from netcare.patients.models import Patient, TimelineEntry, TimelineKind
from netcare.patients.search import search_page
from netcare.program.layout import SafeHTMLBytes, render_in_layout, render_page
from netcare.rows import escape, url_per_row

PAGE_SIZE = 25
TIMELINE_LIMIT = 200


def _require(request: HttpRequest, action: Action) -> None:
    if not can(request.user, action):
        # Forbidden answers like missing: no leak of what exists.
        raise Http404("Not found.")


@login_required
@require_http_methods(["GET"])
def patient_list(request: HttpRequest) -> HttpResponse:
    """Search and page through the program's patients. Two queries, whatever the page size."""
    _require(request, Action.VIEW_PATIENT_LIST)
    form = PatientSearchForm(request.GET)
    if not form.is_valid():
        return render_in_layout(request, "patients/list.html", {"form": form, "patients": []},
                                title="Patients", status=400)
    query = form.cleaned_data["q"] or ""
    page = form.cleaned_data["page"] or 1
    # No COUNT(*): fetch one row more than a page to know whether there is a next page.
    rows, understood = search_page(request.user, query, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1)
    record(
        request,
        codes.PATIENT_SEARCHED if query else codes.PATIENT_LIST_VIEWED,
        detail={"q": query, "page": page, "shown": min(len(rows), PAGE_SIZE)},
    )
    context = {
        "form": form,
        "patients": rows[:PAGE_SIZE],
        "rows_html": patient_rows(rows[:PAGE_SIZE]),
        "query": query,
        "understood": understood,
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "can_register": can(request.user, Action.REGISTER_PATIENT),
    }
    if request.headers.get("HX-Request"):
        return render(request, "patients/_rows.html", context)
    return render_in_layout(request, "patients/list.html", context, title="Patients")


_SEX_LABELS = dict(Patient._meta.get_field("sex").flatchoices)


def patient_rows(rows: Iterable[Any]) -> SafeString:
    """The result table's rows, built in Python (the template loop with a `{% url %}` per row
    was most of a search's time). Every value is escaped. `rows`: `search.PatientRow`s."""
    chart_url = url_per_row("patients:chart", "patient_id")
    items = []
    for p in rows:
        deceased = ' <span class="badge">deceased</span>' if p.deceased_on else ""
        items.append(
            f'<tr><td><a href="{chart_url(p.id)}">{escape(p.last_name)}, '
            f"{escape(p.first_name)}</a>{deceased}</td><td>{escape(p.mrn)}</td>"
            f"<td>{p.date_of_birth:%Y-%m-%d}</td>"
            f'<td class="hide-sm">{escape(_SEX_LABELS.get(p.sex, p.sex))}</td></tr>'
        )
    return mark_safe("".join(items))  # every value above is escaped


@login_required
@require_http_methods(["GET", "POST"])
def patient_new(request: HttpRequest) -> HttpResponse:
    """Register a patient, warning about a possible duplicate before creating one."""
    _require(request, Action.REGISTER_PATIENT)
    duplicates: list[Patient] = []
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_not_duplicate"}
        try:
            patient = register_patient(
                data,
                by=request.user,
                request=request,
                allow_same_name_and_birth_date=form.cleaned_data["confirm_not_duplicate"],
            )
        except DuplicatePatientError as error:
            duplicates = error.existing
            form.add_error(
                None,
                "A patient with the same name and date of birth exists. "
                "Open their chart, or confirm this is a different person.",
            )
        except IntegrityError:
            form.add_error("mrn", "Medical record number: another patient already has it.")
        else:
            messages.success(request, f"{patient.full_name} registered.")
            return redirect("patients:chart", patient_id=patient.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "patients/new.html", {"form": form, "duplicates": duplicates}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Correct a patient's details (name, birth date, contact, language, date of death)
    through `update_patient_contact`, which audits old and new values. Staff who may edit
    demographics only; opening the page is audited as the chart is."""
    _require(request, Action.EDIT_PATIENT_DEMOGRAPHICS)
    patient = access.patient_for(request, patient_id)
    # The form works on a copy: validation writes into its instance, and the action must see
    # the old values to audit the change.
    form = PatientDetailsForm(request.POST or None, instance=copy.copy(patient))
    if request.method == "POST" and form.is_valid():
        try:
            update_patient_contact(patient, {k: form.cleaned_data[k] for k in form.fields},
                                   by=request.user, request=request)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{patient.full_name}: details saved.")
            return redirect("patients:chart", patient_id=patient.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "patients/edit.html", {"form": form, "patient": patient},
                  status=status)


_TIMELINE_KINDS = frozenset(TimelineKind.values)


def chart_page(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The chart page: the header and the body (cached, see chart_cache) in the layout
    (`program.layout`: rendered once per kind of viewer, like the body once per version)."""
    # The filter is read without its form (the form is built only when the body is rendered:
    # on a cached body, building it was a measurable share of the view). An unknown kind
    # shows every kind, as the form's validation would.
    kind = request.GET.get("kind", "")
    if kind not in _TIMELINE_KINDS:
        kind = ""

    def render_body() -> str:
        filter_form = TimelineFilterForm(request.GET)
        filter_form.is_valid()
        return render_to_string("patients/_chart_body.html",
                                _chart_body_context(request, patient, filter_form, kind))

    key = chart_cache.body_key(patient.pk, patient.chart_version, request.user, kind)
    body = chart_cache.cached_body(key, render_body)
    can_create_portal_account = patient.user_id is None and can(
        request.user, Action.CREATE_PORTAL_ACCOUNT
    )
    token = masked_token(request)  # one masked token for the header's form and the layout's
    header = chart_header(patient, can_create_portal_account, token,
                          can_edit_details=can(request.user, Action.EDIT_PATIENT_DEMOGRAPHICS))
    # The body was rendered by the template engine and escaped there.
    return render_page(request, title=patient.full_name,
                       content=SafeHTMLBytes(b"%s\n%s" % (header.encode(), body)),
                       csrf_token=token)


def chart_header(patient: Patient, can_create_portal_account: bool, csrf_token: str, *,
                 can_edit_details: bool = False) -> SafeString:
    """The chart's header (name, MRN, birth date, sex, language, phone, the "Edit details"
    link, the portal sign-in button), built in Python: it is rendered on every chart view, and
    the template's tags cost a tenth of a cached view. Every value is escaped. `csrf_token`:
    the request's."""
    lang = patient.preferred_language
    parts = [
        f"<h1>{escape(patient.last_name)}, {escape(patient.first_name)}</h1>",
        f"<span>MRN <strong>{escape(patient.mrn)}</strong></span>",
        f"<span>Born {patient.date_of_birth:%Y-%m-%d}</span>",
        f"<span>{escape(_SEX_LABELS.get(patient.sex, patient.sex))}</span>",
        f"<span>Prefers {escape(_LANGUAGE_LABELS.get(lang, lang))}</span>",
    ]
    if patient.phone:
        parts.append(f"<span>Phone {escape(patient.phone)}</span>")
    if patient.deceased_on:
        parts.append(f'<span class="badge">Deceased {patient.deceased_on:%Y-%m-%d}</span>')
    if can_edit_details:
        parts.append(f'<a href="{escape(_edit_url(get_script_prefix())(patient.pk))}">'
                     "Edit details</a>")
    if can_create_portal_account:
        action = escape(_portal_account_url(get_script_prefix())(patient.pk))
        parts.append(
            f'<form method="post" action="{action}" class="inline">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            '<button type="submit">Create portal sign-in</button></form>'
        )
    inner = "\n  ".join(parts)
    return mark_safe(  # every value above is escaped
        f'<section class="panel chart-header" aria-label="Patient">\n  {inner}\n</section>'
    )


#: The labels `get_sex_display` and `get_preferred_language_display` give, looked up directly
#: (Django's methods rebuild a hashable copy of the choices on every call).
_SEX_LABELS = dict(Patient._meta.get_field("sex").flatchoices)
_LANGUAGE_LABELS = dict(Patient._meta.get_field("preferred_language").flatchoices)


@lru_cache(maxsize=8)
def _edit_url(script_prefix: str) -> Callable[[object], str]:
    """Patient id -> their "Edit details" page's URL (`script_prefix` keys it)."""
    return url_per_row("patients:edit", "patient_id")


@lru_cache(maxsize=8)
def _portal_account_url(script_prefix: str) -> Callable[[object], str]:
    """Patient id -> the portal sign-in form's URL (`script_prefix` keys it: a `reverse` was
    a thirtieth of a cached chart view)."""
    return url_per_row("patients:portal_account_new", "patient_id")


def _chart_body_context(
    request: HttpRequest, patient: Patient, filter_form: TimelineFilterForm, kind: str
) -> dict[str, Any]:
    """Panels and timeline: everything the body shows, read after the chart version."""
    entries = TimelineEntry.objects.filter(patient=patient)
    if not can(request.user, Action.VIEW_ANY_CHART):
        entries = entries.filter(released_to_patient=True)
    if kind:
        entries = entries.filter(kind=kind)
    # Plain rows (named tuples: `.title`, `.occurred_at`...), not 200 model instances.
    timeline = list(
        entries.values_list(
            "occurred_at", "kind", "title", "summary", "released_to_patient", "recorded_at",
            named=True,
        )[:TIMELINE_LIMIT]
    )
    planned, history = split_planned(timeline, timezone.localdate())
    return {
        "patient": patient,
        "timeline": timeline,
        "planned": planned,
        "planned_items": timeline_items(planned, planned=True),
        "history": history,
        "timeline_items": timeline_items(history),
        "filter_form": filter_form,
        "kind": kind,
        "timeline_limit": TIMELINE_LIMIT,
        "panels": chart_panels(request, patient),
    }


_KIND_LABELS = dict(TimelineKind.choices)


def split_planned(entries: list[Any], today: date) -> tuple[list[Any], list[Any]]:
    """(planned, history): entries dated after `today` (program-local dates), soonest first,
    and the rest as they came (newest first). A future date means it has not happened: a
    surveillance CT due next year must never read like a result. Judged by date, not by
    instant, so the cached body (keyed by today's date) stays right all day."""
    zone = timezone.get_current_timezone()
    first_past = len(entries)
    for index, entry in enumerate(entries):  # newest first: the planned ones lead
        if entry.occurred_at.astimezone(zone).date() <= today:
            first_past = index
            break
    return entries[:first_past][::-1], entries[first_past:]


def timeline_items(entries: Iterable[Any], *, planned: bool = False) -> SafeString:
    """The timeline's `<li>` items, built in Python: the chart shows up to 200 entries and the
    template language's per-tag cost made this loop most of the page's time. Every value is
    escaped; dates are shown in the active (program's) time zone. `entries`: anything with
    `occurred_at`, `kind`, `title`, `summary` and `recorded_at` (rows or `TimelineEntry`
    objects). `planned`: items not yet done, each labelled so (never mistaken for a result).
    A past entry written on a later day says when ("recorded 2026-11-26"): a result entered
    late sits at its test date, below newer entries, and would otherwise look old news."""
    zone = timezone.get_current_timezone()
    label = '<span class="badge planned">Planned</span> ' if planned else ""
    items = []
    for entry in entries:
        moment = entry.occurred_at.astimezone(zone)
        summary = f'<br><span class="muted">{escape(entry.summary)}</span>' if entry.summary else ""
        recorded = ""
        if not planned and entry.recorded_at is not None:
            written = entry.recorded_at.astimezone(zone).date()
            if written > moment.date():
                recorded = f'<span class="muted">(recorded {written:%Y-%m-%d})</span> '
        items.append(
            f'<li><time datetime="{moment.isoformat()}">{moment:%Y-%m-%d}</time> {recorded}'
            f'{label}<span class="badge">{escape(_KIND_LABELS.get(entry.kind, entry.kind))}'
            f"</span> <strong>{escape(entry.title)}</strong>{summary}</li>"
        )
    return mark_safe("".join(items))  # every value above is escaped


# Later areas add panels (problem summary, trends, tumors) to the chart here.
CHART_PANEL_PROVIDERS: list[Any] = []


def chart_panels(request: HttpRequest, patient: Patient) -> list[Any]:
    return [provider(request, patient) for provider in CHART_PANEL_PROVIDERS]


@login_required
@require_http_methods(["GET"])
def chart(request: HttpRequest, patient_id: int) -> HttpResponse:
    """A patient's chart: header, panels and timeline. On a cached body: the patient with its
    chart version (one query) and the audit INSERT; else the panels' queries too."""
    patient = access.patient_for(request, patient_id, with_chart_version=True)
    return chart_page(request, patient)


@login_required
@require_http_methods(["GET"])
def my_chart(request: HttpRequest) -> HttpResponse:
    """The signed-in patient's own record, showing only what a clinician has released."""
    patient = access.own_patient_record(request, with_chart_version=True)
    return chart_page(request, patient)


@login_required
@never_cache
@require_http_methods(["POST"])
def portal_account_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Create the patient's portal sign-in and show its one-time password once (never again:
    only its hash is stored). Refused, with a message on the chart, if one exists."""
    _require(request, Action.CREATE_PORTAL_ACCOUNT)
    patient = access.patient_for(request, patient_id)
    try:
        user, password = create_portal_account(patient, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("patients:chart", patient_id=patient.pk)
    return render(
        request,
        "patients/portal_account_created.html",
        {"patient": patient, "username": user.username, "password": password},
    )
