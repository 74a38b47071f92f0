"""A tumor's page: computed grade and stage with the inputs used, and the override."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.clinical.errors import ClinicalInputError
from netcare.patients import access
from netcare.tumors import services
from netcare.tumors.forms import OverrideForm
from netcare.tumors.models import Tumor


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
    return render(request, "tumors/detail.html", {
        "tumor": tumor, "form": form, "inputs": tumor.inputs_used,
        "description": services.describe(tumor)}, status=status)
