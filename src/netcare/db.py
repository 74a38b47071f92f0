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
  call, so COPY never relies on database defaults Django does not create; with `first_id` the
  rows get reserved primary keys (no sequence call per row).
- Loads into empty tables: :func:`drop_secondary_indexes`, :func:`drop_foreign_keys` and
  :func:`drop_unique_keys` before, then :func:`create_indexes` (largest tables first, two at a
  time), :func:`add_unique_keys`, :func:`add_foreign_keys` (validated) and :func:`analyze`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, models, transaction
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


_COPY_BLOCK = 20_000  # rows per write to the COPY stream
_BOOLS = {True: "t", False: "f", None: "\\N"}
_NUMBERS = frozenset({"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                      "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                      "PositiveBigIntegerField", "PositiveSmallIntegerField", "DecimalField"})


def copy_text(value: Any) -> str:
    """`value` in COPY's text format (``\\N`` for NULL, backslash escapes)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return _BOOLS[value]
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


class _TextCache(dict[Any, str]):
    """value → COPY text, computed once per value."""

    def __missing__(self, value: Any) -> str:
        text = self[value] = copy_text(value)
        return text


#: Dates and datetimes repeat across tables and calls (a seed writes millions of the same
#: days): their text is kept for the process, per type, up to `_KEPT` values each.
_KEPT = 400_000
_DAYS = _TextCache()
_MOMENTS = _TextCache()
_FORMATTERS: dict[tuple[Any, ...], Any] = {}


def _row_formatter(fields: Sequence[Any], suffix: str, raw: Collection[str] = (),
                   numbered: bool = False) -> Any:
    """A function: (iterable of row tuples, iterator of ids) → list of COPY text lines, each
    ending with `suffix` (the rendered default columns) and, when `numbered`, starting with the
    next id. Integers are formatted inline (never cached: ids are unique), and so are the `raw`
    fields (the caller's COPY-safe text); booleans by lookup; dates and datetimes through the
    process's caches (`_DAYS`, `_MOMENTS`); every other value (text, JSON text, floats: equal
    values share one text) through a per-call, per-column cache, since most repeat (titles,
    codes, reference limits). The generated code is compiled once per set of fields."""
    key = (tuple(fields), frozenset(raw), numbered)
    factory = _FORMATTERS.get(key)
    if factory is None:
        factory = _FORMATTERS[key] = _formatter_factory(fields, raw, numbered)
    return factory(suffix)


def _formatter_factory(fields: Sequence[Any], raw: Collection[str], numbered: bool) -> Any:
    names = [f"c{i}" for i in range(len(fields))]
    parts = []
    caches = []
    namespace: dict[str, Any] = {"B": _BOOLS, "D": _DAYS, "M": _MOMENTS, "Cache": _TextCache}
    for name, field in zip(names, fields, strict=True):
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if field.name in raw or field.attname in raw:
            parts.append(f"{{{name}}}")
        elif isinstance(field, models.BooleanField):
            parts.append(f"{{B[{name}]}}")
        elif kind in _NUMBERS:
            parts.append(f"{{'\\\\N' if {name} is None else {name}}}" if field.null
                         else f"{{{name}}}")
        elif kind == "DateTimeField":
            parts.append(f"{{M[{name}]}}")
        elif kind == "DateField":
            parts.append(f"{{D[{name}]}}")
        else:
            caches.append(name)
            parts.append(f"{{T{name}[{name}]}}")
    if numbered:  # rows zipped with the ids, rows first: zip stops without taking an id
        parts.insert(0, "{n}")
    line = "\\t".join(parts) + "{S}\\n"
    unpack = ", ".join(names) + ("," if len(names) == 1 else "")
    loop = f"({unpack}), n in zip(rows, ids)" if numbered else f"{unpack} in rows"
    made = "".join(f"    T{cache} = Cache()\n" for cache in caches)
    source = (f"def factory(S):\n{made}"
              f"    def format(rows, ids):\n"
              f"        return [f\"{line}\" for {loop}]\n"
              f"    return format\n")
    exec(source, namespace)  # noqa: S102 (generated from the fields' types, no data)
    return namespace["factory"]


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]],
    raw: Collection[str] = (), *, first_id: int | None = None,
) -> int:
    """Insert `rows` (tuples in the order of `fields`, attribute names) into `model`'s table.

    Columns not named get their field's default. JSON values must be given as JSON text
    (``json.dumps``). No model validation and no signals: callers pass values that satisfy the
    constraints (the database still enforces them). `raw`: fields whose values are written as
    they are (PostgreSQL), never None and free of tabs, newlines, carriage returns and
    backslashes (e.g. ``str(pk)``): no escaping, no lookup. `first_id`: the rows get the
    primary keys `first_id`, `first_id` + 1, ... in order (reserved by the caller with
    :func:`reserve_ids`), so the database computes no default per row. Returns the number of
    rows written.

    PostgreSQL: the rows are rendered as COPY text by a formatter generated from the fields'
    types (numbers inline, other values through caches) and written in blocks of
    `_COPY_BLOCK` rows, ~5x faster than psycopg's ``write_row`` per row.
    """
    table = model._meta.db_table
    given = [model._meta.get_field(name) for name in fields]
    columns = [field.column for field in given]
    extra_columns, extra = _defaults(model, fields)
    numbered = first_id is not None
    if numbered:
        columns.insert(0, model._meta.pk.column)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns + extra_columns)
    if connection.vendor == "postgresql":
        suffix = "".join("\t" + copy_text(value) for value in extra)
        for kept in (_DAYS, _MOMENTS):
            if len(kept) > _KEPT:
                kept.clear()
        format_rows = _row_formatter(given, suffix, raw, numbered)
        ids = itertools.count(first_id or 0)
        count = 0
        with connection.cursor() as cursor:
            raw_cursor = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw_cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) "
                                 "FROM STDIN") as copy:
                remaining = iter(rows)
                while lines := format_rows(itertools.islice(remaining, _COPY_BLOCK), ids):
                    copy.write("".join(lines))
                    count += len(lines)
        return count
    if numbered:
        materialised = [(pk, *row, *extra) for pk, row in enumerate(rows, first_id or 0)]
    else:
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


def tune_for_bulk_load() -> None:
    """PostgreSQL, this session: commits do not wait for the WAL flush (a crash can lose the
    last few committed chunks, never consistency), more memory for sorts and index builds."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET work_mem = '64MB'")
        cursor.execute("SET maintenance_work_mem = '256MB'")


def all_empty(tables: Sequence[type[models.Model]]) -> bool:
    """True when none of the models' tables has a row."""
    return not any(model.objects.exists() for model in tables)


def drop_secondary_indexes(tables: Sequence[type[models.Model]]) -> list[str]:
    """PostgreSQL: drop the indexes of `tables` that back no constraint (not primary, not
    unique, not used by a constraint); return their definitions for :func:`create_indexes`."""
    if connection.vendor != "postgresql":
        return []
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) "
            "AND NOT i.indisunique AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY pg_relation_size(i.indrelid) DESC, 1",
            [names],
        )
        found = cursor.fetchall()
        with transaction.atomic():
            for name, _ in found:
                cursor.execute(f"DROP INDEX {name}")  # regclass text: quoted as needed
    return [definition for _, definition in found]


_TABLE_OF = re.compile(r"(?:CREATE (?:UNIQUE )?INDEX \S+ ON (?:ONLY )?|ALTER TABLE (?:ONLY )?"
                       r"|ANALYZE )(\S+)")


def _largest_first(statements: Sequence[str]) -> list[str]:
    """`statements` (CREATE INDEX, ALTER TABLE, ANALYZE) ordered by the size of their table,
    largest first, so that the longest ones start first and the workers finish together."""
    tables = [match.group(1) if (match := _TABLE_OF.match(statement)) else ""
              for statement in statements]
    with connection.cursor() as cursor:
        cursor.execute("SELECT t, pg_relation_size(to_regclass(t)) FROM unnest(%s::text[]) AS t",
                       [sorted({table for table in tables if table})])
        size = {table: found or 0 for table, found in cursor.fetchall()}
    order = sorted(range(len(statements)), key=lambda i: -size.get(tables[i], 0))
    return [statements[i] for i in order]


def create_indexes(definitions: Sequence[str], workers: int = 2) -> None:
    """Run `definitions` (CREATE INDEX or other DDL statements, each in its own transaction),
    `workers` at a time, statements on the largest tables first: each worker thread takes the
    next statement until none is left, on one connection of its own for all of them (the work
    is in PostgreSQL)."""
    if workers <= 1 or len(definitions) <= 1:
        with connection.cursor() as cursor:
            for definition in definitions:
                cursor.execute(definition)
        return
    pending = iter(_largest_first(definitions))
    lock = threading.Lock()

    def work() -> None:
        try:
            tune_for_bulk_load()
            with connection.cursor() as cursor:
                # The statements already run `workers` at a time on the machine's cores: no
                # parallel workers inside one (their coordination only adds CPU); the largest
                # sort (a 4-million-row table) fits in memory.
                cursor.execute("SET max_parallel_maintenance_workers = 0")
                cursor.execute("SET maintenance_work_mem = '1GB'")
                while True:
                    with lock:
                        definition = next(pending, None)
                    if definition is None:
                        return
                    cursor.execute(definition)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(work) for _ in range(min(workers, len(definitions)))]:
            future.result()


def analyze(workers: int = 2) -> None:
    """PostgreSQL: fresh planner statistics for every table of the current schema, largest
    first, `workers` tables at a time (after a bulk load: otherwise the planner guesses the row
    counts of a once-empty table and picks the wrong index until autovacuum gets round to it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "WHERE c.relkind IN ('r', 'm') AND c.relnamespace = current_schema()::regnamespace "
            "ORDER BY pg_relation_size(c.oid) DESC, 1")
        tables = [row[0] for row in cursor.fetchall()]
    create_indexes([f"ANALYZE {table}" for table in tables], workers=workers)


def drop_foreign_keys(tables: Sequence[type[models.Model]]) -> list[tuple[str, str, str]]:
    """PostgreSQL: drop the foreign keys of `tables` (their per-row checks are most of the
    database's work in a bulk load); return (table, name, definition) for
    :func:`add_foreign_keys`, which adds them back and validates every row."""
    if connection.vendor != "postgresql":
        return []
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [names],
        )
        found = cursor.fetchall()
        with transaction.atomic():
            for table, name, _ in found:
                cursor.execute(
                    f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return found


def add_foreign_keys(found: Sequence[tuple[str, str, str]], workers: int = 2) -> None:
    """Add back the foreign keys `found` by :func:`drop_foreign_keys`: all at once as NOT
    VALID (one transaction), then VALIDATE each (one scan and join per key, `workers` at a time;
    a violation raises and leaves that key NOT VALID, still enforced for new rows)."""
    if not found:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for table, name, definition in found:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT "
                           f"{connection.ops.quote_name(name)} {definition} NOT VALID")
    create_indexes([f"ALTER TABLE {table} VALIDATE CONSTRAINT {connection.ops.quote_name(name)}"
                    for table, name, _ in found], workers=workers)


def drop_unique_keys(
    tables: Sequence[type[models.Model]],
) -> list[tuple[str, str, str, str, str]]:
    """PostgreSQL: drop the primary keys and unique constraints of `tables` that no foreign key
    references (so: after :func:`drop_foreign_keys`); return (table, name, index definition,
    kind, deferral) for :func:`add_unique_keys`. Keeping such an index row by row costs a
    bulk load more than building it once at the end (~0.5–0.8 against ~0.2 µs a row); the ids
    are reserved by :func:`reserve_ids`, and building the unique index checks every row."""
    if connection.vendor != "postgresql":
        return []
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_indexdef(c.conindid), "
            "CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, "
            "CASE WHEN c.condeferrable THEN ' DEFERRABLE' ELSE '' END "
            "|| CASE WHEN c.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END "
            "FROM pg_constraint c WHERE c.contype IN ('p', 'u') "
            "AND c.conrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint f "
            "WHERE f.contype = 'f' AND f.confrelid = c.conrelid) "
            "ORDER BY 1, 2",
            [names],
        )
        found = cursor.fetchall()
        with transaction.atomic():
            for table, name, *_ in found:
                cursor.execute(
                    f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return found


def add_unique_keys(found: Sequence[tuple[str, str, str, str, str]]) -> None:
    """Make the unique indexes of `found` (:func:`drop_unique_keys`), once built (their
    definitions, by :func:`create_indexes`), the constraints they were again: instant, in one
    transaction."""
    if not found:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for table, name, _, kind, deferral in found:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {kind} USING INDEX "
                           f"{quoted}{deferral}")
