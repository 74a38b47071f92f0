"""The fictional demo program: pages, one user per role, a synthetic cohort. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from netcare.accounts.models import Discipline, Role, User
from netcare.patients.models import Patient
from netcare.program.demo_content import PAGES
from netcare.program.models import ProgramPage

DEMO_PASSWORD = "netcare-demo-2026"  # noqa: S105 (printed on purpose: demo only)

DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    # username, first, last, role, discipline
    ("patient", "Pat", "Example", Role.PATIENT, ""),
    ("referrer", "Rita", "Referrer", Role.REFERRING_PHYSICIAN, ""),
    ("navigator", "Nora", "Navigator", Role.NAVIGATOR, ""),
    ("surgeon", "Sam", "Surgeon", Role.PHYSICIAN, Discipline.SURGERY),
    ("oncologist", "Olga", "Oncologist", Role.PHYSICIAN, Discipline.MEDICAL_ONCOLOGY),
    ("gastro", "Gil", "Gastro", Role.PHYSICIAN, Discipline.GASTROENTEROLOGY),
    ("pathologist", "Paula", "Pathologist", Role.PHYSICIAN, Discipline.PATHOLOGY),
    ("radiologist", "Ravi", "Radiologist", Role.PHYSICIAN, Discipline.RADIOLOGY),
    ("nucmed", "Nadia", "Nuclear", Role.PHYSICIAN, Discipline.NUCLEAR_MEDICINE),
    ("coordinator", "Cora", "Coordinator", Role.COORDINATOR, ""),
    ("technologist", "Theo", "Technologist", Role.NUCLEAR_MEDICINE_STAFF, ""),
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR, ""),
]


def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo users that are missing; return (role label, username) pairs."""
    logins = []
    for username, first, last, role, discipline in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "discipline": discipline,
                "email": f"{username}@example.org",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        logins.append((user.role_label, username))
    return logins


def ensure_pages() -> None:
    for position, (slug, title, summary, body) in enumerate(PAGES):
        ProgramPage.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "summary": summary, "body": body, "position": position},
        )


def ensure_demo_program(patients: int, *, out: Any = None) -> list[tuple[str, str]]:
    """Pages, users and (when the registry is empty) a synthetic cohort. A rerun reuses all."""
    with transaction.atomic():
        ensure_pages()
        logins = ensure_demo_users()
    if not Patient.objects.exists():
        from netcare.patients.loaders import load_cohort

        load_cohort(patients, seed=2026, out=out)
    patient_user = User.objects.get(username="patient")
    if not Patient.objects.filter(user=patient_user).exists():
        first = Patient.objects.order_by("id").first()
        if first is not None:
            first.user = patient_user
            first.save(update_fields=["user"])
    return logins
