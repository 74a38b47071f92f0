"""Scheduling in the admin: clinicians' availability is configuration, changed here with every
change audited. Appointments, their history and reminders are clinical data, not registered:
they change through the actions and are read on the schedule and the charts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from netcare.accounts.models import Role, User
from netcare.accounts.policy import Action
from netcare.audit import codes
from netcare.program.admin_base import AuditCodes, AuditedAdmin
from netcare.scheduling.actions import check_no_overlapping_block
from netcare.scheduling.models import ClinicianAvailability


class ClinicianAvailabilityForm(forms.ModelForm):  # type: ignore[type-arg]
    """Refuses a block that overlaps another of the clinician's on that day, by the rule
    `add_availability` applies (`check_no_overlapping_block`), the error under "starts"."""

    class Meta:
        model = ClinicianAvailability
        fields = ("clinician", "weekday", "on_date", "starts", "ends")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        clinician, starts, ends = data.get("clinician"), data.get("starts"), data.get("ends")
        weekday, on_date = data.get("weekday"), data.get("on_date")
        # Checked only for a block the model's own rules accept (one of weekday or date, an
        # end after the start): those errors are reported first, on their own.
        if (clinician is not None and starts is not None and ends is not None and ends > starts
                and (weekday is None) != (on_date is None)):
            # The admin's save runs in one transaction with this check (its rows locked).
            check_no_overlapping_block(clinician, weekday=weekday, on_date=on_date,
                                       starts=starts, ends=ends, exclude_pk=self.instance.pk)
        return data


@admin.register(ClinicianAvailability)
class ClinicianAvailabilityAdmin(AuditedAdmin):
    # Clinic hours are the program's configuration; on the application's pages navigators
    # and coordinators manage weekly blocks (MANAGE_APPOINTMENTS), here administrators also
    # dated ones.
    policy_action = Action.MANAGE_PROGRAM_SETTINGS
    form = ClinicianAvailabilityForm
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
