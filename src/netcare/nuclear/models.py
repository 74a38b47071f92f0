"""PRRT courses, cycles, Lu-177 dose orders; SSTR PET requests; the generator and department
resources; optimiser plans and their assignments (issue: PRRT and Ga-68 PET logistics).

Times are stored in UTC (aware datetimes); plan days and minutes are local wall-clock values in
the program's zone (`settings_store.current()`) because the planner works on whole local days
(docs/planning.md).
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q

from netcare.clinical.prrt import DOSES_PER_COURSE, STANDARD_ACTIVITY_GBQ
from netcare.clinical.radionuclides import Activity, Nuclide, decay_to
from netcare.patients.models import Patient

DOSE_TOLERANCE = 0.10
"""±10 % of the ordered activity at the planned infusion time. Source shown in the UI: the vial
holds 7.4 GBq at the planned infusion time (EU SmPC via LOGISTICS 4.3); ±10 % is the program's
tolerance, matching the NETSPOT label's ±10 % for injected activity (LOGISTICS 4.1)."""
SHELF_LIFE_HOURS = 72
"""72 h after calibration: the figure in our brief. LOGISTICS 4.3 marks it 'verify' (SmPC 6.3
not retrieved), so netcare warns, never blocks, and says so."""


class CourseStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    DISCONTINUED = "discontinued", "Discontinued"


class CreatinineUnit(models.TextChoices):
    MG_DL = "mg/dL", "mg/dL"
    UMOL_L = "µmol/L", "µmol/L"


class PrrtCourse(models.Model):
    """A course of Lu-177 DOTATATE (up to four cycles), started from an eligibility check."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="prrt_courses")
    status = models.CharField(max_length=20, choices=CourseStatus.choices,
                              default=CourseStatus.ACTIVE)
    eligibility = models.JSONField(help_text="inputs and per-program results at the start")
    baseline_creatinine_clearance_ml_min = models.FloatField(
        "baseline creatinine clearance (mL/min)", null=True, blank=True)
    baseline_creatinine = models.FloatField(null=True, blank=True)
    baseline_creatinine_unit = models.CharField(
        max_length=10, blank=True, choices=CreatinineUnit.choices,
        help_text="the unit of the baseline and of each cycle's creatinine (only their ratio is "
        "judged); empty on courses started before netcare asked for it")
    baseline_creatinine_on = models.DateField("baseline creatinine measured on", null=True,
                                              blank=True)
    pregnancy_test_applies = models.BooleanField(default=False)
    last_long_acting_ssa = models.DateTimeField("last long-acting SSA injection", null=True,
                                                blank=True)
    last_short_acting_ssa = models.DateTimeField("last short-acting octreotide dose", null=True,
                                                 blank=True)
    treatment_id = models.PositiveIntegerField(
        "treatment ID", null=True, blank=True,
        help_text="the treatments.Treatment (kind prrt) this course runs")
    stop_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "PRRT course"
        ordering = ["-created_at", "-id"]
        constraints = [
            # A patient has at most one course under way.
            models.UniqueConstraint(fields=["patient"], condition=Q(status="active"),
                                    name="prrt_one_active_course_per_patient"),
            # A unit or a date belongs to a baseline value.
            models.CheckConstraint(
                condition=Q(baseline_creatinine__isnull=False)
                | (Q(baseline_creatinine_unit="") & Q(baseline_creatinine_on__isnull=True)),
                name="prrt_baseline_unit_and_date_need_a_value"),
        ]

    def __str__(self) -> str:
        return f"PRRT course {self.pk} ({self.get_status_display()})"


class CycleStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    READY = "ready", "Checklist complete"
    GIVEN = "given", "Given"
    WITHHELD = "withheld", "Withheld"
    DISCONTINUED = "discontinued", "Discontinued"


class PrrtCycle(models.Model):
    """One cycle: window, checklist, labs with the label table's suggestion, the physician's
    dose decision, booking, octreotide."""

    course = models.ForeignKey(PrrtCourse, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=CycleStatus.choices,
                              default=CycleStatus.PLANNED)
    window_start = models.DateField()
    window_end = models.DateField()
    scheduled_at = models.DateTimeField(null=True, blank=True)
    chair = models.CharField(max_length=40, blank=True)
    # Checklist (each item: done or not; the labs date is checked against the window).
    labs_on = models.DateField(null=True, blank=True)
    labs = models.JSONField(default=dict, blank=True, help_text="ToxicityFacts inputs")
    suggestion = models.JSONField(
        default=dict, blank=True,
        help_text="the label table's suggestion from the labs (dose_modification output, its "
        "inputs and source): decision support, not a decision")
    decision = models.JSONField(
        default=dict, blank=True,
        help_text="the physician's dose decision (action, activity, reason); between labs and a "
        "decision it keeps only what the course's history needs (withheld_for, history)")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True,
                                   help_text="the nuclear-medicine physician who decided the dose")
    decided_at = models.DateTimeField(null=True, blank=True)
    ssa_washout_confirmed = models.BooleanField("SSA washout confirmed", default=False)
    pregnancy_test_negative = models.BooleanField(default=False)
    consent_signed = models.BooleanField(default=False)
    amino_acids_ready = models.BooleanField(default=False)
    antiemetics_given = models.BooleanField(default=False)
    given_at = models.DateTimeField(null=True, blank=True)
    infusion_end = models.DateTimeField(null=True, blank=True)
    octreotide_lar_given_at = models.DateTimeField("octreotide LAR given at", null=True,
                                                   blank=True)
    post_imaging_done_on = models.DateField("post-treatment imaging done on", null=True,
                                            blank=True)

    class Meta:
        verbose_name = "PRRT cycle"
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="prrt_cycle_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=DOSES_PER_COURSE),
                                   name="prrt_cycle_number_1_to_4"),
            models.CheckConstraint(condition=Q(window_end__gte=models.F("window_start")),
                                   name="prrt_cycle_window_ordered"),
            # A dose decision names who decided it and when, or neither.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True, decided_at__isnull=True)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="prrt_cycle_decision_has_who_and_when"),
        ]
        indexes = [
            # The planner's query: cycles still to be placed, by window.
            models.Index(fields=["status", "window_start"], name="prrt_cycle_to_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"cycle {self.number}"


class DoseOrder(models.Model):
    """A Lu-177 DOTATATE dose ordered for a cycle: calibration and planned infusion time, and
    what was given. Activities are GBq at the stated reference time (UTC)."""

    cycle = models.ForeignKey(PrrtCycle, on_delete=models.CASCADE, related_name="dose_orders")
    prescribed_gbq = models.FloatField("prescribed activity (GBq)",
                                       help_text="from the dose decision: 7.4 or 3.7 GBq")
    calibration_gbq = models.FloatField("activity at calibration (GBq)")
    calibration_at = models.DateTimeField()
    planned_at = models.DateTimeField()
    lot = models.CharField(max_length=40, blank=True)
    administered_gbq = models.FloatField("administered activity (GBq)", null=True, blank=True)
    administered_at = models.DateTimeField(null=True, blank=True)
    residual_gbq = models.FloatField("residual activity (GBq)", null=True, blank=True)
    residual_measured_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    ordered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Lu-177 dose order"
        ordering = ["-ordered_at", "-id"]
        constraints = [
            # One live order per cycle; a re-order cancels the previous one first.
            models.UniqueConstraint(fields=["cycle"], condition=Q(cancelled=False),
                                    name="dose_one_live_order_per_cycle"),
            models.CheckConstraint(condition=Q(calibration_gbq__gt=0) & Q(prescribed_gbq__gt=0),
                                   name="dose_positive_activity"),
            models.CheckConstraint(condition=Q(residual_gbq__isnull=True) | Q(residual_gbq__gte=0),
                                   name="dose_residual_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Lu-177 order {self.pk}"

    @property
    def calibration(self) -> Activity:
        return Activity(Nuclide.LU_177, self.calibration_gbq, self.calibration_at)

    def activity_at(self, when: datetime) -> Activity:
        """The vial's activity at `when` (decay from calibration)."""
        return decay_to(self.calibration, when)


class PetStatus(models.TextChoices):
    OPEN = "open", "Waiting for a slot"
    BOOKED = "booked", "Booked"
    DONE = "done", "Scanned"
    CANCELLED = "cancelled", "Cancelled"


class Tracer(models.TextChoices):
    EITHER = "either", "Ga-68 or Cu-64 DOTATATE"
    GA68 = "ga68", "Ga-68 DOTATATE only"
    CU64 = "cu64", "Cu-64 DOTATATE only"


class TimeOfDay(models.TextChoices):
    ANY = "any", "Any time"
    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class PetRequest(models.Model):
    """A request for an SSTR PET that the optimiser places on a day."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="pet_requests")
    weight_kg = models.FloatField("body weight (kg)")
    earliest_day = models.DateField()
    latest_day = models.DateField(null=True, blank=True)
    last_long_acting_ssa = models.DateField("last long-acting SSA injection", null=True,
                                            blank=True)
    tracer_ok = models.CharField("tracer", max_length=10, choices=Tracer.choices,
                                 default=Tracer.EITHER)
    preferred_time = models.CharField(max_length=5, choices=TimeOfDay.choices,
                                      default=TimeOfDay.ANY)
    priority = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=PetStatus.choices, default=PetStatus.OPEN)
    injection_at = models.DateTimeField(null=True, blank=True)
    scan_at = models.DateTimeField(null=True, blank=True)
    scanner = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=10, blank=True, help_text="ga68 or cu64 once booked")
    elution = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "PET request"
        ordering = ["earliest_day", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1) & Q(priority__lte=5),
                                   name="pet_priority_1_to_5"),
            models.CheckConstraint(condition=Q(weight_kg__gte=2) & Q(weight_kg__lte=350),
                                   name="pet_weight_2_to_350"),
            models.CheckConstraint(
                condition=Q(latest_day__isnull=True) | Q(latest_day__gte=models.F("earliest_day")),
                name="pet_window_ordered"),
        ]
        indexes = [
            # The planner's query: open requests by earliest day.
            models.Index(fields=["status", "earliest_day"], name="pet_request_to_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"PET request {self.pk}"


class Route(models.TextChoices):
    MODULE = "module", "Module synthesis (several patients per elution)"
    KIT = "kit", "Single-dose kit (one patient per elution)"


class Department(models.Model):
    """The department's resources and its Ge-68/Ga-68 generator (one active row).

    Lists are comma-separated names; elution times "HH:MM" comma-separated (local time).
    """

    name = models.CharField(max_length=80, default="Nuclear medicine")
    active = models.BooleanField(default=True)
    scanners = models.CharField(max_length=200, default="PET-1,PET-2")
    uptake_rooms = models.PositiveSmallIntegerField(default=3)
    chairs = models.CharField(max_length=200, default="CHAIR-1,CHAIR-2,CHAIR-3,CHAIR-4")
    opens = models.TimeField(default=time(8, 0))
    closes = models.TimeField(default=time(17, 0))
    generator_installed = models.BooleanField(default=True)
    generator_calibration_gbq = models.FloatField("Ge-68 activity at calibration (GBq)",
                                                  default=1.85)
    generator_calibration_date = models.DateField()
    elution_efficiency = models.FloatField(default=0.75)
    synthesis_yield = models.FloatField(default=0.70)
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.MODULE)
    elution_times = models.CharField(max_length=100, default="07:35,11:15,14:15")
    synthesis_minutes = models.PositiveSmallIntegerField("synthesis time (minutes)", default=25)
    cu64_doses_per_day = models.PositiveSmallIntegerField("Cu-64 DOTATATE unit doses per day",
                                                          default=0)
    cu64_delivery_time = models.TimeField("Cu-64 delivery time", default=time(9, 0))

    class Meta:
        constraints = [
            # The planner reads "the" active department.
            models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                    name="department_one_active"),
            models.CheckConstraint(
                condition=Q(elution_efficiency__gt=0) & Q(elution_efficiency__lte=1)
                & Q(synthesis_yield__gt=0) & Q(synthesis_yield__lte=1),
                name="department_fractions_0_1"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Optimising"
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    FAILED = "failed", "Failed"
    SUPERSEDED = "superseded", "Superseded"


class Plan(models.Model):
    """One optimiser run: the problem it solved (snapshot), the proposal, its bounds."""

    start = models.DateField()
    days = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.QUEUED)
    problem = models.JSONField(default=dict, help_text="PlanningProblem snapshot (serialize.py)")
    objective = models.IntegerField(null=True, blank=True)
    bound = models.IntegerField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    physics_bound = models.IntegerField(null=True, blank=True)
    physics_unmet = models.IntegerField(null=True, blank=True)
    unmet = models.JSONField(default=list, blank=True)
    solver_status = models.CharField(max_length=20, blank=True)
    solve_seconds = models.FloatField("solve time (s)", null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    task_id = models.CharField("task ID", max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="the optimiser started")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="proposal or failure")
    replan = models.JSONField(default=dict, blank=True,
                              help_text="one-day re-plan after a cancellation: cancelled, "
                              "moved_in, waiting [{ref, name, reason}]")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1) & Q(days__lte=28),
                                   name="plan_days_1_to_28"),
        ]

    def __str__(self) -> str:
        return f"Plan {self.pk} from {self.start}"


class AssignmentKind(models.TextChoices):
    PET = "pet", "SSTR PET"
    PRRT = "prrt", "PRRT cycle"


class Assignment(models.Model):
    """A booking in a plan; `ref` is the planner id ("pet-<id>" / "prrt-<id>")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=10, choices=AssignmentKind.choices)
    ref = models.CharField("planner reference", max_length=40)
    pet_request = models.ForeignKey(PetRequest, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+",
                                    verbose_name="PET request")
    prrt_cycle = models.ForeignKey(PrrtCycle, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+",
                                   verbose_name="PRRT cycle")
    day = models.DateField()
    start_min = models.PositiveSmallIntegerField("start (minutes after midnight)",
                                                 help_text="injection or chair start, local")
    scan_start_min = models.PositiveSmallIntegerField("scan start (minutes after midnight)",
                                                      null=True, blank=True)
    resource = models.CharField(max_length=40, help_text="scanner or chair")
    source = models.CharField(max_length=10, blank=True)
    elution = models.PositiveSmallIntegerField(null=True, blank=True)
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["day", "start_min", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="assignment_once_per_plan"),
            models.CheckConstraint(
                condition=(Q(kind="pet") & Q(pet_request__isnull=False))
                | (Q(kind="prrt") & Q(prrt_cycle__isnull=False)),
                name="assignment_kind_matches_target"),
        ]
        indexes = [
            # Day and week views: a plan's bookings by day.
            models.Index(fields=["plan", "day", "start_min"], name="assignment_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} on {self.day}"


class ImagingKind(models.TextChoices):
    SPECT_CT = "spect_ct", "Post-treatment SPECT/CT"
    SCAN = "scan", "Post-treatment whole-body scan"
    RESTAGING_PET = "restaging_pet", "Restaging SSTR PET/CT"
    RESTAGING_CT_MRI = "restaging_ct_mri", "Restaging CT or MRI"


RESTAGING_KINDS = ("restaging_pet", "restaging_ct_mri")


class PostImaging(models.Model):
    """Imaging after a PRRT cycle (SPECT/CT or scan) or at the end of the course (restaging):
    ordered, then recorded as done with a short finding."""

    course = models.ForeignKey(PrrtCourse, on_delete=models.CASCADE, related_name="imaging")
    cycle = models.ForeignKey(PrrtCycle, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="imaging", help_text="empty for end-of-course")
    kind = models.CharField(max_length=20, choices=ImagingKind.choices)
    ordered_on = models.DateField()
    performed_on = models.DateField(null=True, blank=True)
    finding = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "post-treatment imaging"
        verbose_name_plural = "post-treatment imaging"
        ordering = ["ordered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(performed_on__isnull=True)
                | Q(performed_on__gte=models.F("ordered_on")),
                name="post_imaging_done_after_ordered"),
            # After-cycle imaging names its cycle; restaging belongs to the whole course.
            models.CheckConstraint(
                condition=(Q(kind__in=RESTAGING_KINDS) & Q(cycle__isnull=True))
                | (Q(kind__in=["spect_ct", "scan"]) & Q(cycle__isnull=False)),
                name="post_imaging_cycle_matches_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.ordered_on})"


STANDARD_GBQ = STANDARD_ACTIVITY_GBQ
