"""The audit trail in the admin: read-only (the application offers no way to edit or delete
audit entries), and reading it is audited as reading /audit/ is."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from netcare.accounts.policy import Action
from netcare.audit import codes
from netcare.audit.log import record
from netcare.audit.models import AuditEntry
from netcare.program.admin_base import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    policy_action = Action.VIEW_AUDIT_TRAIL
    list_display = ("occurred_at", "username", "role", "action", "patient_id", "client_address")
    list_filter = ("action", "role")
    search_fields = ("username", "action")
    # The patient by id, as in the list: their name is the chart's to show.
    fields = ("occurred_at", "user", "username", "role", "action", "patient_id", "object_type",
              "object_id", "client_address", "detail")
    readonly_fields = fields

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            record(request, codes.AUDIT_VIEWED,
                   detail={"page": "admin", **{k: str(v) for k, v in request.GET.items()}})
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        """One entry; its detail may hold a patient's old and new details, so the entry this
        page writes names that patient (their MRN's audit list shows who read it)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        entry = self.get_object(request, unquote(object_id))
        if response.status_code == 200 and entry is not None:
            record(request, codes.AUDIT_VIEWED, patient=entry.patient, obj=entry,
                   detail={"page": "admin"})
        return response
