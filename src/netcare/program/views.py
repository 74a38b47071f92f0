"""Public pages of the program, and the staff calculators and clinical sources pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical import ClinicalInputError, calculators
from netcare.clinical.sources import SECTIONS, VERIFICATION_RECORD
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
            "result_rows": result_in_words(result) if result else [],
            "input_rows": inputs_in_words(inputs, forms_by_name[chosen]) if inputs else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def sources_page(request: HttpRequest) -> HttpResponse:
    """What each REFERENCE section netcare cites is: its title, the primary sources it names,
    the rules implementing it and what is unverified. One anchor per section
    (`Section.anchor`): every rendered citation links to it."""
    if not can(request.user, Action.VIEW_CLINICAL_SOURCES):
        raise Http404("Not found.")
    return render(request, "program/sources.html",
                  {"sections": SECTIONS, "verification_record": VERIFICATION_RECORD})


# The calculators answer in their own keys and codes (netcare.clinical's contract); the page
# says them in words. A key not listed here reads as its key in words ("some_key" → "Some key").
_RESULT_LABELS = {
    "category": "WHO category", "grade": "Grade", "decided_by": "Decided by",
    "uncertain": "Uncertain", "notes": "Notes", "reference": "Source", "stage": "Stage group",
    "note": "Note", "reason": "Reason", "m": "M category",
    "activity_gbq": "Activity (GBq)", "mg_per_24h": "5-HIAA (mg/24 h)",
    "umol_per_24h": "5-HIAA (µmol/24 h)",
}
_RESULT_WORDS = {
    "decided_by": {
        "ki67": "Ki-67", "mitoses": "mitotic count", "ki67_and_mitoses": "Ki-67 and mitotic count",
        "differentiation": "differentiation", "necrosis": "necrosis",
        "mitoses_and_necrosis": "mitotic count and necrosis",
    },
}


def result_in_words(result: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(label, value, list items) rows of a calculator's result: labels and codes in words,
    yes/no, "none" for an empty list, derived numbers rounded (2 decimals; 3 significant below
    1). A non-empty list (the notes) comes as its items, the value then empty."""
    rows: list[tuple[str, str, list[str]]] = []
    for key, value in result.items():
        label = _RESULT_LABELS.get(key) or key.replace("_", " ").capitalize()
        items: list[str] = []
        if value is None:
            shown = "— (not determinable)"
        elif isinstance(value, list | tuple):
            items = [_plain(v) for v in value]
            shown = "" if items else "none"
        elif isinstance(value, float):
            shown = _rounded(value)
        elif isinstance(value, str):
            shown = _RESULT_WORDS.get(key, {}).get(value, value)
        else:
            shown = _plain(value)
        rows.append((label, shown, items))
    return rows


def inputs_in_words(inputs: dict[str, Any], form: forms.Form) -> list[tuple[str, str]]:
    """(label, value) rows of the inputs as the form names them ("Ki-67 (%)", "Well
    differentiated"); numbers exactly as typed (a Ki-67 of 3 is a boundary, never rounded)."""
    rows = []
    for key, value in inputs.items():
        field = form.fields.get(key)
        label = str(field.label) if field is not None and field.label else \
            key.replace("_", " ").capitalize()
        choices: dict[Any, Any] = {}
        if isinstance(field, forms.ChoiceField):
            choices = {choice: words for choice, words in field.widget.choices}
        if value is None:
            shown = "unknown"
        elif isinstance(value, str) and value in choices:
            shown = str(choices[value])
        else:
            shown = _plain(value)
        rows.append((label, shown))
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _rounded(value: float) -> str:
    """6.667202 → "6.67"; 52.3067 → "52.31"; 0.0123456 → "0.0123"; 10.0 → "10"."""
    text = f"{value:.2f}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text
