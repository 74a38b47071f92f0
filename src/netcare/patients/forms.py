from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from netcare.patients.models import Patient, TimelineKind
from netcare.validators import PhoneField, before_birth_problem, future_date_problem


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, MRN or date of birth",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": "e.g. Garcia, NC0000123 or 1961-04-02",
            }
        ),
    )
    page = forms.IntegerField(required=False, min_value=1)


class PatientForm(forms.ModelForm):
    phone = PhoneField(required=False, label="Phone")
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="I checked: this is a different person from the possible duplicate shown",
    )

    class Meta:
        model = Patient
        fields = [
            "mrn",
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "preferred_language",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def clean_mrn(self) -> str:
        mrn: str = self.cleaned_data["mrn"].strip().upper()
        if not mrn.isalnum():
            raise forms.ValidationError("Medical record number: letters and digits only.")
        return mrn

    def clean_date_of_birth(self) -> date:
        dob: date = self.cleaned_data["date_of_birth"]
        problem = future_date_problem(dob, "Date of birth")
        if problem:
            raise forms.ValidationError(problem)
        if dob.year < 1900:
            raise forms.ValidationError("Date of birth: the year must be 1900 or later.")
        return dob

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        return cleaned


class PatientDetailsForm(PatientForm):
    """A registered patient's details as staff correct them: the registration's fields but the
    MRN (the record's identity and their portal username), and the date of death."""

    confirm_not_duplicate = None  # a correction, not a registration

    class Meta(PatientForm.Meta):
        fields = [name for name in PatientForm.Meta.fields if name != "mrn"] + ["deceased_on"]
        widgets = {**PatientForm.Meta.widgets,
                   "deceased_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"deceased_on": "Date of death"}

    def clean_deceased_on(self) -> date | None:
        died: date | None = self.cleaned_data["deceased_on"]
        problem = future_date_problem(died, "Date of death")
        if problem:
            raise forms.ValidationError(problem)
        return died

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problem = before_birth_problem(cleaned.get("deceased_on"), "Date of death",
                                       cleaned.get("date_of_birth"))
        if problem:
            self.add_error("deceased_on", problem)
        return cleaned


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *TimelineKind.choices], required=False, label="Show"
    )
