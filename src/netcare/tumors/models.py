"""Tumor per primary, with WHO grade and AJCC 8th TNM computed from results (item 5).

The computed columns are written only by `netcare.tumors.services.recompute_patient`, which
calls `netcare.clinical.grading` and `netcare.clinical.staging`; `inputs_used` keeps what they
were computed from, for the page. A clinician's override is kept beside them, with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from netcare.clinical.vocabulary import Site
from netcare.patients.models import Patient

SITE_CHOICES = [(s.value, s.value.replace("_", "/")) for s in Site]


class Tumor(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    site = models.CharField(max_length=20, choices=SITE_CHOICES)
    subsite = models.CharField(max_length=20, blank=True)
    diagnosed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Computed (never typed):
    category = models.CharField(max_length=40, blank=True, editable=False)
    grade = models.CharField(max_length=4, blank=True, editable=False)
    t = models.CharField("T", max_length=8, blank=True, editable=False)
    n = models.CharField("N", max_length=4, blank=True, editable=False)
    m = models.CharField("M", max_length=4, blank=True, editable=False)
    stage = models.CharField(max_length=6, blank=True, editable=False)
    size_cm = models.FloatField("size (cm)", null=True, blank=True, editable=False)
    computed_notes = models.JSONField(default=list, editable=False)
    inputs_used = models.JSONField(default=dict, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A clinician's override, shown beside the computed values:
    override_grade = models.CharField(max_length=4, blank=True)
    override_t = models.CharField("override T", max_length=8, blank=True)
    override_n = models.CharField("override N", max_length=4, blank=True)
    override_m = models.CharField("override M", max_length=4, blank=True)
    override_stage = models.CharField(max_length=6, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "site", "subsite"],
                                    name="tumor_one_per_primary_site"),
            models.CheckConstraint(name="tumor_override_has_reason",
                                   condition=Q(overridden_at__isnull=True)
                                   | ~Q(override_reason="")),
            models.CheckConstraint(name="tumor_site_valid", condition=Q(site__in=Site)),
        ]
        indexes = [
            # Worklists and summaries list a patient's tumors (the unique constraint covers it);
            # this one serves "tumors by stage" analytics and the board's filters.
            models.Index(fields=["site", "stage"], name="tumor_site_stage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.site_label} {self.effective('grade')} {self.effective('stage')}".strip()

    @property
    def site_label(self) -> str:
        label = self.site.replace("_", "/")
        return f"{label} ({self.subsite})" if self.subsite else label

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None

    def effective(self, name: str) -> str:
        """The override when a clinician set one for `name`, else the computed value."""
        override = getattr(self, f"override_{name}", "") if name != "category" else ""
        return override or getattr(self, name)

    @property
    def effective_grade(self) -> str:
        return self.effective("grade")

    @property
    def effective_stage(self) -> str:
        return self.effective("stage")

    @property
    def effective_tnm(self) -> str:
        t, n, m = self.effective("t"), self.effective("n"), self.effective("m")
        return " ".join(x for x in (t, n, m) if x)
