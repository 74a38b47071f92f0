"""workup in the admin: clinical data, read-only (it changes only through the actions)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.workup.models import (
    ClinicalAssessment,
    Endoscopy,
    ImagingStudy,
    LabResult,
    Order,
    PathologyReport,
    PetLesion,
    PetScan,
)


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(PetScan)
class PetScanAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(PetLesion)
class PetLesionAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(ImagingStudy)
class ImagingStudyAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(Endoscopy)
class EndoscopyAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(LabResult)
class LabResultAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(PathologyReport)
class PathologyReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(ClinicalAssessment)
class ClinicalAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)
