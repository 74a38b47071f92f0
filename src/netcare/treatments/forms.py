from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms

from netcare.treatments.models import Treatment
from netcare.validators import before_birth_problem, future_date_problem
from netcare.workup.dates import program_today


def treatment_problems(values: Mapping[str, Any], *,
                       born: date | None = None) -> list[tuple[str, str]]:
    """What cannot be in a treatment being recorded, as (field, message naming the field).

    The page's form and the API (`workup.api.post_treatment`) both ask this before
    `record_treatment`, whose own refusals of these come from the database's constraints and
    name only the constraint. A recorded treatment has started (an SSA or PRRT course records
    its first dose on the start date) and an end date completes it, so neither is in the
    future; what is planned is the tumor board's recommendation, not a treatment yet.
    `born`, the patient's date of birth, when known."""
    problems: list[tuple[str, str]] = []
    start_on, end_on = values.get("start_on"), values.get("end_on")
    for name, label, value in (("start_on", "Start on", start_on), ("end_on", "End on", end_on)):
        problem = (future_date_problem(value, label)
                   or before_birth_problem(value, label, born))
        if problem:
            problems.append((name, problem))
    if start_on is not None and end_on is not None and end_on < start_on:
        problems.append(("end_on", f"End on cannot be before the start ({start_on:%Y-%m-%d})."))
    interval = values.get("interval_days")
    if interval is not None and interval < 1:
        problems.append(("interval_days", "Interval (days) must be at least 1."))
    return problems


class TreatmentForm(forms.ModelForm):  # type: ignore[type-arg]
    interval_days = forms.IntegerField(
        label="Interval (days)", required=False, min_value=1,
        help_text="SSA default 28 days, PRRT 56 days",
        error_messages={"min_value": "Interval (days) must be at least 1."})

    class Meta:
        model = Treatment
        fields = ["kind", "agent", "intent", "start_on", "end_on", "interval_days",
                  "best_response", "note"]
        widgets = {"start_on": forms.DateInput(attrs={"type": "date"}),
                   "end_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The date pickers' latest day (the server checks it again in clean()).
        today = program_today().isoformat()
        for name in ("start_on", "end_on"):
            self.fields[name].widget.attrs["max"] = today

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for field, message in treatment_problems(data):
            if field not in self.errors:
                self.add_error(field, message)
        return data


class AdministrationForm(forms.Form):
    given_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    dose = forms.CharField(max_length=60, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].widget.attrs["max"] = program_today().isoformat()

    def clean_given_on(self) -> date:
        given_on: date = self.cleaned_data["given_on"]
        problem = future_date_problem(given_on, "Given on")
        if problem:
            raise forms.ValidationError(problem)
        return given_on
