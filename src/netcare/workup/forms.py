from __future__ import annotations

from typing import Any

from django import forms

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


def result_form_class(kind: str) -> type[forms.ModelForm]:  # type: ignore[type-arg]
    model: type[ResultBase] = RESULT_MODELS[kind]
    return forms.modelform_factory(  # type: ignore[no-any-return]
        model, exclude=EXCLUDE,
        widgets={"performed_on": forms.DateInput(attrs={"type": "date"})},
    )


LesionFormSet = forms.modelformset_factory(
    PetLesion, fields=["location", "site", "size_mm", "suv_max", "krenning_score"], extra=4,
    can_delete=False,
)


class CorrectionForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reason for the correction")
