"""treatments in the admin: clinical data, read-only (it changes only through the actions)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.treatments.models import Administration, Treatment


@admin.register(Treatment)
class TreatmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)


@admin.register(Administration)
class AdministrationAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)
