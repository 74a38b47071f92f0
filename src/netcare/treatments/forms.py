from __future__ import annotations

from django import forms

from netcare.treatments.models import Treatment


class TreatmentForm(forms.ModelForm):
    class Meta:
        model = Treatment
        fields = ["kind", "agent", "intent", "start_on", "end_on", "interval_days",
                  "best_response", "note"]
        widgets = {"start_on": forms.DateInput(attrs={"type": "date"}),
                   "end_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"interval_days": "SSA default 28 days, PRRT 56 days"}


class AdministrationForm(forms.Form):
    given_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    dose = forms.CharField(max_length=60, required=False)
