"""surveillance in the admin: clinical data, read-only (it changes only through the actions)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.surveillance.models import FollowUp, SurveillancePlan


@admin.register(SurveillancePlan)
class SurveillancePlanAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)
