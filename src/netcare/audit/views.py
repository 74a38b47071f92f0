"""Administrators read the audit trail, filtered by patient and by user. Read-only."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare.accounts.models import Role
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.audit.models import AuditEntry

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    patient = forms.IntegerField(required=False, min_value=1, label="Patient id")
    mrn = forms.CharField(required=False, max_length=20, label="or patient MRN")
    username = forms.CharField(required=False, max_length=150, label="User")
    page = forms.IntegerField(required=False, min_value=1)


@login_required
@require_http_methods(["GET"])
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW_AUDIT_TRAIL):
        raise Http404("Not found.")
    form = AuditFilterForm(request.GET)
    entries = AuditEntry.objects.select_related("patient")
    page = 1
    if form.is_valid():
        data = form.cleaned_data
        if data["patient"]:
            entries = entries.filter(patient_id=data["patient"])
        if data["mrn"]:
            entries = entries.filter(patient__mrn=data["mrn"].strip().upper())
        if data["username"]:
            entries = entries.filter(username=data["username"].strip())
        page = data["page"] or 1
    start = (page - 1) * PAGE_SIZE
    rows = list(entries[start : start + PAGE_SIZE + 1])
    for entry in rows:
        entry.role_label = _ROLE_LABELS.get(entry.role, entry.role)  # type: ignore[attr-defined]
        entry.action_label = codes.in_words(entry.action)  # type: ignore[attr-defined]
    # The pager's links keep the filter and set their own page (not a second `page=`).
    kept = request.GET.copy()
    kept.pop("page", None)
    record(request, codes.AUDIT_VIEWED, detail={k: str(v) for k, v in request.GET.items()})
    status = 200 if form.is_valid() else 400
    # Times are stored in UTC and shown in the zone the request runs in (the program's, set by
    # ProgramTimeZoneMiddleware); the column names that same zone, so label and values agree.
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "entries": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "filter_query": kept.urlencode(),
            "zone_name": timezone.get_current_timezone_name(),
        },
        status=status,
    )


_ROLE_LABELS = dict(Role.choices)
