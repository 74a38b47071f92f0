from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from netcare.accounts.models import Role, User
from netcare.scheduling.models import SLOT_MINUTES, AppointmentKind, AppointmentStatus
from netcare.scheduling.rules import local_to_utc


def _time_choices() -> list[tuple[str, str]]:
    """Quarter hours from the earliest opening to the latest closing (program zone)."""
    hours = settings.PROGRAM_OPENING_HOURS.values()
    opens = min(h[0] for h in hours)
    closes = max(h[1] for h in hours)
    current = datetime.combine(date(2000, 1, 3), opens)
    end = datetime.combine(date(2000, 1, 3), closes)
    out = []
    while current < end:
        out.append((current.strftime("%H:%M"), current.strftime("%H:%M")))
        current += timedelta(minutes=SLOT_MINUTES)
    return out


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} — {obj.get_discipline_display()}"


class WhenForm(forms.Form):
    """A local date and a quarter-hour time, turned into a UTC instant (see rules.py)."""

    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.ChoiceField(label="Time", choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].choices = _time_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("day") and cleaned.get("at"):
            try:
                cleaned["starts_at"] = local_to_utc(cleaned["day"],
                                                    time.fromisoformat(cleaned["at"]))
            except ValidationError as error:
                self.add_error("at", error.message_dict["starts_at"])
        return cleaned


class AppointmentRequestForm(WhenForm):
    clinician = ClinicianChoiceField(queryset=User.objects.none())
    kind = forms.ChoiceField(choices=AppointmentKind.choices, label="Kind of visit")
    reason = forms.CharField(max_length=300, required=False, label="Reason for the visit")
    field_order = ["clinician", "kind", "day", "at", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.PHYSICIAN, is_active=True).order_by("discipline", "last_name")


class StaffBookingForm(AppointmentRequestForm):
    patient_id = forms.IntegerField(widget=forms.HiddenInput)
    confirm_now = forms.BooleanField(required=False, initial=True,
                                     label="Confirm now (staff booking)")


class RescheduleForm(WhenForm):
    reason = forms.CharField(max_length=300, label="Reason for the move")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Reason for cancelling")


class ScheduleFilterForm(forms.Form):
    start = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(required=False, min_value=1, max_value=31, initial=14)
    clinician = ClinicianChoiceField(queryset=User.objects.none(), required=False)
    status = forms.ChoiceField(choices=[("", "Requested and confirmed"),
                                        *AppointmentStatus.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.PHYSICIAN).order_by("discipline", "last_name")
