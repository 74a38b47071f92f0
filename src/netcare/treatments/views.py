"""A patient's treatments: record one, record an injection."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.patients import access
from netcare.rows import escape, url_per_row
from netcare.treatments import actions
from netcare.treatments.forms import AdministrationForm, TreatmentForm
from netcare.treatments.models import Treatment
from netcare.workup.actions import ResultInputError
from netcare.workup.dates import program_today

WORKLIST_LIMIT = 200
#: The worklist shows injections due within this many days (and every overdue one).
DUE_SOON_DAYS = 7


@login_required
@require_http_methods(["GET", "POST"])
def patient_treatments(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Treatments of a patient (two queries) and the form to record one."""
    if not can(request.user, Action.VIEW_ANY_CHART):
        raise Http404("Not found.")
    may_record = can(request.user, Action.RECORD_TREATMENT)
    if request.method == "POST" and not may_record:
        raise Http404("Not found.")
    patient = access.patient_for(request, patient_id)
    form = TreatmentForm(request.POST or None) if may_record else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                actions.record_treatment(patient, form.cleaned_data, by=request.user,
                                         request=request)
            except ResultInputError as error:
                form.add_error(error.field if error.field in form.fields else None, error.detail)
            else:
                messages.success(request, "Treatment recorded.")
                return redirect("treatments:patient", patient_id=patient.pk)
        status = 400
    treatments = list(Treatment.objects.filter(patient=patient)
                      .prefetch_related("administrations")[:100])
    return render(request, "treatments/patient.html", {
        "patient": patient, "treatments": treatments, "form": form,
        "dose_form": AdministrationForm() if may_record else None}, status=status)


@login_required
@require_http_methods(["POST"])
def administer(request: HttpRequest, treatment_id: int) -> HttpResponse:
    if not can(request.user, Action.RECORD_TREATMENT):
        raise Http404("Not found.")
    try:
        treatment = Treatment.objects.get(pk=treatment_id)
    except Treatment.DoesNotExist:
        raise Http404("Not found.") from None
    treatment.patient = access.patient_for(request, treatment.patient_id)
    form = AdministrationForm(request.POST)
    if form.is_valid():
        try:
            actions.record_administration(treatment, form.cleaned_data["given_on"],
                                          dose=form.cleaned_data["dose"], by=request.user,
                                          request=request)
        except ResultInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.detail)
        else:
            messages.success(request, "Dose recorded.")
            return redirect("treatments:patient", patient_id=treatment.patient_id)
    # The form's own errors by their fields, with what was typed (not one fixed message).
    return render(request, "treatments/administer.html",
                  {"treatment": treatment, "patient": treatment.patient, "form": form},
                  status=400)


@login_required
@require_http_methods(["GET"])
def injections_due(request: HttpRequest) -> HttpResponse:
    """The navigator's worklist: active SSA courses whose next injection is overdue or due in
    the next week, earliest first. One query for the rows (partial index
    ``treatment_next_due_idx``), whatever their number."""
    if not (can(request.user, Action.MANAGE_FOLLOW_UPS)
            or can(request.user, Action.RECORD_TREATMENT)):
        raise Http404("Not found.")
    today = program_today()
    rows = list(Treatment.objects.select_related("patient")
                .filter(status="active", next_due_on__isnull=False,
                        next_due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
                        kind__in=["octreotide_lar", "lanreotide"])
                .only("patient_id", "next_due_on", "kind", "agent", "patient__id",
                      "patient__last_name", "patient__first_name", "patient__mrn")
                .order_by("next_due_on", "id")[:WORKLIST_LIMIT])
    for row in rows:
        row.overdue_days = (today - row.next_due_on).days  # type: ignore[attr-defined]
    return render(request, "treatments/injections_due.html", {
        "rows": rows, "rows_html": _injection_rows(rows), "today": today,
        "until": today + timedelta(days=DUE_SOON_DAYS), "limit": WORKLIST_LIMIT,
        "days": DUE_SOON_DAYS})


_KIND_LABELS = dict(Treatment._meta.get_field("kind").flatchoices)


def _injection_rows(rows: list[Treatment]) -> SafeString:
    """The worklist's table rows, built in Python (up to 200 rows: the template loop was most
    of the page's time). Every value is escaped."""
    patient_url = url_per_row("treatments:patient", "patient_id")
    items = []
    for t in rows:
        p = t.patient
        days = t.overdue_days  # type: ignore[attr-defined]
        if days > 0:
            status = (f'<span class="badge warn">Overdue by {days} '
                      f'day{"" if days == 1 else "s"}</span>')
        elif days == 0:
            status = '<span class="badge">Due today</span>'
        else:
            status = "Due soon"
        agent = f" — {escape(t.agent)}" if t.agent else ""
        items.append(
            # data-label: the column's name for the stacked layout on a phone (stack-sm).
            f'\n<tr><td data-label="Due">{escape(dateformat.format(t.next_due_on, "D Y-m-d"))}'
            f'</td>\n<td data-label="Patient"><a href="{patient_url(t.patient_id)}">'
            f"{escape(p.last_name)}, {escape(p.first_name)}</a> ({escape(p.mrn)})</td>\n"
            f'<td data-label="Treatment">{escape(_KIND_LABELS.get(t.kind, t.kind))}{agent}</td>\n'
            f'<td data-label="Status">{status}</td></tr>\n'
        )
    return mark_safe("".join(items))  # every value above is escaped
