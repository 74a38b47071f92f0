"""Writing audit entries. Every view and API route that reads or changes patient data calls
:func:`record` (through the access helpers, which do it for reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from netcare.audit.models import AuditEntry

if TYPE_CHECKING:
    from netcare.patients.models import Patient


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (the proxy sets REMOTE_ADDR in production)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: str,
    *,
    user: Any = None,
    patient: Patient | None = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry. One INSERT; never updates anything."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=getattr(user, "username", "") if authenticated else "",
        role=getattr(user, "role", "") if authenticated else "",
        action=action,
        patient=patient,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "")) if obj is not None else "",
        client_address=client_address(request),
        detail=detail or {},
    )
