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
    sql, values = record_statement(request, action, user=user, patient=patient, obj=obj,
                                   detail=detail)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def record_statement(
    request: HttpRequest | None,
    action: str,
    *,
    user: Any = None,
    patient: Patient | None = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """`record`'s INSERT and its values, unrun: for a page that runs it within its own query
    (`precompiled.CompiledRows.rows_then`)."""
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
    return _insert(), values


def insert_over(
    request: HttpRequest, action: str, *, rows: str, patient_id: str, object_type: str
) -> tuple[str, list[Any]]:
    """`record`'s entry for each row of `rows` (a table or CTE name; `patient_id`: its column
    holding the patient's id, which is also the object's) as one INSERT … SELECT, to run with
    the query that found the rows (`precompiled.CompiledRows.objects_then`): a patient page's
    read and its audit entry are then one statement. Writes what `record(request, action,
    patient=p, obj=p)` writes (a test compares them); PostgreSQL (the values are cast to
    the columns' types)."""
    user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        user.pk if authenticated else None,
        getattr(user, "username", "") if authenticated else "",
        getattr(user, "role", "") if authenticated else "",
        action,
        object_type,
        client_address(request),
        "{}",
    ]
    columns, casts = _insert_over_parts()
    source = f"{rows}.{connection.ops.quote_name(patient_id)}"
    # The patient and the object id come from the row; every other column is a parameter
    # (in `values`, in the columns' order).
    from_row = {"patient": source, "object_id": f"CAST({source} AS TEXT)"}
    selected = [from_row.get(name, cast) for name, cast in zip(_COLUMNS, casts, strict=True)]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) SELECT {', '.join(selected)} FROM {rows}"  # noqa: S608 (names from the model)
    return sql, values


_COLUMNS = (
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
)


@cache
def _insert_over_parts() -> tuple[str, tuple[str, ...]]:
    """`insert_over`'s column list, and a cast parameter per column (`CAST(%s AS jsonb)`):
    in a SELECT list a parameter has no column to take its type from."""
    meta = AuditEntry._meta
    fields = [meta.get_field(name) for name in _COLUMNS]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)  # type: ignore[union-attr]
    casts = tuple(f"CAST(%s AS {f.db_type(connection)})" for f in fields)  # type: ignore[union-attr]
    return columns, casts


@cache
def _insert() -> str:
    """The INSERT of `record`, with the model's table and column names."""
    meta = AuditEntry._meta
    names = _COLUMNS
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    table = connection.ops.quote_name(meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608 (names from the model)
