from typing import Any

from django.contrib import admin

from netcare.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the application offers no way to edit or delete audit entries."""

    list_display = ("occurred_at", "username", "role", "action", "patient_id", "client_address")
    list_filter = ("action", "role")
    search_fields = ("username", "action")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
