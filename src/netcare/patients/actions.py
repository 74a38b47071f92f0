"""Changes to the patient registry. Views, the API and the loaders' tests call these."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient

#: Said when a change would leave a patient with neither a phone number nor an email address.
NO_WAY_TO_REACH = "Give a phone number or an email address so the program can reach you."


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
    """Change demographics/contact details; audit old and new values. No-op when unchanged.

    Refuses (ValidationError on ``phone``) a change to the phone or email that leaves both
    blank: the program would have no way to reach the patient. A record registered without
    either may still have its other details changed.
    """
    changed = {k: v for k, v in changes.items() if getattr(patient, k) != v}
    if not changed:
        return patient
    if ({"phone", "email"} & changed.keys()
            and not any(str(changes.get(k, getattr(patient, k)) or "").strip()
                        for k in ("phone", "email"))):
        raise ValidationError({"phone": NO_WAY_TO_REACH})
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


def create_portal_account(
    patient: Patient, *, by: Any, request: HttpRequest | None = None
) -> tuple[User, str]:
    """Give a registered patient their own portal sign-in: a patient-role user named after the
    MRN (lower-case) with a random one-time password they must change at first sign-in.

    Returns the user and the one-time password (shown once to the navigator, stored only as a
    hash, never audited). Refuses (ValidationError naming ``user``) a patient who already has
    an account or an MRN whose username is taken.
    """
    if not can(by, Action.CREATE_PORTAL_ACCOUNT):
        raise PermissionDenied("only navigators and administrators create portal accounts")
    username = patient.mrn.strip().lower()
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        locked = Patient.objects.select_for_update().get(pk=patient.pk)
        if locked.user_id is not None:
            raise ValidationError(
                {"user": "This patient already has a portal sign-in; no second one is made."}
            )
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                {"user": f"The username {username!r} is already taken by another account."}
            )
        user = User(
            username=username,
            first_name=locked.first_name,
            last_name=locked.last_name,
            email=getattr(locked, "email", "") or "",
            role=Role.PATIENT,
            must_change_password=True,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        locked.user = user
        locked.save(update_fields=["user"])
        patient.user = user
        record(
            request,
            codes.PORTAL_ACCOUNT_CREATED,
            user=by,
            patient=locked,
            obj=user,
            detail={"username": username},
        )
    return user, password
