"""Changes to the patient registry. Views, the API and the loaders' tests call these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest

from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient


class DuplicatePatientError(Exception):
    """Registration found a possible duplicate (same name and date of birth)."""

    def __init__(self, existing: list[Patient]) -> None:
        self.existing = existing
        super().__init__("possible duplicate: " + "; ".join(str(p) for p in existing))


def possible_duplicates(first_name: str, last_name: str, dob: Any) -> list[Patient]:
    """Patients with the same name (case-insensitive) and date of birth. One query."""
    return list(
        Patient.objects.annotate(lf=Lower("first_name"), ll=Lower("last_name")).filter(
            lf=first_name.strip().lower(), ll=last_name.strip().lower(), date_of_birth=dob
        )[:5]
    )


def register_patient(
    data: dict[str, Any],
    *,
    by: Any,
    request: HttpRequest | None = None,
    allow_same_name_and_birth_date: bool = False,
) -> Patient:
    """Create a patient. Refuses a same-name-and-birth-date duplicate unless confirmed.

    The MRN's uniqueness is the database's (constraint `patient_mrn_unique`).
    """
    with transaction.atomic():
        if not allow_same_name_and_birth_date:
            existing = possible_duplicates(
                data["first_name"], data["last_name"], data["date_of_birth"]
            )
            if existing:
                raise DuplicatePatientError(existing)
        patient = Patient(**data)
        patient.full_clean()
        patient.save()
        record(
            request,
            codes.PATIENT_CREATED,
            user=by,
            patient=patient,
            obj=patient,
            detail={"mrn": patient.mrn},
        )
    return patient


def update_patient_contact(
    patient: Patient, changes: dict[str, Any], *, by: Any, request: HttpRequest | None = None
) -> Patient:
    """Change demographics/contact details; audit old and new values. No-op when unchanged."""
    changed = {k: v for k, v in changes.items() if getattr(patient, k) != v}
    if not changed:
        return patient
    with transaction.atomic():
        old = {k: str(getattr(patient, k)) for k in changed}
        for key, value in changed.items():
            setattr(patient, key, value)
        patient.full_clean()
        patient.save(update_fields=list(changed))
        record(
            request,
            codes.PATIENT_UPDATED,
            user=by,
            patient=patient,
            obj=patient,
            detail={"old": old, "new": {k: str(v) for k, v in changed.items()}},
        )
    return patient
