from __future__ import annotations

from django import forms

from netcare.patients.models import Patient
from netcare.validators import PhoneField


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    phone = PhoneField(required=False, label="Phone")

    class Meta:
        model = Patient
        fields = ["phone", "email", "address", "preferred_language"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}
