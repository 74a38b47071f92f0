"""Workup pages: a patient's orders and results, recording, correcting and releasing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can, can_record_pathology
from netcare.patients import access
from netcare.workup import actions, labs
from netcare.workup.forms import CorrectionForm, LesionFormSet, OrderForm, result_form_class
from netcare.workup.models import RESULT_MODELS, Order, PetLesion, ResultBase

#: The result an order of each kind is recorded as (the "Record result" link of an open order).
ORDER_RESULT_KIND = {"pet": "pet", "ct": "imaging", "mri": "imaging", "barium": "imaging",
                     "upper_endoscopy": "endoscopy", "lower_endoscopy": "endoscopy",
                     "eus": "endoscopy", "capsule": "endoscopy", "lab": "lab",
                     "pathology": "pathology"}


def _require(ok: bool) -> None:
    if not ok:
        raise Http404("Not found.")


def may_record(user: Any, kind: str) -> bool:
    """Who records which result: pathology a pathologist, PET physicians or nuclear-medicine
    staff, everything else physicians."""
    if kind == "pathology":
        return can_record_pathology(user)
    if kind == "pet":
        return can(user, Action.RECORD_CLINICAL_RESULT)
    return can(user, Action.RECORD_WORKUP_RESULT)


def _model(kind: str) -> type[ResultBase]:
    model = RESULT_MODELS.get(kind)
    if model is None:
        raise Http404("Not found.")
    return model


def _shown(field: Any, result: Any) -> str:
    """A recorded value as a reader expects it: choice labels, times in the program's zone,
    yes/no."""
    value = field.value_from_object(result)
    if field.choices:
        return str(getattr(result, f"get_{field.name}_display")())
    if isinstance(field, models.DateTimeField):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(field.value_to_string(result))


@login_required
@require_http_methods(["GET"])
def patient_workup(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Orders and current results of a patient. Seven queries whatever the number of rows."""
    _require(can(request.user, Action.VIEW_ANY_CHART))
    patient = access.patient_for(request, patient_id)
    orders = list(Order.objects.filter(patient=patient)[:100])
    recordable = [k for k in RESULT_MODELS if may_record(request.user, k)]
    for order in orders:  # the result an open order is recorded as, when this user may
        kind = ORDER_RESULT_KIND.get(order.kind, "")
        order.result_kind = (kind if order.status == "ordered"  # type: ignore[attr-defined]
                             and kind in recordable else "")
    results = []
    for kind, model in RESULT_MODELS.items():
        rows = model.objects.filter(patient=patient, is_current=True).order_by(
            "-performed_on", "-id")[:100]
        results.append((kind, model._meta.verbose_name_plural, list(rows)))
    return render(request, "workup/patient.html", {
        "patient": patient, "orders": orders, "results": results,
        "order_form": OrderForm() if can(request.user, Action.ORDER_WORKUP) else None,
        "recordable": [(k, RESULT_MODELS[k]._meta.verbose_name) for k in recordable],
    })


@login_required
@require_http_methods(["POST"])
def order_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    _require(can(request.user, Action.ORDER_WORKUP))
    patient = access.patient_for(request, patient_id)
    form = OrderForm(request.POST)
    if form.is_valid():
        actions.place_order(patient, form.cleaned_data["kind"], test=form.cleaned_data["test"],
                            note=form.cleaned_data["note"], by=request.user, request=request)
        messages.success(request, "Order placed.")
        return redirect("workup:patient", patient_id=patient.pk)
    return render(request, "workup/order_form.html", {"patient": patient, "form": form},
                  status=400)


def _lesion_data(formset: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.cleaned_data.items() if k not in ("id", "DELETE")}
            for f in formset.forms if f.cleaned_data and f.cleaned_data.get("location")]


def _apply_error(form: Any, error: actions.ResultInputError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, f"{error.field}: {error.detail}" if error.field and not field
                   else error.detail)


@login_required
@require_http_methods(["GET", "POST"])
def result_new(request: HttpRequest, patient_id: int, kind: str) -> HttpResponse:
    """Record a result; bad input re-shows the form with what was typed and the field named."""
    _model(kind)
    _require(may_record(request.user, kind))
    patient = access.patient_for(request, patient_id)
    form = result_form_class(kind)(request.POST or None)
    lesions = (LesionFormSet(request.POST or None, queryset=PetLesion.objects.none(),
                             prefix="lesions") if kind == "pet" else None)
    if request.method == "POST" and form.is_valid() and (lesions is None or lesions.is_valid()):
        order_id = request.POST.get("order_id") or None
        data = {**form.cleaned_data, **({"order_id": int(order_id)} if order_id and
                                        order_id.isdigit() else {})}
        try:
            result = actions.record_result(
                kind, patient, data, by=request.user, request=request,
                lesions=_lesion_data(lesions) if lesions is not None else None)
        except actions.ResultInputError as error:
            _apply_error(form, error)
        else:
            messages.success(request, "Result recorded.")
            return redirect("workup:result", kind=kind, result_id=result.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "workup/result_form.html", {
        "patient": patient, "form": form, "lesions": lesions, "kind": kind,
        "order_id": request.GET.get("order") or request.POST.get("order_id", ""),
    }, status=status)


def _result_for(request: HttpRequest, kind: str, result_id: int) -> ResultBase:
    model = _model(kind)
    try:
        result = model.objects.select_related("patient").get(pk=result_id)
    except model.DoesNotExist:
        raise Http404("Not found.") from None
    patient = access.patient_for(request, result.patient_id)  # type: ignore[attr-defined]
    if not can(request.user, Action.VIEW_ANY_CHART) and not (
            result.released_to_patient and not result.replaced_for_patient):
        raise Http404("Not found.")  # a patient sees the newest released version only
    result.patient = patient
    return result


@login_required
@require_http_methods(["GET"])
def result_detail(request: HttpRequest, kind: str, result_id: int) -> HttpResponse:
    """One version of a result, its lesions and its version chain (older and newer)."""
    result = _result_for(request, kind, result_id)
    staff = can(request.user, Action.VIEW_ANY_CHART)
    chain: list[ResultBase] = []
    if staff:
        # Walk back through `supersedes` in one query per five versions at most (chains are
        # short); then forward with one query.
        model = type(result)
        older = result.supersedes_id  # type: ignore[attr-defined]
        while older is not None and len(chain) < 20:
            previous = model.objects.only("id", "version", "supersedes_id", "correction_reason",
                                          "recorded_at").get(pk=older)
            chain.append(previous)
            older = previous.supersedes_id  # type: ignore[attr-defined]
        newer = model.objects.filter(supersedes=result).only("id", "version").first()
    else:
        newer = None
    # Only what was recorded: a field left empty is not shown (judged on the stored value, so
    # a recorded "None", e.g. no necrosis, is shown).
    # The version's standing (current, released) is the care team's; a patient is shown the
    # version they have as theirs, whether or not a correction is waiting for release.
    hidden = {"id", "patient", "order", "supersedes", "recorded_by", "prior", "notes",
              *(() if staff else ("is_current", "released_to_patient", "released_at",
                                  "replaced_for_patient"))}
    fields = [(f.verbose_name, _shown(f, result))
              for f in type(result)._meta.concrete_fields
              if f.name not in hidden and f.value_from_object(result) not in (None, "", [], {})]
    lesions = list(result.lesions.all()) if kind == "pet" else []  # type: ignore[attr-defined]
    instructions = (labs.CATALOGUE[result.test].instructions  # type: ignore[attr-defined]
                    if kind == "lab" else ())
    return render(request, "workup/result_detail.html", {
        "result": result, "kind": kind, "fields": fields, "lesions": lesions, "chain": chain,
        "newer": newer, "staff": staff, "instructions": instructions,
        "corrected_on": actions.correction_day(result) if result.version > 1 else None,
        "can_release": can(request.user, Action.RELEASE_RESULT) and result.is_current,
        "can_correct": may_record(request.user, kind) and result.is_current,
    })


@login_required
@require_http_methods(["GET", "POST"])
def result_correct(request: HttpRequest, kind: str, result_id: int) -> HttpResponse:
    """Append a corrected version with a reason; the old one stays readable."""
    _require(may_record(request.user, kind))
    result = _result_for(request, kind, result_id)
    form_class = result_form_class(kind)
    form = form_class(request.POST or None, instance=None,
                      initial=None if request.POST else form_class(instance=result).initial)
    reason = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason.is_valid():
        try:
            new = actions.correct_result(result, form.cleaned_data,
                                         reason=reason.cleaned_data["reason"], by=request.user,
                                         request=request)
        except actions.ResultInputError as error:
            _apply_error(form, error)
        else:
            messages.success(request, f"Version {new.version} recorded.")
            return redirect("workup:result", kind=kind, result_id=new.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "workup/result_form.html", {
        "patient": result.patient, "form": form, "reason_form": reason, "kind": kind,
        "correcting": result, "lesions": None}, status=status)


@login_required
@require_http_methods(["POST"])
def result_release(request: HttpRequest, kind: str, result_id: int) -> HttpResponse:
    _require(can(request.user, Action.RELEASE_RESULT))
    result = _result_for(request, kind, result_id)
    try:
        released = actions.release_result(result, by=request.user, request=request)
    except actions.ResultInputError as error:
        messages.error(request, f"Not released: {error.detail}.")
    else:
        if released:
            messages.success(request, "Released to the patient.")
    return redirect("workup:result", kind=kind, result_id=result.pk)


@login_required
@require_http_methods(["GET"])
def my_workup(request: HttpRequest) -> HttpResponse:
    """The patient's orders (with preparation instructions) and released results: of each
    result the newest released version, as on the portal's home (a correction waiting for
    release leaves the patient the version they had)."""
    patient = access.own_patient_record(request)
    orders = list(Order.objects.filter(patient=patient, status="ordered")[:50])
    instructions = {o.test: labs.CATALOGUE[o.test].instructions for o in orders if o.test}
    results = []
    for kind, model in RESULT_MODELS.items():
        rows = list(model.objects.filter(patient=patient).seen_by_patient()[:100])
        results += [(kind, r, actions.timeline_text(r)[0],
                     actions.correction_day(r) if r.version > 1 else None) for r in rows]
    results.sort(key=lambda x: x[1].performed_on, reverse=True)
    return render(request, "workup/mine.html", {
        "patient": patient, "orders": orders, "instructions": instructions, "results": results})
