from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from netcare.workup.actions import result_problems
from netcare.workup.dates import program_today
from netcare.workup.labs import LAB_CHOICES
from netcare.workup.models import (
    RESULT_MODELS,
    OrderKind,
    PetLesion,
    ResultBase,
)

EXCLUDE = ["patient", "order", "recorded_at", "recorded_by", "version", "supersedes",
           "is_current", "correction_reason", "released_to_patient", "released_at", "prior"]


class OrderForm(forms.Form):
    kind = forms.ChoiceField(choices=OrderKind.choices)
    test = forms.ChoiceField(choices=[("", "—"), *LAB_CHOICES], required=False,
                             help_text="laboratory orders only")
    note = forms.CharField(max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == OrderKind.LAB and not data.get("test"):
            self.add_error("test", "Choose the laboratory test.")
        return data


class ResultForm(forms.ModelForm):  # type: ignore[type-arg]
    """Refuses what cannot be (a test done tomorrow, more positive nodes than examined) by the
    field, before the model's constraints are asked: their refusal names only the constraint.
    The date of birth rule needs the patient; the action checks it and the view shows it."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for field, message in result_problems(self._meta.model, data):
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


def _number(**attrs: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", **attrs})


#: The browser's hints of the same limits (min/max on the inputs); the server still checks.
_NUMBER_WIDGETS = {
    "value": _number(min="0"), "liver_suvmax": _number(min="0"),
    "spleen_suvmax": _number(min="0"), "primary_size_cm": _number(min="0"),
    "ki67_percent": _number(min="0", max="100"), "mitoses_per_2mm2": _number(min="0"),
    "size_cm": _number(min="0.01"), "mesenteric_mass_cm": _number(min="0"),
    "nodes_examined": forms.NumberInput(attrs={"min": "0"}),
    "nodes_positive": forms.NumberInput(attrs={"min": "0"}),
    "lesion_size_mm": forms.NumberInput(attrs={"min": "0"}),
    "karnofsky": forms.NumberInput(attrs={"min": "0", "max": "100", "step": "10"}),
    "ecog": forms.NumberInput(attrs={"min": "0", "max": "5"}),
}


def result_form_class(kind: str) -> type[forms.ModelForm]:  # type: ignore[type-arg]
    model: type[ResultBase] = RESULT_MODELS[kind]
    # Built per request, so the date picker's latest day is the program's today.
    performed_on = forms.DateInput(attrs={"type": "date", "max": program_today().isoformat()})
    return forms.modelform_factory(
        model, form=ResultForm, exclude=EXCLUDE,
        widgets={"performed_on": performed_on, **_NUMBER_WIDGETS},
    )


class LesionForm(forms.ModelForm):  # type: ignore[type-arg]
    """One PET lesion; the limits are the form's so their messages name the field (the
    database's constraints on the same limits name only themselves)."""

    class Meta:
        model = PetLesion
        fields = ["location", "site", "size_mm", "suv_max", "krenning_score"]
        widgets = {"size_mm": forms.NumberInput(attrs={"min": "0"}),
                   "suv_max": _number(min="0"),
                   "krenning_score": forms.NumberInput(attrs={"min": "0", "max": "4"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, low, high in (("size_mm", 0, None), ("suv_max", 0, None),
                                ("krenning_score", 0, 4)):
            field = self.fields[name]
            if getattr(field, "min_value", None) is None:  # positive fields have it already
                field.validators.append(MinValueValidator(low))
            if high is not None:
                field.validators.append(MaxValueValidator(high))
            # The code's message replaces Django's "Ensure this value is …".
            field.error_messages.update(
                min_value=f"{field.label} cannot be negative." if high is None
                else f"{field.label} must be {low} to {high}.",
                max_value=f"{field.label} must be {low} to {high}.")


LesionFormSet = forms.modelformset_factory(
    PetLesion, form=LesionForm, fields=["location", "site", "size_mm", "suv_max",
                                        "krenning_score"], extra=4, can_delete=False,
)


class CorrectionForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reason for the correction")
