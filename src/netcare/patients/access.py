"""The one way views and the API fetch a patient: checks role and relation, writes the audit.

A missing patient and a forbidden one both answer 404, so existence never leaks.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from netcare.accounts.policy import Action, can
from netcare.audit import codes
from netcare.audit.log import record
from netcare.patients.models import Patient


def visible_patients(user: Any) -> Any:
    """Queryset of the patients `user` may see (staff: the program's; patient: their own)."""
    if can(user, Action.VIEW_ANY_CHART):
        return Patient.objects.all()
    if can(user, Action.VIEW_OWN_CHART):
        return Patient.objects.filter(user=user)
    return Patient.objects.none()


def patient_for(
    request: HttpRequest, patient_id: int, *, action: str = codes.PATIENT_VIEWED
) -> Patient:
    """The patient `patient_id` if the requesting user may see them; else Http404.

    One query, plus one INSERT for the audit entry.
    """
    try:
        patient: Patient = visible_patients(request.user).get(pk=patient_id)
    except Patient.DoesNotExist:
        raise Http404("No such patient.") from None
    record(request, action, patient=patient, obj=patient)
    return patient


def own_patient_record(request: HttpRequest) -> Patient:
    """The signed-in patient's own record; Http404 for anyone without one."""
    if not can(request.user, Action.VIEW_OWN_CHART):
        raise Http404("No patient record for this account.")
    try:
        patient: Patient = Patient.objects.get(user=request.user)
    except Patient.DoesNotExist:
        raise Http404("No patient record for this account.") from None
    record(request, codes.PATIENT_VIEWED, patient=patient, obj=patient)
    return patient
