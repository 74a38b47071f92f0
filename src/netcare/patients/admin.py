from django.contrib import admin

from netcare.patients.models import Patient


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("mrn", "last_name", "first_name", "date_of_birth", "sex")
    search_fields = ("mrn", "search_name")
    raw_id_fields = ("user",)
