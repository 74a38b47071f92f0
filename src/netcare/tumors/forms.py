from __future__ import annotations

from django import forms

from netcare.clinical.vocabulary import Grade, M, N, T


def _choices(values: list[str]) -> list[tuple[str, str]]:
    return [("", "— computed —"), *((v, v) for v in values)]


class OverrideForm(forms.Form):
    grade = forms.ChoiceField(choices=_choices([g.value for g in Grade]), required=False)
    t = forms.ChoiceField(label="T", choices=_choices([t.value for t in T]), required=False)
    n = forms.ChoiceField(label="N", choices=_choices([n.value for n in N]), required=False)
    m = forms.ChoiceField(label="M", choices=_choices([m.value for m in M]), required=False)
    stage = forms.ChoiceField(choices=_choices(["I", "II", "IIA", "IIB", "III", "IIIA", "IIIB",
                                                "IV"]), required=False)
    reason = forms.CharField(max_length=500, label="Reason for the override")
