from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from netcare.accounts.models import Discipline, Role, User
from netcare.program import settings_store
from netcare.scheduling.actions import PatientBusyError, already_booked
from netcare.scheduling.models import (
    CLINIC_DISCIPLINES,
    SLOT_MINUTES,
    AppointmentKind,
    AppointmentStatus,
)
from netcare.scheduling.rules import FreeSlot, Offer, local_to_utc, program_zone


def _time_choices() -> list[tuple[str, str]]:
    """Quarter hours from the earliest opening to the latest closing (program zone)."""
    hours = settings_store.current().opening_hours.values()
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


class RescheduleFilterForm(forms.Form):
    """Step one of moving a visit (GET): with whom — the same clinician, another active
    physician of the visit's discipline, or anyone of it who is free — and from which day to
    look for free times (same kind of visit).

    Without a ``clinician`` in the query string the visit's own clinician is chosen, while
    they can still be booked; otherwise anyone of the discipline."""

    clinician = ClinicianChoiceField(queryset=User.objects.none(), required=False,
                                     label="Clinician")
    from_date = forms.DateField(required=False, label="From date",
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data: Any = None, *, appointment: Any, **kwargs: Any) -> None:
        current = appointment.clinician
        bookable = (current.is_active and current.role == Role.PHYSICIAN
                    and current.discipline == appointment.discipline)
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if "clinician" not in data:
            data["clinician"] = str(current.pk) if bookable else ""
        super().__init__(data, **kwargs)
        field = self.fields["clinician"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.PHYSICIAN, is_active=True, discipline=appointment.discipline,
        ).order_by("last_name", "id")
        field.empty_label = (  # type: ignore[attr-defined]
            f"Anyone free ({Discipline(appointment.discipline).label.lower()})")


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


class SlotFilterForm(forms.Form):
    """Step one of booking (GET): what kind of visit, with which discipline or clinician.

    Staff book any physician, a new-patient visit by default. A patient asking for a visit
    (`for_patient`) has a chart already, so a follow-up visit is the default, and is offered
    only the physicians who see patients in clinic (`CLINIC_DISCIPLINES`)."""

    kind = forms.ChoiceField(choices=AppointmentKind.choices, label="Kind of visit",
                             initial=AppointmentKind.NEW_PATIENT)
    discipline = forms.ChoiceField(choices=[("", "Any"), *Discipline.choices], required=False,
                                   label="Discipline")
    clinician = ClinicianChoiceField(queryset=User.objects.none(), required=False,
                                     empty_label="Anyone free", label="Clinician")
    from_date = forms.DateField(required=False, label="From date",
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, for_patient: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disciplines: tuple[str, ...] = ()
        physicians = User.objects.filter(role=Role.PHYSICIAN, is_active=True)
        if for_patient:
            self.disciplines = tuple(CLINIC_DISCIPLINES)
            self.fields["kind"].initial = AppointmentKind.FOLLOW_UP
            self.fields["discipline"].choices = [  # type: ignore[attr-defined]
                ("", "Any"), *((d.value, d.label) for d in CLINIC_DISCIPLINES)]
            physicians = physicians.filter(discipline__in=self.disciplines)
        self.fields["clinician"].queryset = (  # type: ignore[attr-defined]
            physicians.order_by("discipline", "last_name"))

    def chosen_kind(self) -> str:
        """The kind of visit asked for; the default while nothing is chosen (unbound)."""
        if self.is_bound:
            return str(self.cleaned_data["kind"])
        return str(self.fields["kind"].initial)


def slot_label(slot: FreeSlot) -> str:
    local = slot.starts_at.astimezone(program_zone())
    who = slot.clinician.get_full_name() or slot.clinician.username
    return f"{local:%a %d %b %Y, %H:%M} — {who} ({slot.clinician.get_discipline_display()})"


class SlotField(forms.ChoiceField):
    """One of the offered times. A time not offered because the patient has another visit
    then (posted from a page shown before that visit was booked) is refused naming the visit:
    `explain` gives the message for a value, or None."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.explain: Callable[[str], str | None] = lambda value: None

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            reason = self.explain(str(value))
            if reason:
                raise ValidationError(reason, code="patient_busy")
        super().validate(value)


class SlotBookingForm(forms.Form):
    """Step two (POST): one of the offered free times. A time taken meanwhile is no longer
    offered, so the form refuses it on the "Time" field; one the patient is booked at is
    refused naming that visit.

    `busy_notes` say, as `by` reads them, which of the patient's visits kept times out of the
    offer."""

    slot = SlotField(label="Time", widget=forms.RadioSelect, choices=(),
                     error_messages={"invalid_choice": "That time is no longer free; "
                                                       "choose another."})
    reason = forms.CharField(max_length=300, required=False, label="Reason for the visit")

    def __init__(self, *args: Any, offer: Offer, by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {s.value: s for s in offer.slots}
        field = self.fields["slot"]
        field.choices = [(s.value, slot_label(s)) for s in offer.slots]  # type: ignore[attr-defined]

        def explain(value: str) -> str | None:
            visit = offer.visit_at(value)
            return None if visit is None else PatientBusyError(visit, by=by).messages[0]

        field.explain = explain  # type: ignore[attr-defined]
        self.busy_notes = [f"{already_booked(visit, by=by)}, so times that overlap it are "
                           "not offered." for visit in offer.busy]

    def chosen(self) -> FreeSlot:
        return self.slots[self.cleaned_data["slot"]]


class RescheduleSlotForm(SlotBookingForm):
    """Moving a visit: one of the next free times (of the clinician chosen in the filters) and
    a reason (required)."""

    reason = forms.CharField(max_length=300, label="Reason for the move")


class StaffSlotBookingForm(SlotBookingForm):
    confirm_now = forms.BooleanField(required=False, initial=True,
                                     label="Confirm now (staff booking)")


WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"),
            (5, "Saturday"), (6, "Sunday")]


class AvailabilityForm(forms.Form):
    """A weekly block of a clinician's availability (wall times in the program's zone)."""

    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day of the week")
    starts = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label="Until", widget=forms.TimeInput(attrs={"type": "time"}))
