"""The program's configuration in the admin: its public pages and its settings, each change
audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from netcare.accounts.policy import Action
from netcare.audit import codes
from netcare.program.actions import update_program_settings
from netcare.program.admin_base import AuditCodes, AuditedAdmin, PolicyAdmin
from netcare.program.models import EDITABLE_FIELDS, ProgramPage, ProgramSettings


@admin.register(ProgramPage)
class ProgramPageAdmin(AuditedAdmin):
    policy_action = Action.MANAGE_PROGRAM_SETTINGS
    audit_codes = AuditCodes(codes.PROGRAM_PAGE_ADDED, codes.PROGRAM_PAGE_CHANGED,
                             codes.PROGRAM_PAGE_REMOVED)
    list_display = ("title", "slug", "position", "published")
    list_editable = ("position", "published")


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(PolicyAdmin):
    """One page: the program's settings (the environment's values until first saved).

    Program administrators only (policy MANAGE_PROGRAM_SETTINGS), whatever other admin
    permissions an account holds. Saving goes through `update_program_settings` (audited).
    """

    policy_action = Action.MANAGE_PROGRAM_SETTINGS
    fields = (*EDITABLE_FIELDS, "version", "updated_at")
    readonly_fields = ("version", "updated_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # the one row is created by the first change

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        if str(object_id) != str(ProgramSettings.SINGLETON_ID):
            return None
        return (
            ProgramSettings.objects.filter(pk=ProgramSettings.SINGLETON_ID).first()
            or ProgramSettings.from_environment()
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if not self.allowed(request):
            return super().changelist_view(request, extra_context)  # answers 403
        return HttpResponseRedirect(
            reverse("admin:program_programsettings_change", args=[ProgramSettings.SINGLETON_ID])
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = update_program_settings(
            {name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            by=request.user,
            request=request,
        )
        obj.version, obj.updated_at = saved.version, saved.updated_at
        obj._state.adding = False
