"""What every netcare page of Django's admin is built on.

The admin holds the program's configuration only (users, program pages and settings, clinic
hours) and the audit trail, read-only. Clinical and patient-owned data is not registered: it
changes only through the areas' actions (which validate, audit and write the timeline) and is
read on the areas' own pages (which write the "viewed" audit entry). `tests/program/
test_the_admin_holds_configuration_only.py` fails for a registration that breaks this.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, NamedTuple

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from netcare.accounts.policy import Action, can, can_use_admin_site
from netcare.audit.log import record


class PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin page whose permissions are the policy's: `policy_action`, asked for every
    view, add, change and delete (subclasses narrow it), not Django's per-model permissions,
    which a superuser holds whatever their role."""

    policy_action: ClassVar[Action]

    def allowed(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user) and can(request.user, self.policy_action)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)


class ReadOnlyAdmin(PolicyAdmin):
    """List and view only: no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditCodes(NamedTuple):
    """The audit actions an `AuditedAdmin` writes (`netcare.audit.codes`)."""

    added: str
    changed: str
    removed: str


#: Fields whose values an audit entry never holds (it says only that they changed).
_SECRET = ("password",)


class AuditedAdmin(PolicyAdmin):
    """Configuration the admin may change: every addition, change and removal it makes writes
    an audit entry (`audit_codes`) beside Django's own admin log, in the same transaction, with
    the old and new values of the changed fields (never a password's), so the audit trail
    answers who changed what, whichever page they used."""

    audit_codes: ClassVar[AuditCodes]

    def audit_patient(self, obj: Any) -> Any:
        """The patient an entry about `obj` concerns (shown under their MRN), or None."""
        return None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Read before the save: a ModelForm's `initial` holds the values the page started from.
        obj._audit_detail = _changes(form, change)
        super().save_model(request, obj, form, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        logged = super().log_addition(request, obj, message)
        self._record(request, self.audit_codes.added, obj, message)
        return logged

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        logged = super().log_change(request, obj, message)
        self._record(request, self.audit_codes.changed, obj, message)
        return logged

    def log_deletions(self, request: HttpRequest, queryset: Iterable[Any]) -> Any:
        """Called before the rows go: the entries name them while they still exist."""
        logged = super().log_deletions(request, queryset)
        for obj in queryset:
            record(request, self.audit_codes.removed, patient=self.audit_patient(obj), obj=obj,
                   detail={"was": str(obj)})
        return logged

    def _record(self, request: HttpRequest, action: str, obj: Any, message: Any) -> None:
        detail = getattr(obj, "_audit_detail", None)
        if detail is None:
            # A page without save_model (a user's password page): the fields, as Django logs.
            detail = {"fields": [name for part in message or []
                                 for name in part.get("changed", {}).get("fields", [])]}
        record(request, action, patient=self.audit_patient(obj), obj=obj, detail=detail)


def _changes(form: Any, change: bool) -> dict[str, Any]:
    """The form's changed fields: {"old": …, "new": …} for a change, {"new": …} for an
    addition; a password field's values as "(changed)"."""
    names = [name for name in form.changed_data if not name.startswith("_")]

    def shown(name: str, value: Any) -> str:
        return "(changed)" if any(s in name for s in _SECRET) else _text(value)

    new = {name: shown(name, form.cleaned_data.get(name)) for name in names}
    if not change:
        return {"new": new}
    return {"old": {name: shown(name, form.initial.get(name)) for name in names}, "new": new}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return ", ".join(_text(v) for v in value)
    return str(value)
