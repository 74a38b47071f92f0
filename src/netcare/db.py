"""Fast bulk writes for loaders: COPY on PostgreSQL, executemany on SQLite.

Used by `netcare seed` (100,000 patients with ten years of history each): the ORM's per-object
cost would dominate, so loaders hand plain tuples to :func:`insert_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples in the order of `fields`, attribute names) into `model`'s table.

    No model validation and no signals: callers pass values that satisfy the constraints (the
    database still enforces them). Returns the number of rows written.
    """
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    materialised = list(rows)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})",  # noqa: S608 (names from the model, values bound)
            materialised,
        )
    return len(materialised)
