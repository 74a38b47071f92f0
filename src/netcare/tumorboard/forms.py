"""Forms of the tumor board pages. Validation of the rules lives in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from netcare.accounts.models import STAFF_ROLES, Role, User
from netcare.tumorboard.models import (
    TREATMENT_KIND_CHOICES,
    BoardSeries,
    FollowUpKind,
    Meeting,
    MeetingStatus,
    Urgency,
)
from netcare.workup.dates import program_zone


def _staff() -> Any:
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by(
        "last_name", "first_name", "id")


def _physicians() -> Any:
    return _staff().filter(role=Role.PHYSICIAN)


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} — {obj.role_label}"


class _StaffMultiChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} — {obj.role_label}"


def _whole(label: str, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    """A whole number between `low` and `high`, refused outside with a message naming it (the
    database's own check of the lower bound would name only its constraint)."""
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, **kwargs,
        error_messages={"min_value": f"{label} must be at least {low}.",
                        "max_value": f"{label} must be at most {high}."})


class SeriesForm(forms.ModelForm):  # type: ignore[type-arg]
    # A board needs room for one case and lasts some minutes; the upper bounds catch a typo
    # (a 600-case meeting) rather than a rule.
    duration_minutes = _whole("Duration (minutes)", 1, 600, initial=60)
    case_cap = _whole("Cases per meeting", 1, 100, initial=10)
    cutoff_hours = _whole("Submissions close (hours before)", 0, 24 * 14, initial=48,
                          help_text="submissions close this many hours before the meeting")
    weeks = _whole("Weeks", 1, 104, initial=8,
                   help_text="how many weekly meetings to schedule now")

    class Meta:
        model = BoardSeries
        fields = ["name", "weekday", "local_time", "duration_minutes", "case_cap",
                  "cutoff_hours", "virtual_link"]
        widgets = {"local_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {"local_time": "Local time", "virtual_link": "Virtual meeting link"}


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        local = timezone.localtime(obj.starts_at, program_zone())
        return f"{obj.title} — {local:%a %Y-%m-%d %H:%M}"


class CaseForm(forms.Form):
    meeting = MeetingChoice(queryset=Meeting.objects.none())
    mrn = forms.CharField(label="Patient's medical record number", max_length=20)
    question = forms.CharField(label="Clinical question for the board",
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    presenter = _StaffChoice(queryset=User.objects.none(), required=False,
                             label="Presenting physician")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()).order_by("starts_at")
        self.fields["presenter"].queryset = _physicians()


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Reason for cancelling")


class AttendanceForm(forms.Form):
    attendees = _StaffMultiChoice(queryset=User.objects.none(),
                                  widget=forms.CheckboxSelectMultiple, label="Present")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = _staff().exclude(role=Role.ADMINISTRATOR)


class NotesForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            max_length=10000, label="Discussion notes")


class RecommendationForm(forms.Form):
    follow_up_kind = forms.ChoiceField(choices=FollowUpKind.choices, label="Recommended action")
    treatment_kind = forms.ChoiceField(choices=[("", "—"), *TREATMENT_KIND_CHOICES],
                                       required=False, label="Treatment (if a treatment)")
    option_code = forms.ChoiceField(choices=[("", "—")], required=False,
                                    label="Decision-support option discussed")
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)
    owner = _StaffChoice(queryset=User.objects.none(), label="Owner of the task")
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Due date")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                           label="Consensus recommendation")
    dissent = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=2000, label="Dissent (who and why)")

    def __init__(self, *args: Any, options: list[dict[str, Any]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff().exclude(role=Role.ADMINISTRATOR)
        self.fields["option_code"].choices = [("", "—")] + [
            (o["code"], o["title"]) for o in options or []]


class AmendForm(RecommendationForm):
    """A new version of a recommendation: the same fields, and why it changes."""

    reason = forms.CharField(max_length=300, label="Reason for the amendment")


def _range_fields() -> dict[str, Any]:
    return {
        "from": forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="From"),
        "to": forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="To"),
    }


#: The metrics page's date range (?from=YYYY-MM-DD&to=YYYY-MM-DD, as in the API).
MetricsRangeForm = type("MetricsRangeForm", (forms.Form,), _range_fields())


def clean_range(form: forms.Form) -> tuple[Any, Any] | None:
    """(since, until) from a bound, valid range form; an error on `to` if it is before `from`."""
    if not form.is_valid():
        return None
    since, until = form.cleaned_data["from"], form.cleaned_data["to"]
    if until < since:
        form.add_error("to", "must be on or after the start date")
        return None
    if (until - since).days > 3660:
        form.add_error("from", "choose a range of at most ten years")
        return None
    return since, until
