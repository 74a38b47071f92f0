"""Treatments on the timeline (issue "The patient journey", item 6; REFERENCE §5, §7, §8).

Somatostatin analogue injections carry a next-due date computed from the last injection and
the interval. PRRT is a treatment kind here; its course management is a separate issue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from netcare.clinical.snapshot import TreatmentKind
from netcare.patients.models import Patient

KIND_LABELS = {
    "emr": "Endoscopic mucosal resection",
    "surgery": "Surgery",
    "octreotide_lar": "Octreotide LAR",
    "lanreotide": "Lanreotide",
    "octreotide_short_acting": "Short-acting octreotide",
    "telotristat": "Telotristat ethyl",
    "everolimus": "Everolimus",
    "sunitinib": "Sunitinib",
    "captem": "Capecitabine-temozolomide",
    "platinum_etoposide": "Platinum-etoposide",
    "prrt": "PRRT (Lu-177 dotatate)",
    "liver_directed": "Liver-directed therapy",
    "radiation": "Radiation therapy",
    "hormone_therapy": "Hormone therapy",
}
KIND_CHOICES = [(k.value, KIND_LABELS[k.value]) for k in TreatmentKind]
#: Long-acting SSAs: every 4 weeks (REFERENCE §8); PRRT every 8 weeks (REFERENCE §5).
DEFAULT_INTERVAL_DAYS = {"octreotide_lar": 28, "lanreotide": 28, "prrt": 56}
INJECTION_KINDS = frozenset(DEFAULT_INTERVAL_DAYS)
PROCEDURE_KINDS = frozenset({"emr", "surgery", "liver_directed"})
SYSTEMIC_KINDS = frozenset({"everolimus", "sunitinib", "captem", "platinum_etoposide", "prrt"})


class Intent(models.TextChoices):
    CURATIVE = "curative", "Curative"
    ADJUVANT = "adjuvant", "Adjuvant"
    PALLIATIVE = "palliative", "Palliative"
    SYMPTOM_CONTROL = "symptom_control", "Symptom control"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class Response(models.TextChoices):
    COMPLETE = "complete_response", "Complete response"
    PARTIAL = "partial_response", "Partial response"
    STABLE = "stable_disease", "Stable disease"
    PROGRESSIVE = "progressive_disease", "Progressive disease"


class Treatment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    tumor = models.ForeignKey("tumors.Tumor", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    agent = models.CharField(max_length=200, blank=True, help_text="drug/procedure and dose")
    intent = models.CharField(max_length=16, choices=Intent.choices, default=Intent.CURATIVE)
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    interval_days = models.PositiveSmallIntegerField("interval (days)", null=True, blank=True)
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    best_response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(name="treatment_end_after_start",
                                   condition=Q(end_on__isnull=True)
                                   | Q(end_on__gte=F("start_on"))),
            models.CheckConstraint(name="treatment_interval_positive",
                                   condition=Q(interval_days__isnull=True)
                                   | Q(interval_days__gt=0)),
            models.CheckConstraint(name="treatment_kind_valid",
                                   condition=Q(kind__in=[k.value for k in TreatmentKind])),
        ]
        indexes = [
            # Chart summary and snapshot: a patient's treatments by status.
            models.Index(fields=["patient", "status", "-start_on"], name="treatment_patient_idx"),
            # Injection worklist: active SSA courses by next due date.
            models.Index(fields=["next_due_on"], name="treatment_next_due_idx",
                         condition=Q(status="active", next_due_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on}"


class Administration(models.Model):
    """One dose or injection of a course (SSA injection, PRRT cycle)."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE,
                                  related_name="administrations")
    given_on = models.DateField()
    dose = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["given_on", "id"]
        indexes = [models.Index(fields=["treatment", "given_on"], name="administration_idx")]

    def __str__(self) -> str:
        return f"Dose on {self.given_on}"
