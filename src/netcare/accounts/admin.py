"""Users and their roles in the admin: changed there, every change audited; never removed (an
account is deactivated instead: clinical records and the audit trail name it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse

from netcare.accounts.models import User
from netcare.accounts.policy import Action
from netcare.audit import codes
from netcare.audit.log import record
from netcare.program.admin_base import AuditCodes, AuditedAdmin

# Roles are the policy's (netcare.accounts.policy), not Django's groups and permissions.
admin.site.unregister(Group)


@admin.register(User)
class NetcareUserAdmin(AuditedAdmin, UserAdmin):
    """A patient's portal account names the patient: its pages write the "Patient viewed"
    entry the chart writes, and its changes are audited under the patient's MRN."""

    policy_action = Action.MANAGE_USERS
    audit_codes = AuditCodes(codes.ACCOUNT_CREATED, codes.ACCOUNT_CHANGED, codes.ACCOUNT_REMOVED)

    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "discipline",
        "is_active",
        "locked_until",
    )
    list_filter = ("role", "discipline", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role in the program",
            {"fields": ("role", "discipline", "is_active", "is_staff", "failed_logins",
                        "locked_until")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Role in the program", {"fields": ("role", "discipline")}),
    )
    filter_horizontal = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def audit_patient(self, obj: Any) -> Any:
        return getattr(obj, "patient_record", None)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            record(request, codes.ACCOUNT_LIST_VIEWED,
                   detail={k: str(v) for k, v in request.GET.items()})
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._patient_viewed(request, object_id)
        return response

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: Any = None) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._patient_viewed(request, object_id)
        return response

    def user_change_password(self, request: HttpRequest, id: str,
                             form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        self._patient_viewed(request, id)
        return response

    def _patient_viewed(self, request: HttpRequest, object_id: str) -> None:
        """After a page of the account `object_id` answered: if it is a patient's, the entry
        their chart writes (the page showed their name, email and MRN)."""
        account = self.get_object(request, unquote(object_id))
        patient = getattr(account, "patient_record", None) if account is not None else None
        if patient is not None:
            record(request, codes.PATIENT_VIEWED, patient=patient, obj=patient,
                   detail={"page": "admin account", "account": account.username})
