from __future__ import annotations

from django import forms


class PlanForm(forms.Form):
    tumor = forms.TypedChoiceField(coerce=int, choices=())
    start_on = forms.DateField(label="Start (date of treatment or diagnosis)",
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, tumors: list[object], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["tumor"].choices = [(t.pk, t.site_label) for t in tumors]  # type: ignore[attr-defined]


class WorklistForm(forms.Form):
    overdue = forms.BooleanField(required=False, label="Overdue only")
    within_days = forms.IntegerField(required=False, min_value=0, max_value=365,
                                     label="Due within (days)")


class FollowUpActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("schedule", "Schedule"), ("complete", "Complete")])
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    note = forms.CharField(max_length=300, required=False)
