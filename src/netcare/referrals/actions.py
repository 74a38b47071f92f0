"""Referral changes: submit, triage (status, priority, assignment), convert to a patient.

Views, the API, loaders' tests and the tests call these; each runs in one transaction, validates,
appends the status history and writes the audit entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from netcare.accounts.models import Role
from netcare.audit import codes
from netcare.audit.log import record
from netcare.clinical.hereditary import HereditarySyndrome
from netcare.clinical.snapshot import Symptom
from netcare.patients.actions import DuplicatePatientError, register_patient
from netcare.patients.models import Patient, TimelineEntry, TimelineKind
from netcare.referrals.flags import compute_flags
from netcare.referrals.models import (
    Priority,
    Referral,
    ReferralDocument,
    ReferralSource,
    ReferralStatus,
    ReferralStatusChange,
    make_reference,
)
from netcare.referrals.uploads import MAX_FILES, check_upload
from netcare.validators import date_of_birth_problem, phone_problem

UNCHANGED: Any = object()

REFERRAL_FIELDS = (
    "source", "first_name", "last_name", "date_of_birth", "phone", "email",
    "preferred_contact_times", "reason", "symptoms", "hereditary_syndromes",
    "family_history_of_net", "family_history_details", "referring_physician_name",
    "referring_practice", "referring_phone",
)


def priority_for(flags: Iterable[Any]) -> Priority:
    """Urgent flag → urgent; possible carcinoid syndrome → soon; otherwise routine."""
    codes_ = {flag.code for flag in flags}
    if "urgent" in codes_:
        return Priority.URGENT
    if "carcinoid" in codes_:
        return Priority.SOON
    return Priority.ROUTINE


def _check_choices(data: dict[str, Any]) -> None:
    bad = [s for s in data.get("symptoms", []) if s not in Symptom.__members__.values()]
    if bad:
        raise ValidationError({"symptoms": f"unknown symptom(s): {', '.join(map(str, bad))}"})
    bad = [s for s in data.get("hereditary_syndromes", [])
           if s not in HereditarySyndrome.__members__.values()]
    if bad:
        raise ValidationError(
            {"hereditary_syndromes": f"unknown syndrome(s): {', '.join(map(str, bad))}"}
        )
    if not (data.get("phone") or data.get("email")):
        raise ValidationError({"phone": "give a phone number or an email address"})
    # The form and the API check these first, by the field; here for every other caller.
    born = data.get("date_of_birth")
    problem = date_of_birth_problem(born) if isinstance(born, date) else None
    if problem:
        raise ValidationError({"date_of_birth": problem})
    for field in ("phone", "referring_phone"):
        problem = phone_problem(str(data.get(field) or ""))
        if problem:
            raise ValidationError({field: problem})


class AlreadySubmittedError(Exception):
    """The sending was stored before, as `referral`; nothing new was stored."""

    def __init__(self, referral: Referral) -> None:
        super().__init__(f"already stored as {referral.reference}")
        self.referral = referral


class NotAdmittedError(Exception):
    """`submit_referral`'s `admit` refused the referral; nothing was stored."""


def _referral_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data[key] for key in REFERRAL_FIELDS if key in data}
    values["symptoms"] = sorted(set(values.get("symptoms", [])))
    values["hereditary_syndromes"] = sorted(set(values.get("hereditary_syndromes", [])))
    return values


def _sender(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def submission_key(data: dict[str, Any], *, by: Any, once: str) -> str:
    """The key a referral sent with the one-time token `once` is stored under ("" without a
    token): a digest of the token, the sender and the referral's details.

    The details are part of it so that a form sent again *changed* (Back after the
    confirmation, another patient's name typed in) is a referral of its own rather than
    silently answered with the first one; sent again unchanged it is the same sending.
    """
    if not once:
        return ""
    sender = _sender(by)
    content = json.dumps([once, sender.pk if sender else None, _referral_values(data)],
                         sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def earlier_submission(data: dict[str, Any], *, by: Any, once: str) -> Referral | None:
    """The referral this sending (see `submission_key`) already stored, or None."""
    return _stored_under(submission_key(data, by=by, once=once))


def _stored_under(key: str) -> Referral | None:
    return Referral.objects.filter(submission_key=key).first() if key else None


def submit_referral(
    data: dict[str, Any], files: Iterable[Any] = (), *, by: Any,
    request: HttpRequest | None = None, once: str = "",
    admit: Callable[[], bool] | None = None,
) -> Referral:
    """Create a referral with computed flags and priority, and store its checked documents.

    `by` is the submitting user, or None for an anonymous public referral. Raises
    ValidationError (by field) for unknown symptoms/syndromes, missing contact, bad files.

    `once`: the one-time token of the sending (the rendered form's, an API Idempotency-Key).
    When the same sending (`submission_key`) stored a referral already, even one that commits
    while this call runs, raises AlreadySubmittedError naming it, with nothing stored: no
    second referral, files or audit entry. The database's unique key decides between
    simultaneous sendings.

    `admit`, when given, is called once this sending has claimed its key (so never for a
    sending stored before) and before anything else is written; False refuses the referral
    with NotAdmittedError, nothing stored. (The public form counts its per-address allowance
    here, so the second of two simultaneous sendings counts nothing.)
    """
    files = list(files)
    values = _referral_values(data)
    key = submission_key(values, by=by, once=once)
    earlier = _stored_under(key)
    if earlier is not None:
        raise AlreadySubmittedError(earlier)
    if len(files) > MAX_FILES:
        raise ValidationError({"documents": f"at most {MAX_FILES} files"})
    kinds = []
    for upload in files:
        try:
            kinds.append(check_upload(upload))
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from None
    _check_choices(values)
    try:
        return _store(values, files, kinds, key=key, by=by, request=request, admit=admit)
    except IntegrityError:
        # The other sending's transaction committed first (this INSERT waited for it).
        earlier = _stored_under(key)
        if earlier is None:
            raise
        raise AlreadySubmittedError(earlier) from None


def _store(values: dict[str, Any], files: list[Any], kinds: list[str], *, key: str, by: Any,
           request: HttpRequest | None, admit: Callable[[], bool] | None) -> Referral:
    flags = compute_flags(values["symptoms"], values["hereditary_syndromes"])
    sender = _sender(by)
    with transaction.atomic():
        referral = Referral(
            **values,
            submitted_by=sender,
            flags=[{"code": f.code, "label": f.label, "reason": f.reason} for f in flags],
            flag_urgent=any(f.code == "urgent" for f in flags),
            flag_carcinoid=any(f.code == "carcinoid" for f in flags),
            flag_genetic=any(f.code == "genetic" for f in flags),
            priority=priority_for(flags),
            submission_key=key,
        )
        # The key's uniqueness is the INSERT's to decide (checking it here could race).
        referral.full_clean(exclude=["reference", "submission_key"])
        referral.save()
        if admit is not None and not admit():
            raise NotAdmittedError
        referral.reference = make_reference(referral.pk, timezone.localdate(
            referral.created_at, timezone=_zone()).year)
        referral.save(update_fields=["reference"])
        ReferralStatusChange.objects.create(
            referral=referral, from_status="", to_status=ReferralStatus.NEW,
            by=sender, reason="submitted",
        )
        for upload, kind in zip(files, kinds, strict=True):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            document = ReferralDocument(
                referral=referral, original_name=(upload.name or "")[-200:], kind=kind,
                size=upload.size, sha256=digest.hexdigest(),
            )
            document.file.save(f"{referral.reference}-{kind}", upload, save=False)
            document.save()
        record(request, codes.REFERRAL_SUBMITTED, user=by, obj=referral,
               detail={"reference": referral.reference, "source": referral.source,
                       "flags": [f.code for f in flags], "documents": len(files)})
    return referral


def _zone() -> Any:
    from netcare.program import settings_store

    return settings_store.current().zone


def triage_referral(
    referral: Referral, *, by: Any, request: HttpRequest | None = None,
    status: str | None = None, priority: int | None = None, assigned_to: Any = UNCHANGED,
    reason: str = "",
) -> Referral:
    """Change status, priority and/or assignment; appends history; no-op when nothing changes.

    Converting is done by :func:`convert_referral`, never by setting the status here.
    """
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        changes: dict[str, Any] = {}
        if status is not None and status != locked.status:
            if status not in ReferralStatus.values:
                raise ValidationError({"status": f"unknown status {status!r}"})
            if status == ReferralStatus.CONVERTED or locked.status == ReferralStatus.CONVERTED:
                raise ValidationError(
                    {"status": "a referral becomes 'converted' only by converting it"}
                )
            if status == ReferralStatus.DECLINED and not reason.strip():
                raise ValidationError({"reason": "say why the referral is declined"})
            changes["status"] = status
        if priority is not None and priority != locked.priority:
            if priority not in Priority.values:
                raise ValidationError({"priority": f"unknown priority {priority!r}"})
            changes["priority"] = priority
        if assigned_to is not UNCHANGED and assigned_to != locked.assigned_to:
            if assigned_to is not None and assigned_to.role != Role.NAVIGATOR:
                raise ValidationError({"assigned_to": "referrals are assigned to navigators"})
            changes["assigned_to"] = assigned_to
        if not changes:
            return locked
        old = {key: str(getattr(locked, key)) for key in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*changes, "updated_at"])
        if "status" in changes:
            ReferralStatusChange.objects.create(
                referral=locked, from_status=old["status"], to_status=changes["status"], by=by,
                reason=reason.strip()[:500],
            )
        record(request, codes.REFERRAL_TRIAGED, user=by, obj=locked,
               detail={"old": old, "new": {k: str(v) for k, v in changes.items()},
                       "reason": reason})
    return locked


class AlreadyConvertedError(Exception):
    pass


class MrnInUseError(DuplicatePatientError):
    """The medical record number given for a new patient is another patient's.

    Never a matter of confirming a different person (unlike a same-name-and-birth-date match):
    the MRN must change, or the referral is linked to `existing` (the MRN's holder) when it is
    the same person.
    """


def convert_referral(
    referral: Referral, *, by: Any, request: HttpRequest | None = None, mrn: str = "",
    sex: str = "unknown", existing_patient: Patient | None = None,
    allow_same_name_and_birth_date: bool = False,
) -> Patient:
    """Turn a referral into a patient (or link it to `existing_patient`), writing the timeline.

    Duplicate detection: raises MrnInUseError when another patient has the MRN, whatever
    `allow_same_name_and_birth_date` says (a new patient never shares an MRN), and
    DuplicatePatientError when a patient with the same name and date of birth exists, unless
    confirmed a different person. Either way the navigator may link the referral to the patient
    found instead.
    """
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status == ReferralStatus.CONVERTED:
            raise AlreadyConvertedError(f"{locked.reference} is already converted")
        if existing_patient is None:
            same_mrn = list(Patient.objects.filter(mrn=mrn.strip().upper())[:1])
            if same_mrn:
                raise MrnInUseError(same_mrn)
            patient = register_patient(
                {"mrn": mrn.strip().upper(), "first_name": locked.first_name,
                 "last_name": locked.last_name, "date_of_birth": locked.date_of_birth,
                 "sex": sex, "phone": locked.phone, "email": locked.email},
                by=by, request=request,
                allow_same_name_and_birth_date=allow_same_name_and_birth_date,
            )
        else:
            patient = existing_patient
        old_status = locked.status
        locked.patient = patient
        locked.status = ReferralStatus.CONVERTED
        locked.save(update_fields=["patient", "status", "updated_at"])
        ReferralStatusChange.objects.create(
            referral=locked, from_status=old_status, to_status=ReferralStatus.CONVERTED, by=by,
            reason="linked to existing patient" if existing_patient else "patient registered",
        )
        who = (f"by {locked.referring_physician_name}" if locked.source ==
               ReferralSource.PHYSICIAN and locked.referring_physician_name else
               "self-referral" if locked.source == ReferralSource.SELF else "physician referral")
        flags = "; ".join(f"{f['label']}: {f['reason']}" for f in locked.flags)
        TimelineEntry.objects.create(
            patient=patient, occurred_at=locked.created_at, kind=TimelineKind.REFERRAL,
            title=f"Referral {locked.reference} ({who})",
            summary=(locked.reason + (" — " + flags if flags else ""))[:500],
            source_type="referral", source_id=str(locked.pk),
        )
        record(request, codes.REFERRAL_CONVERTED, user=by, patient=patient, obj=locked,
               detail={"reference": locked.reference, "linked_existing": bool(existing_patient)})
    return patient
