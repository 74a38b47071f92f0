"""Forms of the nuclear-medicine pages. Datetimes are typed in the program's time zone (views
run inside `timezone.override(program zone)`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from netcare.clinical.vocabulary import Differentiation
from netcare.nuclear import words
from netcare.nuclear.models import (
    CreatinineUnit,
    Department,
    ImagingKind,
    PetRequest,
    PrrtCourse,
)
from netcare.validators import future_date_problem

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_D = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TRI = [("", "Unknown"), ("true", "Yes"), ("false", "No")]


def _between(field: type[forms.IntegerField], label: str, low: float, high: float,
             **kwargs: Any) -> forms.IntegerField:
    """A number field refused outside [low, high] with a message naming it ("Body weight (kg)
    must be between 2 and 350."); min_value/max_value put min and max on the input too."""
    message = f"{label} must be between {low:g} and {high:g}."
    return field(label=label, min_value=low, max_value=high,
                 error_messages={"min_value": message, "max_value": message}, **kwargs)


def _tri(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=_TRI, required=False, empty_value=None,
                                  coerce=lambda v: v == "true")


class CourseForm(forms.Form):
    """Eligibility facts (unknown stays unknown) and the first cycle's window."""

    age_years = forms.FloatField(required=False, min_value=0, max_value=130, label="Age (years)")
    gep_net = _tri("Gastroenteropancreatic NET")
    sstr_positive = _tri("SSTR-positive (uptake on SSTR PET)")
    differentiation = forms.ChoiceField(
        required=False, choices=[("", "Unknown"), *[(d.value, words.DIFFERENTIATION[d.value])
                                                    for d in Differentiation]])
    midgut = _tri("Midgut primary")
    ki67_percent = forms.FloatField(required=False, min_value=0, max_value=100,
                                    label="Ki-67 (%)")
    progression_on_octreotide_lar = _tri("Progression on octreotide LAR")
    min_target_krenning = forms.IntegerField(required=False, min_value=0, max_value=4,
                                             label="Lowest Krenning score of target lesions")
    creatinine_clearance_ml_min = forms.FloatField(required=False, min_value=0, max_value=500,
                                                   label="Creatinine clearance (mL/min)")
    hemoglobin_g_dl = forms.FloatField(required=False, min_value=0, max_value=30,
                                       label="Hemoglobin (g/dL)")
    platelets_10e9_per_l = forms.FloatField(required=False, min_value=0, max_value=5000,
                                            label="Platelets (×10⁹/L)")
    karnofsky = forms.IntegerField(required=False, min_value=0, max_value=100)
    first_line = _tri("First line (NETTER-2)")
    baseline_creatinine = forms.FloatField(required=False, min_value=0.001,
                                           label="Baseline creatinine")
    baseline_creatinine_unit = forms.ChoiceField(
        required=False, label="Baseline creatinine unit",
        choices=[("", "—"), *CreatinineUnit.choices],
        help_text="Each cycle's creatinine is entered in this unit.")
    baseline_creatinine_on = forms.DateField(required=False, widget=_D,
                                             label="Baseline creatinine measured on")
    pregnancy_test_applies = forms.BooleanField(required=False,
                                                label="A pregnancy test applies before each "
                                                "cycle")
    last_long_acting_ssa = forms.DateTimeField(required=False, widget=_DT,
                                               label="Last long-acting SSA injection")
    last_short_acting_ssa = forms.DateTimeField(required=False, widget=_DT,
                                                label="Last short-acting octreotide dose")
    first_window_start = forms.DateField(widget=_D, label="Cycle 1 window starts")

    FACTS = ("age_years", "gep_net", "sstr_positive", "differentiation", "midgut",
             "ki67_percent", "progression_on_octreotide_lar", "min_target_krenning",
             "creatinine_clearance_ml_min", "hemoglobin_g_dl", "platelets_10e9_per_l",
             "karnofsky", "first_line")

    def facts(self) -> dict[str, object]:
        return {k: self.cleaned_data[k] for k in self.FACTS
                if self.cleaned_data.get(k) not in (None, "")}

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        value = self.cleaned_data.get("baseline_creatinine")
        if value is not None and not self.cleaned_data.get("baseline_creatinine_unit"):
            self.add_error("baseline_creatinine_unit",
                           "Baseline creatinine unit: choose mg/dL or µmol/L.")
        problem = future_date_problem(self.cleaned_data.get("baseline_creatinine_on"),
                                      "Baseline creatinine measured on")
        if problem:
            self.add_error("baseline_creatinine_on", problem)
        return data


class ChecklistForm(forms.Form):
    """The items of the cycle's checklist that are ticked by hand, built from
    `actions.checklist_state` so the form asks exactly what the checklist lists, in its words
    and order (a pregnancy test only where the course has one), each with its detail."""

    def __init__(self, *args: Any, items: Sequence[dict[str, Any]] = (), **kwargs: Any) -> None:
        from netcare.nuclear.actions import CHECKLIST_FIELDS

        super().__init__(*args, **kwargs)
        for item in items:
            if item["key"] in CHECKLIST_FIELDS:
                self.fields[item["key"]] = forms.BooleanField(
                    required=False, label=item["label"], help_text=item["detail"])


def _grade(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=f"{label} (CTCAE grade 0-4)", min_value=0, max_value=4,
                              required=False)


class LabsForm(forms.Form):
    """Pre-dose labs. The creatinine is asked in the unit of the course's baseline, which is
    shown beside it with its date: the table judges their ratio (a rise of 40 % or more)."""

    labs_on = forms.DateField(widget=_D, label="Labs drawn on")
    thrombocytopenia_grade = _grade("Thrombocytopenia")
    anemia_grade = _grade("Anemia")
    neutropenia_grade = _grade("Neutropenia")
    creatinine_clearance_ml_min = forms.FloatField(required=False, min_value=0, max_value=500,
                                                   label="Creatinine clearance (mL/min)")
    creatinine = forms.FloatField(required=False, min_value=0, label="Creatinine")
    bilirubin_x_uln = forms.FloatField(required=False, min_value=0, max_value=100,
                                       label="Bilirubin (× upper limit of normal)")
    albumin_g_l = forms.FloatField(required=False, min_value=0, max_value=100,
                                   label="Albumin (g/L)")
    prothrombin_ratio_percent = forms.FloatField(required=False, min_value=0, max_value=200,
                                                 label="Prothrombin ratio (%)")
    other_grade = _grade("Other adverse reaction")

    def __init__(self, *args: Any, course: PrrtCourse | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if course is None:
            return
        field = self.fields["creatinine"]
        value, unit = course.baseline_creatinine, course.baseline_creatinine_unit
        measured = (f" measured {course.baseline_creatinine_on:%Y-%m-%d}"
                    if course.baseline_creatinine_on else "")
        if value is None:
            field.help_text = ("No baseline creatinine was recorded when the course started: "
                               "the rise from baseline cannot be judged (creatinine clearance "
                               "still is).")
        elif unit:
            field.label = f"Creatinine ({unit})"
            field.help_text = f"Baseline {value:g} {unit}{measured}. Enter today's in {unit}."
        else:
            field.label = "Creatinine (in the baseline's unit)"
            field.help_text = (f"Baseline {value:g}{measured}; its unit was not recorded when "
                               "the course started: enter today's in that same unit.")

    def labs(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "labs_on" and v is not None}


class DoseDecisionForm(forms.Form):
    """A nuclear-medicine physician's dose decision: the label table's suggestion or a more
    cautious choice (`actions.decision_choices`), with a reason when it departs from the
    table."""

    action = forms.ChoiceField(label="Dose decision", widget=forms.RadioSelect)
    reason = forms.CharField(required=False, max_length=500,
                             label="Reason (needed when departing from the label's table)")

    def __init__(self, *args: Any, choices: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gbq = {"give_full": " (7.4 GBq at administration)",
               "give_reduced": " (3.7 GBq at administration)"}
        self.fields["action"].choices = [
            (c, words.in_words(words.DOSE_ACTION, c) + gbq.get(c, "")) for c in choices]


class DoseOrderForm(forms.Form):
    calibration_gbq = forms.FloatField(label="Activity at calibration (GBq)", min_value=0.01,
                                       max_value=30)
    calibration_at = forms.DateTimeField(widget=_DT, label="Calibration date and time")
    planned_at = forms.DateTimeField(widget=_DT, label="Planned administration time")
    lot = forms.CharField(required=False, max_length=40, label="Lot number")


class AdministrationForm(forms.Form):
    administered_gbq = forms.FloatField(label="Administered activity measured (GBq)",
                                        min_value=0.01, max_value=30)
    administered_at = forms.DateTimeField(widget=_DT, label="Administration time")
    infusion_end = forms.DateTimeField(widget=_DT, required=False, label="Infusion ended")
    residual_gbq = forms.FloatField(required=False, min_value=0, max_value=30,
                                    label="Residual activity (GBq)")
    residual_measured_at = forms.DateTimeField(widget=_DT, required=False,
                                               label="Residual measured at")


class OctreotideForm(forms.Form):
    given_at = forms.DateTimeField(widget=_DT, label="Octreotide LAR 30 mg given at")


class PetRequestForm(forms.ModelForm):
    """The model's checks (weight 2-350 kg, priority 1-5, latest day not before the earliest)
    are refused here by the field, in words, before the database could name its constraint."""

    class Meta:
        model = PetRequest
        fields = ["weight_kg", "earliest_day", "latest_day", "last_long_acting_ssa", "tracer_ok",
                  "preferred_time", "priority"]
        labels = {"earliest_day": "Earliest day", "latest_day": "Latest day",
                  "last_long_acting_ssa": "Last long-acting SSA injection (date)",
                  "tracer_ok": "Tracer"}
        widgets = {"earliest_day": _D, "latest_day": _D, "last_long_acting_ssa": _D}

    weight_kg = _between(forms.FloatField, "Body weight (kg)", 2, 350)
    priority = _between(forms.IntegerField, "Priority (1 routine - 5 urgent)", 1, 5, initial=1)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        earliest = self.cleaned_data.get("earliest_day")
        latest = self.cleaned_data.get("latest_day")
        if earliest and latest and latest < earliest:
            self.add_error("latest_day", "Latest day must be on or after the earliest day.")
        return data


class DepartmentForm(forms.ModelForm):
    """The fractions (elution efficiency, synthesis yield) are refused outside 0.01-1 by the
    field, in words, before the database could name its constraint."""

    class Meta:
        model = Department
        fields = ["scanners", "uptake_rooms", "chairs", "opens", "closes",
                  "generator_installed", "generator_calibration_gbq",
                  "generator_calibration_date", "elution_efficiency", "synthesis_yield", "route",
                  "elution_times", "synthesis_minutes", "cu64_doses_per_day",
                  "cu64_delivery_time"]
        labels = {"generator_calibration_gbq": "Ge-68 activity at calibration (GBq)",
                  "elution_times": "Elution times (HH:MM, comma-separated)",
                  "cu64_doses_per_day": "Cu-64 DOTATATE unit doses per day"}
        widgets = {"generator_calibration_date": _D,
                   "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "cu64_delivery_time": forms.TimeInput(attrs={"type": "time"},
                                                         format="%H:%M")}

    elution_efficiency = _between(forms.FloatField, "Elution efficiency", 0.01, 1,
                                  help_text="A fraction: 0.75 means 75%.")
    synthesis_yield = _between(forms.FloatField, "Synthesis yield", 0.01, 1,
                               help_text="A fraction: 0.70 means 70%.")


class PlanForm(forms.Form):
    start = forms.DateField(widget=_D, label="First day")
    days = forms.IntegerField(min_value=1, max_value=28, initial=7, label="Days (1-28)")


class EditForm(forms.Form):
    ACTIONS = [("move", "Move / book"), ("lock", "Lock"), ("unlock", "Unlock"),
               ("remove", "Remove")]
    ref = forms.CharField(label="Booking")
    action = forms.ChoiceField(choices=ACTIONS)
    day = forms.DateField(widget=_D, required=False)
    at = forms.TimeField(required=False, label="Injection / chair start",
                         widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    resource = forms.CharField(required=False, label="Scanner or chair")


class PostImagingForm(forms.Form):
    """Order (or record as done) imaging after a cycle or the end-of-course restaging."""

    kind = forms.ChoiceField(label="Imaging", choices=ImagingKind.choices)
    cycle_number = forms.IntegerField(required=False, min_value=1, max_value=4,
                                      label="After cycle (empty for end-of-course restaging)")
    ordered_on = forms.DateField(widget=_D, label="Ordered on")
    performed_on = forms.DateField(widget=_D, required=False,
                                   label="Done on (empty while only ordered)")
    finding = forms.CharField(required=False, max_length=500, label="Finding (short)")


class PostImagingDoneForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    performed_on = forms.DateField(widget=_D, label="Done on")
    finding = forms.CharField(required=False, max_length=500, label="Finding (short)")


class StopCourseForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Reason for stopping the course")


class CancelBookingForm(forms.Form):
    reason = forms.CharField(required=False, max_length=200, label="Reason (optional)")
