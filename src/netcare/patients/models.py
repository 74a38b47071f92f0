"""The patient registry and the chart timeline (issue: foundation, item 5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    TAGALOG = "tl", "Tagalog"
    ARMENIAN = "hy", "Armenian"
    PERSIAN = "fa", "Persian"
    OTHER = "other", "Other"


class Patient(models.Model):
    """A person in the program's care. MRN is unique in the program."""

    mrn = models.CharField("medical record number", max_length=20)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    # Lower-cased "last first" for prefix search; kept in step by save() and the loaders.
    search_name = models.CharField(max_length=170, editable=False)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=200, blank=True)
    preferred_language = models.CharField(
        max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_record",
        help_text="the patient's own sign-in, for the portal",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deceased_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mrn"], name="patient_mrn_unique"),
            models.CheckConstraint(
                name="patient_sex_valid", condition=Q(sex__in=[c.value for c in Sex])
            ),
        ]
        indexes = [
            # Name search: prefix match on "last first" (a pattern-ops twin is added on
            # PostgreSQL by migration 0002 so LIKE 'x%' uses an index there too).
            models.Index(fields=["search_name", "id"], name="patient_search_name_idx"),
            # Search by date of birth.
            models.Index(fields=["date_of_birth"], name="patient_dob_idx"),
            # Duplicate detection at registration: same name and date of birth.
            models.Index(
                Lower("last_name"),
                Lower("first_name"),
                "date_of_birth",
                name="patient_duplicate_check_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.mrn})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = make_search_name(self.last_name, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and (
            "last_name" in update_fields or "first_name" in update_fields  # type: ignore[operator]
        ):
            kwargs["update_fields"] = {*update_fields, "search_name"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ChartVersion(models.Model):
    """How often the data a patient's chart body shows has changed: written only by database
    triggers (`netcare.patients.chart_cache`), read into the chart's cache key. No foreign key:
    the triggers may run while a patient's rows are deleted, and an orphan row is harmless."""

    patient_id = models.BigIntegerField("patient ID", primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"patient {self.patient_id}: chart version {self.version}"


def make_search_name(last_name: str, first_name: str) -> str:
    return f"{last_name.strip().lower()} {first_name.strip().lower()}"


class TimelineKind(models.TextChoices):
    REFERRAL = "referral", "Referral"
    VISIT = "visit", "Visit"
    IMAGING = "imaging", "Imaging"
    PET = "pet", "SSTR PET"
    ENDOSCOPY = "endoscopy", "Endoscopy"
    LAB = "lab", "Laboratory"
    PATHOLOGY = "pathology", "Pathology"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    BOARD = "board", "Tumor board"
    TREATMENT = "treatment", "Treatment"
    PRRT = "prrt", "PRRT"
    FOLLOW_UP = "follow_up", "Follow-up"
    NOTE = "note", "Note"


class TimelineEntry(models.Model):
    """One line of a patient's chart timeline, written by the area that owns the event.

    The chart reads this one table (one query for 200 entries) instead of joining every area.
    `occurred_at` is when the event happened (a test performed, a dose given, a visit held),
    never when it was typed in: a result entered weeks late sits at its test date. Entries
    dated after today are what is planned (the chart lists them apart, labelled).
    """

    # No index of its own: timeline_chart_idx starts with it.
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="timeline",
                                db_index=False)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField("source ID", max_length=64, blank=True)
    # Whether the patient sees the line: a clinician released it, and, for a result, no newer
    # version has been released since (`workup.actions.release_result` clears it on the line of
    # the version a released correction replaces; clinicians keep seeing both).
    released_to_patient = models.BooleanField(default=False)
    # When the entry was written, so the chart can say a result was entered late. Set by
    # save(), not by a column default: bulk loads of past history (the seed) leave it empty
    # rather than stamping years of events with the day they were loaded.
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "timeline entries"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The chart: a patient's entries, newest first (optionally one kind).
            models.Index(fields=["patient", "-occurred_at"], name="timeline_chart_idx"),
            models.Index(fields=["patient", "kind", "-occurred_at"], name="timeline_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()}: {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self._state.adding and self.recorded_at is None:
            self.recorded_at = timezone.now()
        super().save(*args, **kwargs)  # type: ignore[arg-type]
