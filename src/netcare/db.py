"""Fast bulk writes for loaders: COPY on PostgreSQL, executemany on SQLite.

Used by `netcare seed` (100,000 patients with ten years of history each): the ORM's per-object
cost would dominate, so loaders hand plain tuples to :func:`insert_rows`.

- :func:`reserve_ids` pre-allocates a block of primary keys, so a loader can build the rows of
  child tables (foreign keys) without reading ids back. PostgreSQL: one ``nextval`` + ``setval``
  on the table's sequence (the block is then never handed out again; another seed process between
  the two calls is kept out by an advisory lock on the table's name). SQLite: ``MAX(id) + 1``
  inside the caller's transaction (SQLite has a single writer).
- :func:`insert_rows` fills every column the caller does not give from the field's Python
  default (``auto_now``/``auto_now_add`` → now; JSON defaults serialised), computed once per
  call, so COPY never relies on database defaults Django does not create.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Reserve `count` consecutive primary keys of `model`; return the first one."""
    if count <= 0:
        return 0
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A session lock makes nextval + setval one step for concurrent seed processes.
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [table])
            try:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                    [table, column, table, column, count],
                )
                last = cursor.fetchone()[0]
            finally:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [table])
            return int(last) - count + 1
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) "  # noqa: S608 (names from the model)
            f"FROM {connection.ops.quote_name(table)}"
        )
        return int(cursor.fetchone()[0]) + 1


def _defaults(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """Columns not in `given` (except an auto primary key) and their constant default values."""
    now = timezone.now()
    names: list[str] = []
    values: list[Any] = []
    given_columns = {model._meta.get_field(name).column for name in given}
    for field in model._meta.concrete_fields:
        if field.column in given_columns:
            continue
        if field.primary_key and isinstance(field, AutoFieldMixin):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name}: give a value (no default)")
        if isinstance(field, models.JSONField) and value is not None:
            value = json.dumps(value)
        names.append(field.column)
        values.append(value)
    return names, tuple(values)


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples in the order of `fields`, attribute names) into `model`'s table.

    Columns not named get their field's default. JSON values must be given as JSON text
    (``json.dumps``). No model validation and no signals: callers pass values that satisfy the
    constraints (the database still enforces them). Returns the number of rows written.
    """
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    extra_columns, extra = _defaults(model, fields)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns + extra_columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                write = copy.write_row
                if extra:
                    for row in rows:
                        write((*row, *extra))
                        count += 1
                else:
                    for row in rows:
                        write(row)
                        count += 1
        return count
    materialised = [(*row, *extra) for row in rows] if extra else list(rows)
    if not materialised:
        return 0
    placeholders = ", ".join(["%s"] * (len(columns) + len(extra_columns)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})",  # noqa: S608 (names from the model, values bound)
            materialised,
        )
    return len(materialised)
