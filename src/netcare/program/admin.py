from django.contrib import admin

from netcare.program.models import ProgramPage


@admin.register(ProgramPage)
class ProgramPageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "position", "published")
    list_editable = ("position", "published")
