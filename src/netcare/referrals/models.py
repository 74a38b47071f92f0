"""Referrals into the program, their triage history and uploaded documents (issue: the patient
journey, items 1 and 2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from netcare.referrals.uploads import HELD_FOLDER, get_private_storage


class ReferralSource(models.TextChoices):
    SELF = "self", "Self-referral"
    PHYSICIAN = "physician", "Physician referral"


class ReferralStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    CONVERTED = "converted", "Converted to patient"
    DECLINED = "declined", "Declined"


class Priority(models.IntegerChoices):
    """Lower sorts first: the queue shows urgent referrals on top."""

    URGENT = 1, "Urgent"
    SOON = 2, "Soon"
    ROUTINE = 3, "Routine"


class Referral(models.Model):
    """One referral, from a patient (self) or a physician. Flags are computed, never typed."""

    reference = models.CharField(max_length=20, blank=True, editable=False)
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="referrals_submitted", help_text="empty for an anonymous public referral",
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_times = models.CharField(max_length=200, blank=True)
    reason = models.TextField(max_length=2000)
    symptoms = models.JSONField(default=list, blank=True)  # values of clinical.snapshot.Symptom
    hereditary_syndromes = models.JSONField(default=list, blank=True)  # HereditarySyndrome values
    family_history_of_net = models.BooleanField("family history of NET", default=False)
    family_history_details = models.CharField(max_length=500, blank=True)
    referring_physician_name = models.CharField(max_length=120, blank=True)
    referring_practice = models.CharField(max_length=200, blank=True)
    referring_phone = models.CharField(max_length=30, blank=True)
    # Computed by referrals.flags at submission: [{code, label, reason}], and booleans to filter.
    flags = models.JSONField(default=list, blank=True)
    flag_urgent = models.BooleanField("urgent review flag", default=False)
    flag_carcinoid = models.BooleanField("possible carcinoid syndrome flag", default=False)
    flag_genetic = models.BooleanField("genetic counselling flag", default=False)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.ROUTINE)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="referrals_assigned",
    )
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="referrals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # See actions.submission_key: the same sending (a rendered form sent twice, an API request
    # retried) stores one referral, whichever of two simultaneous sendings comes first.
    submission_key = models.CharField(
        max_length=64, blank=True, default="", editable=False,
        help_text="digest of the one-time token of the form or request that sent it, the "
                  "sender and the details; empty when none was given")

    class Meta:
        ordering = ["priority", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="referral_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["submission_key"], condition=~Q(submission_key=""),
                name="referral_sent_once",
                violation_error_message="This referral was already sent.",
            ),
            models.CheckConstraint(
                name="referral_status_valid",
                condition=Q(status__in=[c.value for c in ReferralStatus]),
            ),
            models.CheckConstraint(
                name="referral_source_valid",
                condition=Q(source__in=[c.value for c in ReferralSource]),
            ),
            models.CheckConstraint(
                name="referral_priority_valid", condition=Q(priority__in=Priority.values)
            ),
            models.CheckConstraint(
                name="referral_converted_has_patient",
                condition=~Q(status="converted") | Q(patient__isnull=False),
                violation_error_message="A converted referral links its patient.",
            ),
        ]
        indexes = [
            # The navigator queue: open referrals by status, urgent first, oldest first.
            models.Index(fields=["status", "priority", "created_at"], name="referral_queue_idx"),
            # "Assigned to me" filter of the queue.
            models.Index(fields=["assigned_to", "status"], name="referral_assigned_idx"),
            # The default queue: open referrals only (a few among years of converted ones),
            # in queue order, so the first page is read straight off this small index.
            models.Index(
                fields=["priority", "created_at", "id"],
                name="referral_open_queue_idx",
                condition=~Q(status__in=["converted", "declined"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.last_name}, {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def make_reference(referral_id: int, year: int) -> str:
    """`R-2026-000123`: the year of submission and the row's id, unique because the id is."""
    return f"R-{year}-{referral_id:06d}"


class ReferralStatusChange(models.Model):
    """Status history: who changed the referral, when and why. Appended, never edited."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+", verbose_name="changed by")
    at = models.DateTimeField("changed at", auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '·'} → {self.to_status}"


class ReferralDocument(models.Model):
    """A prior report or image sent with the referral; stored privately (see uploads.py)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="referrals/%Y/%m/", storage=get_private_storage,
                            max_length=300)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)  # pdf | png | jpeg | dicom
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class HeldDocument(models.Model):
    """A checked upload of a referral form that came back to the sender (a mistake to correct,
    the rate limit), kept until the form is sent again: browsers cannot fill a file input
    again, so without it the file would be lost. Held for the rendered form's one-time token
    (spam.stamp_token), of which only a digest is stored: only a sending of that form lists,
    removes or stores it. Stored privately like a referral's documents, never served.

    The form's next sending stores it with the referral or deletes it (actions.submit_referral);
    one not shown again for the stamp's lifetime is deleted (`expires_at`,
    actions.forget_expired_held_documents). What the documents held from one client address,
    and by everyone, may take is capped (`uploads.held_caps`, counted from these rows by
    actions.keep_documents); the address goes with the row."""

    # Looked up by the index of `held_document_once_per_form`, which starts with it.
    token_digest = models.CharField(max_length=64,
                                    help_text="SHA-256 of the form's one-time token")
    file = models.FileField(upload_to=f"{HELD_FOLDER}/", storage=get_private_storage,
                            max_length=300)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)  # pdf | png | jpeg | dicom
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    held_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True,
                                      help_text="deleted after this unless the form is sent")
    client_address = models.GenericIPAddressField(
        null=True, blank=True, help_text="where the form was sent from (empty: not known), "
                                         "for the per-address cap on what is held")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="held_document_not_empty", condition=Q(size__gt=0),
                                   violation_error_message="An empty file is not kept."),
            # The same file attached again to the same form is the one already kept.
            models.UniqueConstraint(fields=["token_digest", "sha256"],
                                    name="held_document_once_per_form"),
        ]
        indexes = [
            # The per-address cap sums what one address held in the last window.
            models.Index(fields=["client_address", "held_at"], name="held_document_address_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name
