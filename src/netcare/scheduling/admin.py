"""Scheduling in the admin: availability is plain configuration (editable); appointments,
their history and reminders change only through the actions (read-only here)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.scheduling.models import (
    Appointment,
    AppointmentChange,
    ClinicianAvailability,
    Reminder,
)


@admin.register(ClinicianAvailability)
class ClinicianAvailabilityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("clinician", "weekday", "on_date", "starts", "ends")
    list_filter = ("weekday",)
    list_select_related = ("clinician",)


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "patient", "clinician", "kind", "status")
    list_filter = ("status", "kind", "discipline")
    list_select_related = ("patient", "clinician")
    date_hierarchy = "starts_at"


@admin.register(AppointmentChange)
class AppointmentChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "appointment", "kind", "by", "old_starts_at", "old_clinician")
    list_select_related = ("appointment", "by", "old_clinician")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("send_at", "appointment", "status", "sent_at")
    list_filter = ("status",)
    list_select_related = ("appointment",)
