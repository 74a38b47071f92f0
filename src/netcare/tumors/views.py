"""A tumor's page: computed grade and stage with the inputs used, and the override."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.clinical.errors import ClinicalInputError
from netcare.patients import access
from netcare.tumors import services
from netcare.tumors.forms import OverrideForm
from netcare.tumors.models import Tumor
from netcare.words import value_in_words
from netcare.workup.models import ImagingStudy, PathologyReport, PetLesion


def _tumor_for(request: HttpRequest, tumor_id: int) -> Tumor:
    if not can(request.user, Action.VIEW_ANY_CHART):
        raise Http404("Not found.")
    try:
        tumor = Tumor.objects.get(pk=tumor_id)
    except Tumor.DoesNotExist:
        raise Http404("Not found.") from None
    tumor.patient = access.patient_for(request, tumor.patient_id)
    return tumor


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, tumor_id: int) -> HttpResponse:
    """Computed values, the inputs and notes they came from, and the clinician's override."""
    tumor = _tumor_for(request, tumor_id)
    may_override = can(request.user, Action.OVERRIDE_DIAGNOSIS)
    form = None
    status = 200
    if may_override:
        initial = {k: getattr(tumor, f"override_{k}") for k in ("grade", "t", "n", "m", "stage")}
        form = OverrideForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        raise Http404("Not found.")
    if request.method == "POST" and form is not None:
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in ("grade", "t", "n", "m", "stage")}
            try:
                services.override(tumor, values, reason=form.cleaned_data["reason"],
                                  by=request.user, request=request)
            except ClinicalInputError as error:
                form.add_error(error.field if error.field in form.fields else None, error.detail)
            else:
                messages.success(request, "Override recorded.")
                return redirect("tumors:detail", tumor_id=tumor.pk)
        status = 400
    inputs = tumor.inputs_used
    return render(request, "tumors/detail.html", {
        "tumor": tumor, "form": form, "inputs": inputs,
        "pathology_inputs": pathology_in_words(inputs.get("pathology")),
        "pet_lesions": [_lesion_in_words(text) for text in (inputs.get("pet") or {}).get(
            "lesions", [])],
        "imaging_modality": _MODALITIES.get((inputs.get("imaging") or {}).get("modality"), ""),
        # Loaded by `netcare seed` (tumors.loaders): computed from the synthetic history's own
        # findings, not from the chart's reports and scans; the page says so.
        "from_seed": inputs.get("source") == SEED_SOURCE,
        "category": services.category_in_words(tumor.category) if tumor.category else "",
        "description": services.describe(tumor)}, status=status)


SEED_SOURCE = "synthetic history (seed)"
# The record's ids are for the trail, not for the reader; the date introduces the line.
_NOT_SHOWN = frozenset({"id", "version", "performed_on"})
_MODALITIES = dict(ImagingStudy._meta.get_field("modality").flatchoices)
_LOCATIONS = dict(PetLesion._meta.get_field("location").flatchoices)
_FIELD_ORDER = {f.name: i for i, f in enumerate(PathologyReport._meta.concrete_fields)}


def pathology_in_words(values: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The pathology inputs as (label, value) in the report form's words: "Ki-67 (%)", "8";
    "Depth", "muscularis propria". Inputs are stored by field name (see services.compute)."""
    if not values:
        return []
    rows = []
    # In the report form's order: PostgreSQL's jsonb does not keep the order keys were written.
    for name, value in sorted(values.items(), key=lambda item: _FIELD_ORDER.get(item[0], 99)):
        if name in _NOT_SHOWN:
            continue
        try:
            field = PathologyReport._meta.get_field(name)
        except FieldDoesNotExist:
            rows.append((name.replace("_", " ").capitalize(), value_in_words(value)))
            continue
        choices = dict(field.flatchoices) if field.choices else {}
        rows.append((capfirst(str(field.verbose_name)), value_in_words(choices.get(value, value))))
    return rows


def _lesion_in_words(text: str) -> str:
    """"lymph_node 12 mm" (as stored) → "Regional lymph node 12 mm"; "liver" (no size) →
    "Liver, size not recorded", as is "liver ? mm", which tumors computed before kept."""
    location, _, size = text.partition(" ")
    name = _LOCATIONS.get(location, location)
    if size.strip() in ("", "? mm"):
        return f"{name}, size not recorded"
    return f"{name} {size}"
