"""Public pages of the program and the staff calculators page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import ClinicalInputError, calculators
from netcare.program.calculator_forms import CALCULATOR_FORMS, inputs_from
from netcare.program.models import ProgramPage


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    pages = ProgramPage.objects.filter(published=True).only("slug", "title", "summary")
    return render(request, "program/home.html", {"pages": pages})


@require_http_methods(["GET"])
def page(request: HttpRequest, slug: str) -> HttpResponse:
    program_page = get_object_or_404(ProgramPage, slug=slug, published=True)
    paragraphs: list[dict[str, object]] = []
    for block in program_page.body.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            paragraphs.append({"items": [line[2:] for line in lines]})
        elif lines:
            paragraphs.append({"text": " ".join(lines)})
    return render(request, "program/page.html", {"page": program_page, "blocks": paragraphs})


@login_required
@require_http_methods(["GET", "POST"])
def calculators_page(request: HttpRequest) -> HttpResponse:
    """Staff run the clinical calculators; the result shows its inputs and its source."""
    if not can(request.user, Action.RUN_CALCULATORS):
        raise Http404("Not found.")
    chosen = request.POST.get("calculator") or request.GET.get("calculator") or "who_grade"
    if chosen not in CALCULATOR_FORMS:
        chosen = "who_grade"
    forms_by_name = {
        name: form_class(
            request.POST if request.method == "POST" and name == chosen else None, prefix=name
        )
        for name, form_class in CALCULATOR_FORMS.items()
    }
    result = None
    inputs = None
    status = 200
    if request.method == "POST":
        form = forms_by_name[chosen]
        if form.is_valid():
            inputs = inputs_from(form)
            try:
                result = calculators.run(chosen, inputs)
            except ClinicalInputError as exc:
                # By the field it is about (the form's summary lists it too), not in a panel
                # away from the form; the label names the field, so only the detail follows.
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.detail if field else str(exc))
                inputs = None
                status = 422
            record(request, codes.CALCULATOR_RUN, detail={"calculator": chosen})
        else:
            status = 400
    return render(
        request,
        "program/calculators.html",
        {
            "forms": forms_by_name,
            "chosen": chosen,
            "result": result,
            "inputs": inputs,
        },
        status=status,
    )
