from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.files import File

from netcare.patients.models import Sex
from netcare.referrals.flags import SYMPTOM_LABELS, SYNDROME_LABELS
from netcare.referrals.models import Priority, ReferralSource, ReferralStatus
from netcare.referrals.spam import make_stamp, renewed_stamp, stamp_problem
from netcare.referrals.uploads import MAX_FILES, check_upload
from netcare.validators import PhoneField, date_of_birth_problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as a list. The form checks each (extension, content, size:
    `ReferralForm.clean_documents`), so one refused file does not cost the others."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.dcm,.dicom,application/pdf,image/png,"
                             "image/jpeg,application/dicom"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        sent = data if isinstance(data, (list, tuple)) else [data]
        # Only files: the widget answers False or a marker for its (unshown) clear checkbox.
        return [upload for upload in sent if isinstance(upload, File)]


class ReferralForm(forms.Form):
    """The public referral form, for patients (self-referral) and physicians."""

    source = forms.ChoiceField(
        choices=ReferralSource.choices, widget=forms.RadioSelect, label="Who is referring?",
        initial=ReferralSource.SELF,
    )
    first_name = forms.CharField(max_length=80, label="Patient's first name")
    last_name = forms.CharField(max_length=80, label="Patient's last name")
    date_of_birth = forms.DateField(label="Patient's date of birth",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    phone = PhoneField(required=False, label="Phone")
    email = forms.EmailField(required=False, label="Email")
    preferred_contact_times = forms.CharField(
        max_length=200, required=False, label="When should we call?",
        help_text="For example: weekday mornings, or after 3 pm.",
    )
    reason = forms.CharField(max_length=2000, label="Reason for referral",
                             widget=forms.Textarea(attrs={"rows": 4}))
    symptoms = forms.MultipleChoiceField(
        choices=list(SYMPTOM_LABELS.items()), required=False,
        widget=forms.CheckboxSelectMultiple, label="Symptoms (tick all that apply)",
    )
    hereditary_syndromes = forms.MultipleChoiceField(
        choices=list(SYNDROME_LABELS.items()), required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Hereditary syndromes known in the patient or their family",
    )
    family_history_of_net = forms.BooleanField(
        required=False, label="A relative has had a neuroendocrine tumor")
    family_history_details = forms.CharField(max_length=500, required=False,
                                             label="Family history details")
    referring_physician_name = forms.CharField(max_length=120, required=False,
                                               label="Referring physician (physicians only)")
    referring_practice = forms.CharField(max_length=200, required=False, label="Practice")
    referring_phone = PhoneField(required=False, label="Practice phone",
                                 widget=forms.TextInput(attrs={"type": "tel"}))
    documents = MultipleFileField(
        required=False, label="Prior reports or images",
        help_text=f"PDF, PNG, JPEG or DICOM; up to {MAX_FILES} files.",
    )
    # Spam resistance: a field people never see, and a signed time stamp of when it was shown.
    # The stamp carries the rendered form's one-time token too (spam.stamp_token), so sending
    # it twice stores one referral; a form sent back with mistakes keeps its stamp.
    website = forms.CharField(required=False, label="Leave this empty",
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off",
                                                            "class": "hp"}))
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, physician: Any = None, **kwargs: Any) -> None:
        """`physician`: the signed-in referring physician, whose referral is always a
        physician referral (as over the API): the source is fixed and their name required."""
        super().__init__(*args, **kwargs)
        # (upload, kind) of each file sent that passed `check_upload`, even when others did not.
        self.checked_uploads: list[tuple[Any, str]] = []
        if not self.is_bound:
            self.initial["stamp"] = make_stamp()
        if physician is not None:
            source = self.fields["source"]
            source.choices = [(ReferralSource.PHYSICIAN, ReferralSource.PHYSICIAN.label)]
            source.initial = ReferralSource.PHYSICIAN
            source.widget = forms.HiddenInput()
            # Disabled: the value is the initial one whatever the request sends.
            source.disabled = True
            name = self.fields["referring_physician_name"]
            name.label = "Referring physician"
            name.required = True
            name.error_messages["required"] = "name the referring physician"

    def clean_documents(self) -> list[Any]:
        """Each file checked (uploads.check_upload); one error per file refused, naming it and
        saying why. The files that passed are in `checked_uploads` either way."""
        uploads: list[Any] = self.cleaned_data["documents"]
        problems = []
        for upload in uploads:
            try:
                self.checked_uploads.append((upload, check_upload(upload)))
            except forms.ValidationError as error:
                problems += error.messages
        if problems:
            raise forms.ValidationError(problems)
        return uploads

    def clean_date_of_birth(self) -> date:
        dob: date = self.cleaned_data["date_of_birth"]
        problem = date_of_birth_problem(dob)
        if problem:
            raise forms.ValidationError(problem)
        return dob

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # The fields' own checks first, so a form refused as sent too quickly lists every
        # mistake at once rather than one more on the next attempt.
        if not (cleaned.get("phone") or cleaned.get("email")):
            self.add_error("phone", "give a phone number or an email address")
        if (cleaned.get("source") == ReferralSource.PHYSICIAN
                and not cleaned.get("referring_physician_name")):
            self.add_error("referring_physician_name", "name the referring physician")
        if cleaned.get("website"):
            raise forms.ValidationError("The form could not be sent.", code="spam")
        problem = stamp_problem(cleaned.get("stamp", ""))
        if problem:
            # A fresh stamp so the person can simply send the form again; it keeps the form's
            # token, and with it the documents held for the form.
            self.data = self.data.copy()
            self.data["stamp"] = renewed_stamp(str(self.data.get("stamp", "")))
            raise forms.ValidationError(problem, code="spam")
        return cleaned


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Open (not converted or declined)"),
                                        *ReferralStatus.choices, ("all", "All")],
                               required=False)
    flag = forms.ChoiceField(choices=[("", "Any"), ("urgent", "Urgent"),
                                      ("carcinoid", "Possible carcinoid syndrome"),
                                      ("genetic", "Genetic counselling")], required=False)
    mine = forms.BooleanField(required=False, label="Assigned to me")
    page = forms.IntegerField(required=False, min_value=1)


class PageForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1)


class NavigatorChoiceField(forms.ModelChoiceField):
    """Navigators by their full name (the username only when no name is on file)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.CONVERTED])
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    assigned_to = NavigatorChoiceField(queryset=None, required=False,  # type: ignore[arg-type]
                                       label="Assigned navigator")
    reason = forms.CharField(max_length=500, required=False, label="Reason (for the history)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from netcare.accounts.models import Role, User

        self.fields["assigned_to"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.NAVIGATOR, is_active=True).order_by("last_name", "first_name", "username")


class ConvertForm(forms.Form):
    mrn = forms.CharField(max_length=20, label="Medical record number")
    # No sex is preselected: a referral does not state it, so the navigator asks and chooses.
    sex = forms.ChoiceField(choices=[("", "Choose…"), *Sex.choices])
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="I checked: this is a different person from the possible duplicate shown")

    def clean_mrn(self) -> str:
        mrn: str = self.cleaned_data["mrn"].strip().upper()
        if not mrn.isalnum():
            raise forms.ValidationError("letters and digits only")
        return mrn
