"""Referrals over the JSON API: referring physicians submit; navigators list and triage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.config.api_errors import Problem, unprocessable
from netcare.referrals.actions import UNCHANGED, submit_referral, triage_referral
from netcare.referrals.models import Referral, ReferralSource
from netcare.referrals.views import filtered_queue

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


def _problem(error: ValidationError) -> tuple[int, Problem]:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return unprocessable(field, f"{field}: {'; '.join(messages)}")
    return unprocessable(None, "; ".join(error.messages))


@router.post("/referrals", response={201: ReferralOut, 422: Problem},
             summary="Submit a referral (referring physician)")
def create_referral(request: HttpRequest, body: ReferralIn) -> Any:
    if not can(request.user, Action.SUBMIT_REFERRAL):
        raise HttpError(404, "Not found.")
    data = body.dict()
    user: Any = request.user
    data["source"] = (ReferralSource.PHYSICIAN if user.role == Role.REFERRING_PHYSICIAN
                      else ReferralSource.SELF)
    if data["source"] == ReferralSource.PHYSICIAN and not data["referring_physician_name"]:
        data["referring_physician_name"] = user.get_full_name() or user.username
    try:
        referral = submit_referral(data, by=user, request=request)
    except ValidationError as error:
        return _problem(error)
    return 201, Referral.objects.select_related("assigned_to").get(pk=referral.pk)


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
