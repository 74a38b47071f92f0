"""Referrals over the JSON API: referring physicians submit; navigators list, triage and convert
a referral to a patient."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest
from ninja import HeaderEx, P, Router, Schema, Status
from ninja.errors import HttpError

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.api_errors import Problem, unprocessable
from netcare.patients import access
from netcare.patients.actions import DuplicatePatientError
from netcare.patients.models import Sex
from netcare.referrals.actions import (
    UNCHANGED,
    AlreadyConvertedError,
    AlreadySubmittedError,
    MrnInUseError,
    convert_referral,
    submit_referral,
    triage_referral,
)
from netcare.referrals.models import Referral, ReferralSource
from netcare.referrals.views import filtered_queue
from netcare.validators import date_of_birth_problem, phone_problem

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str = ""
    email: str = ""
    preferred_contact_times: str = ""
    reason: str
    symptoms: list[str] = []
    hereditary_syndromes: list[str] = []
    family_history_of_net: bool = False
    family_history_details: str = ""
    referring_physician_name: str = ""
    referring_practice: str = ""
    referring_phone: str = ""


class FlagOut(Schema):
    code: str
    label: str
    reason: str


class ReferralOut(Schema):
    id: int
    reference: str
    source: str
    first_name: str
    last_name: str
    date_of_birth: date
    priority: int
    status: str
    flags: list[FlagOut]
    assigned_to: str | None
    created_at: datetime

    @staticmethod
    def resolve_assigned_to(obj: Referral) -> str | None:
        return obj.assigned_to.username if obj.assigned_to_id else None  # type: ignore[union-attr]


class TriageIn(Schema):
    status: str | None = None
    priority: int | None = None
    assigned_to: str | None = None  # a navigator's username; "" unassigns
    reason: str = ""


#: The phone fields the web form checks with `PhoneField`; the API refuses the same text.
_PHONE_FIELDS = ("phone", "referring_phone")


def _input_problem(body: ReferralIn) -> Status[Any] | None:
    """The first field the web form would refuse (a future date of birth, a phone number that
    is not one), as a 422 naming it; or None."""
    problem = date_of_birth_problem(body.date_of_birth)
    if problem:
        return unprocessable("date_of_birth", f"date_of_birth: {problem}")
    for field in _PHONE_FIELDS:
        problem = phone_problem(getattr(body, field))
        if problem:
            return unprocessable(field, f"{field}: {problem}")
    return None


def _problem(error: ValidationError) -> tuple[int, Problem]:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return unprocessable(field, f"{field}: {'; '.join(messages)}")
    return unprocessable(None, "; ".join(error.messages))


#: The longest Idempotency-Key accepted (a UUID is 36 characters).
MAX_IDEMPOTENCY_KEY = 200


@router.post("/referrals", response={201: ReferralOut, 422: Problem},
             summary="Submit a referral (referring physician)")
def create_referral(
    request: HttpRequest, body: ReferralIn,
    idempotency_key: HeaderEx[str, P(
        alias="Idempotency-Key",
        description="Any unique text (a UUID) per referral: a request retried with the same "
                    "key and body answers 201 with the referral the first one stored, storing "
                    "nothing more. A different body with the same key is a referral of its "
                    "own.")] = "",
) -> Any:
    """The referral as the web form stores it. With an Idempotency-Key, a retry (the same
    key, sender and body) answers 201 with the referral stored first, even when both arrive
    at once."""
    if not can(request.user, Action.SUBMIT_REFERRAL):
        raise HttpError(404, "Not found.")
    refused = _input_problem(body)
    if refused is not None:
        return refused
    data = body.dict()
    for field in _PHONE_FIELDS:
        data[field] = data[field].strip()  # as the form keeps them
    user: Any = request.user
    data["source"] = (ReferralSource.PHYSICIAN if user.role == Role.REFERRING_PHYSICIAN
                      else ReferralSource.SELF)
    if data["source"] == ReferralSource.PHYSICIAN and not data["referring_physician_name"]:
        data["referring_physician_name"] = user.get_full_name() or user.username
    if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
        return unprocessable("Idempotency-Key", f"Idempotency-Key: at most "
                                                f"{MAX_IDEMPOTENCY_KEY} characters")
    try:
        referral = submit_referral(data, by=user, request=request,
                                   once=f"api:{idempotency_key}" if idempotency_key else "")
    except AlreadySubmittedError as already:  # a retry: the same answer as the first time
        referral = already.referral
    except ValidationError as error:
        return _problem(error)
    return Status(201, Referral.objects.select_related("assigned_to").get(pk=referral.pk))


@router.get("/referrals", response=list[ReferralOut], summary="The navigator's referral queue")
def list_referrals(request: HttpRequest, status: str = "", flag: str = "", mine: bool = False,
                   limit: int = 50) -> Any:
    if not can(request.user, Action.TRIAGE_REFERRAL):
        raise HttpError(404, "Not found.")
    if flag not in ("", "urgent", "carcinoid", "genetic"):
        raise HttpError(422, "flag: one of urgent, carcinoid, genetic")
    if not 1 <= limit <= 200:
        raise HttpError(422, "limit: must be between 1 and 200")
    record(request, codes.REFERRAL_QUEUE_VIEWED, detail={"api": True, "status": status})
    return list(filtered_queue(request.user, status=status, flag=flag, mine=mine)[:limit])


@router.post("/referrals/{referral_id}/triage", response={200: ReferralOut, 422: Problem},
             summary="Change a referral's status, priority or assignment")
def triage(request: HttpRequest, referral_id: int, body: TriageIn) -> Any:
    if not can(request.user, Action.TRIAGE_REFERRAL):
        raise HttpError(404, "Not found.")
    try:
        referral = Referral.objects.get(pk=referral_id)
    except Referral.DoesNotExist:
        raise HttpError(404, "Not found.") from None
    assigned: Any = UNCHANGED
    if body.assigned_to is not None:
        assigned = None
        if body.assigned_to:
            assigned = User.objects.filter(username=body.assigned_to).first()
            if assigned is None:
                return unprocessable("assigned_to", "assigned_to: no such user")
    try:
        triage_referral(referral, by=request.user, request=request, status=body.status,
                        priority=body.priority, assigned_to=assigned, reason=body.reason)
    except ValidationError as error:
        return _problem(error)
    return Referral.objects.select_related("assigned_to").get(pk=referral.pk)


class ConvertIn(Schema):
    mrn: str = ""  # required unless existing_patient_id links to a registered patient
    sex: str = Sex.UNKNOWN
    existing_patient_id: int | None = None
    confirm_not_duplicate: bool = False  # same name and birth date, checked: a different person


class ConvertOut(Schema):
    patient_id: int
    mrn: str
    referral: ReferralOut


@router.post("/referrals/{referral_id}/convert",
             response={201: ConvertOut, 409: Problem, 422: Problem},
             summary="Register the referred person as a patient (or link an existing one)")
def convert(request: HttpRequest, referral_id: int, body: ConvertIn) -> Any:
    """The same action as the referral page's convert form. 409 when the referral is already
    converted or a possible duplicate exists (link it with existing_patient_id, or confirm a
    different person with confirm_not_duplicate)."""
    if not (can(request.user, Action.TRIAGE_REFERRAL)
            and can(request.user, Action.REGISTER_PATIENT)):
        raise HttpError(404, "Not found.")
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None:
        raise HttpError(404, "Not found.")
    existing = None
    if body.existing_patient_id is not None:
        try:
            existing = access.patient_for(request, body.existing_patient_id)
        except Http404:
            raise HttpError(404, "Not found.") from None
    else:
        mrn = body.mrn.strip().upper()
        if not mrn or not mrn.isalnum():
            return unprocessable("mrn", "mrn: required, letters and digits only")
        if body.sex not in Sex.values:
            return unprocessable("sex", f"sex: one of {', '.join(Sex.values)}")
    try:
        patient = convert_referral(
            referral, by=request.user, request=request, mrn=body.mrn, sex=body.sex,
            existing_patient=existing,
            allow_same_name_and_birth_date=body.confirm_not_duplicate)
    except AlreadyConvertedError:
        return Status(409, Problem(detail=f"{referral.reference} is already converted"))
    except DuplicatePatientError as error:
        same_mrn = isinstance(error, MrnInUseError)
        field = "mrn" if same_mrn else "confirm_not_duplicate"
        found = ", ".join(f"{p.full_name} (MRN {p.mrn}, id {p.pk})" for p in error.existing)
        return Status(409, Problem(
            field=field,
            detail=(f"{field}: a patient with this medical record number exists: {found}"
                    if same_mrn else
                    f"{field}: a patient with the same name and date of birth exists: {found}."
                    " Link with existing_patient_id, or confirm a different person.")))
    except (ValidationError, IntegrityError) as error:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            return _problem(error)
        return unprocessable("mrn", "mrn: another patient already has this medical record "
                                    "number")
    return Status(201, {
        "patient_id": patient.pk, "mrn": patient.mrn,
        "referral": Referral.objects.select_related("assigned_to").get(pk=referral.pk)})
