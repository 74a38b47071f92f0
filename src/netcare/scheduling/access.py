"""Fetching an appointment for a request: staff see all; a patient sees only their own.

Missing and forbidden both answer 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from netcare.accounts.policy import Action, can
from netcare.scheduling.models import Appointment


def appointment_for(request: HttpRequest, appointment_id: int, *, manage: bool) -> Appointment:
    """The appointment if the user may see it (manage=True: may change it as staff). 1 query."""
    appointments = Appointment.objects.select_related("patient", "clinician")
    if manage:
        if not can(request.user, Action.MANAGE_APPOINTMENTS):
            raise Http404("Not found.")
    elif can(request.user, Action.VIEW_SCHEDULE):
        pass
    elif can(request.user, Action.REQUEST_OWN_APPOINTMENT):
        appointments = appointments.filter(patient__user=request.user)
    else:
        raise Http404("Not found.")
    try:
        return appointments.get(pk=appointment_id)
    except Appointment.DoesNotExist:
        raise Http404("No such appointment.") from None
