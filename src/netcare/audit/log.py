"""Writing audit entries. Every view and API route that reads or changes patient data calls
:func:`record` (through the access helpers, which do it for reads)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

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
) -> None:
    """Append one audit entry. One INSERT; never updates anything.

    Written with one plain INSERT (not `AuditEntry.objects.create`): every page that shows
    patient data writes one, and the ORM's save machinery cost more than the rest of a cached
    chart view. The columns and their conversions are the model's (see `_insert`).
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    ops = connection.ops
    values = (
        ops.adapt_datetimefield_value(timezone.now()),
        user.pk if authenticated else None,
        getattr(user, "username", "") if authenticated else "",
        getattr(user, "role", "") if authenticated else "",
        action,
        patient.pk if patient is not None else None,
        type(obj).__name__ if obj is not None else "",
        str(getattr(obj, "pk", "")) if obj is not None else "",
        client_address(request),
        json.dumps(detail or {}),
    )
    with connection.cursor() as cursor:
        cursor.execute(_insert(), values)


@cache
def _insert() -> str:
    """The INSERT of `record`, with the model's table and column names."""
    meta = AuditEntry._meta
    names = [
        "occurred_at",
        "user",
        "username",
        "role",
        "action",
        "patient",
        "object_type",
        "object_id",
        "client_address",
        "detail",
    ]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    table = connection.ops.quote_name(meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608 (names from the model)
