from __future__ import annotations

from django import forms

from netcare.patients.models import Patient


class ContactForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["phone", "email", "address", "preferred_language"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "email"})}
