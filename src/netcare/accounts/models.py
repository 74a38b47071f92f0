"""Users of netcare and their roles (issue: foundation, item 4)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    REFERRING_PHYSICIAN = "referring_physician", "Referring physician"
    NAVIGATOR = "navigator", "Nurse navigator"
    PHYSICIAN = "physician", "Physician"
    COORDINATOR = "coordinator", "Tumor board coordinator"
    NUCLEAR_MEDICINE_STAFF = (
        "nuclear_medicine_staff",
        "Nuclear-medicine technologist / radiopharmacist",
    )
    ADMINISTRATOR = "administrator", "Program administrator"


class Discipline(models.TextChoices):
    SURGERY = "surgery", "Surgery"
    MEDICAL_ONCOLOGY = "medical_oncology", "Medical oncology"
    GASTROENTEROLOGY = "gastroenterology", "Gastroenterology"
    PATHOLOGY = "pathology", "Pathology"
    RADIOLOGY = "radiology", "Radiology"
    NUCLEAR_MEDICINE = "nuclear_medicine", "Nuclear medicine"


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None,
        **extra_fields: Any
    ) -> User:
        """`createsuperuser` makes a program administrator unless told another role: the admin
        site opens for that role only (`policy.can_use_admin_site`), so a superuser without
        one could not sign in to give themselves the role."""
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Physicians carry their discipline; patients link to their record."""

    role = models.CharField(max_length=40, choices=Role.choices)
    discipline = models.CharField(max_length=40, choices=Discipline.choices, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Set for an account created with a one-time password (a patient's portal sign-in);
    # accounts.middleware.MustChangePasswordMiddleware holds the user on the password-change
    # page until they choose their own.
    must_change_password = models.BooleanField(default=False)

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="physician_has_discipline",
                condition=~Q(role="physician") | ~Q(discipline=""),
                violation_error_message="A physician needs a discipline.",
            ),
            models.CheckConstraint(
                name="only_physicians_have_discipline",
                condition=Q(role="physician") | Q(discipline=""),
                violation_error_message="Only physicians have a discipline.",
            ),
        ]

    @property
    def role_label(self) -> str:
        label = Role(self.role).label if self.role in Role.values else self.role
        if self.discipline:
            return f"{label} — {Discipline(self.discipline).label}"
        return str(label)

    @property
    def is_staff_of_program(self) -> bool:
        """Staff see the program's patients; patients and referrers do not."""
        return self.role in STAFF_ROLES


STAFF_ROLES = frozenset(
    {
        Role.NAVIGATOR,
        Role.PHYSICIAN,
        Role.COORDINATOR,
        Role.NUCLEAR_MEDICINE_STAFF,
        Role.ADMINISTRATOR,
    }
)


class ApiToken(models.Model):
    """A bearer token for the JSON and FHIR APIs. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_sha256 = models.CharField("token SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        constraints = [
            models.UniqueConstraint(fields=["token_sha256"], name="api_token_hash_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"
