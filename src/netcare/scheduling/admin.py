"""Scheduling in the admin: clinicians' availability is configuration, changed here with every
change audited. Appointments, their history and reminders are clinical data, not registered:
they change through the actions and are read on the schedule and the charts."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action
from netcare.audit import codes
from netcare.program.admin_base import AuditCodes, AuditedAdmin
from netcare.scheduling.models import ClinicianAvailability


@admin.register(ClinicianAvailability)
class ClinicianAvailabilityAdmin(AuditedAdmin):
    # Clinic hours are the program's configuration; on the application's pages navigators
    # and coordinators manage weekly blocks (MANAGE_APPOINTMENTS), here administrators also
    # dated ones.
    policy_action = Action.MANAGE_PROGRAM_SETTINGS
    audit_codes = AuditCodes(codes.AVAILABILITY_ADDED, codes.AVAILABILITY_CHANGED,
                             codes.AVAILABILITY_REMOVED)
    list_display = ("clinician", "weekday", "on_date", "starts", "ends")
    list_filter = ("weekday",)
    list_select_related = ("clinician",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any
                                 ) -> Any:
        if db_field.name == "clinician":
            # Physicians only, as `add_availability` requires (and no patient's account).
            kwargs["queryset"] = User.objects.filter(role=Role.PHYSICIAN).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
