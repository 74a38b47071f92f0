"""tumors in the admin: clinical data, read-only (it changes only through the actions)."""

from django.contrib import admin

from netcare.program.readonly_admin import ReadOnlyAdmin
from netcare.tumors.models import Tumor


@admin.register(Tumor)
class TumorAdmin(ReadOnlyAdmin):
    list_display = ("__str__",)
