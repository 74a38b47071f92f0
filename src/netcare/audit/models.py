"""The append-only audit trail (DESIGN "Rules that hold everywhere")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries are append-only: they cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only: they cannot be deleted")


class AuditEntry(models.Model):
    """Who did what to which patient's data, when and from where.

    Rows are only ever inserted: saving an existing row or deleting one raises, the admin is
    read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).
    """

    occurred_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # audit_by_user_idx starts with it (every page view writes an entry)
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=80, help_text="dotted code, e.g. netcare.patient.viewed")
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # audit_by_patient_idx starts with it
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField("object ID", max_length=64, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The administrator's filter "entries for this patient, newest first".
            models.Index(fields=["patient", "-occurred_at"], name="audit_by_patient_idx"),
            # The administrator's filter "entries by this user, newest first".
            models.Index(fields=["user", "-occurred_at"], name="audit_by_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only: they cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only: they cannot be deleted")
