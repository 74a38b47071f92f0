"""Field descriptions of the calculators offered on the staff calculators page.

Only the layout lives here; the rules and their validation are `netcare.clinical`'s.
"""

from __future__ import annotations

from typing import Any

from django import forms

SITES = [
    ("stomach", "Stomach"),
    ("duodenum_ampulla", "Duodenum / ampulla"),
    ("jejunum_ileum", "Jejunum / ileum"),
    ("appendix", "Appendix"),
    ("colon_rectum", "Colon / rectum"),
    ("pancreas", "Pancreas"),
    ("lung", "Lung"),
]
T_CHOICES = [(t, t) for t in ("TX", "T0", "T1", "T1a", "T1b", "T2", "T3", "T4")]
N_CHOICES = [(n, n) for n in ("NX", "N0", "N1", "N2")]
M_CHOICES = [(m, m) for m in ("M0", "M1", "M1a", "M1b", "M1c")]


def _number(**limits: str) -> forms.NumberInput:
    """The browser's hint of a calculator's limits; `netcare.clinical` judges the value."""
    return forms.NumberInput(attrs={"step": "any", **limits})


class WhoGradeForm(forms.Form):
    title = "WHO classification and grade"
    differentiation = forms.ChoiceField(
        choices=[
            ("", "Unknown"),
            ("well", "Well differentiated"),
            ("poor", "Poorly differentiated"),
        ],
        required=False,
    )
    ki67_percent = forms.FloatField(label="Ki-67 (%)", required=False,
                                    widget=_number(min="0", max="100"))
    mitoses_per_2mm2 = forms.FloatField(label="Mitoses per 2 mm²", required=False,
                                        widget=_number(min="0"))


class StageForm(forms.Form):
    title = "AJCC 8th stage group"
    site = forms.ChoiceField(choices=SITES)
    subsite = forms.ChoiceField(
        choices=[("", "—"), ("duodenum", "Duodenum"), ("ampulla", "Ampulla")], required=False
    )
    t = forms.ChoiceField(choices=T_CHOICES, label="T")
    n = forms.ChoiceField(choices=N_CHOICES, label="N")
    m = forms.ChoiceField(choices=M_CHOICES, label="M")


class MForm(forms.Form):
    title = "AJCC 8th M category"
    hepatic_metastases = forms.BooleanField(required=False)
    extrahepatic_metastases = forms.BooleanField(required=False)


class DecayForm(forms.Form):
    title = "Radioactive decay"
    nuclide = forms.ChoiceField(choices=[("Lu-177", "Lu-177"), ("Ga-68", "Ga-68")])
    activity_gbq = forms.FloatField(label="Activity at the reference time (GBq)",
                                    widget=_number(min="0"))
    elapsed_hours = forms.FloatField(label="Hours after the reference time (negative: before)")


class HiaaForm(forms.Form):
    title = "24-h urine 5-HIAA units"
    value = forms.FloatField(widget=_number(min="0"))
    unit = forms.ChoiceField(choices=[("mg/24h", "mg/24 h"), ("umol/24h", "µmol/24 h")])


CALCULATOR_FORMS: dict[str, type[forms.Form]] = {
    "who_grade": WhoGradeForm,
    "ajcc8_stage": StageForm,
    "ajcc8_m": MForm,
    "decay": DecayForm,
    "hiaa_units": HiaaForm,
}


def inputs_from(form: forms.Form) -> dict[str, Any]:
    """Form values as calculator inputs: empty choices and numbers become null."""
    inputs: dict[str, Any] = {}
    for key, value in form.cleaned_data.items():
        if value == "" or value is None:
            if key == "subsite":
                continue
            inputs[key] = None
        else:
            inputs[key] = value
    return inputs
