"""Querysets compiled once and run many times with new values.

Django builds and compiles a queryset's SQL every time it is evaluated. On the busiest pages
(the patient search, the follow-up worklist) that Python cost more than PostgreSQL's work for
the query. `CompiledRows` compiles a `values_list` queryset once per database and *shape*, then
runs the SQL with the new values and gives the rows the ORM would give (same columns, same
field converters).

How a plan is made and checked: the builder is called twice with two different sets of
stand-in values of the callers' types. The two compilations must give the same SQL, and their
parameters must differ exactly where a stand-in went in, either as itself or as the database
adapts it (a date on SQLite becomes text). Anything else, e.g. a LIKE pattern built from a value
(``__startswith`` escapes and appends ``%``), makes the shape uncompilable, and it is then always
run through the ORM as usual. So a wrong plan cannot be made from how a value is transformed;
what the check cannot see is a shape key that leaves out something that changes the SQL, which
is why the contract below asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

#: Stand-ins by type: the `n`th value's first (`round` 0) or second (1); never sent to the
#: database, and different for every position, so each parameter maps back to one value.
_STAND_INS: dict[type, Callable[[int, int], Any]] = {
    int: lambda n, round_: -7_654_321 - 100 * n - round_,
    str: lambda n, round_: f"\x01stand-in-{n}-{round_}\x02",
    date: lambda n, round_: date(1901 + round_, 2, 1 + n),
}


#: A statement to run over the rows a query found: the name they go by -> (SQL, parameters).
Then = Callable[[str], tuple[str, Sequence[Any]]]
#: The name the found rows go by in `then`'s statement.
_FOUND = "found_rows"


@dataclass(frozen=True, slots=True)
class _Plan:
    sql: str
    #: Per SQL parameter: ("value", index into the values, adapt or None) or ("constant", value).
    slots: tuple[tuple[Any, ...], ...]
    #: (position, converter functions, expression) per column that needs converting.
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    #: For model instances: the model's attribute names of the leading columns, and the
    #: annotations' names by column.
    attnames: tuple[str, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()


class CompiledRows:
    """Rows of ``build(shape, *values)``, a `values_list` queryset, with its SQL compiled once
    per database and shape.

    Contract: for a given `shape` (hashable), the SQL of ``build(shape, *values)`` depends only
    on the types of the values, not on the values themselves: everything else that changes the
    SQL (which filters apply, slicing, the user's scope) is decided from `shape`, and each value
    goes into the SQL only as a parameter, unchanged. Values are `int`, `str` or `date` (not
    bool: it is an int to Python). A value that reaches no parameter as it is (transformed or
    unused) makes the shape run through the ORM.
    """

    def __init__(self, model: type[Any], build: Callable[..., QuerySet[Any]]) -> None:
        self._model = model
        self._build = build
        self._plans: dict[tuple[str, Hashable, tuple[type, ...]], _Plan | None] = {}

    def rows(self, shape: Hashable, *values: Any) -> list[tuple[Any, ...]]:
        """The rows, as tuples in the queryset's column order."""
        return self._rows(shape, values, None)[0]

    def rows_then(
        self, shape: Hashable, *values: Any, then: Then
    ) -> tuple[list[tuple[Any, ...]], bool]:
        """`rows`, and a data-modifying statement in the same statement where the database
        allows it (see `objects_then`). Answers (the rows, whether `then` ran)."""
        return self._rows(shape, values, then)

    def _rows(
        self, shape: Hashable, values: tuple[Any, ...], then: Then | None
    ) -> tuple[list[tuple[Any, ...]], bool]:
        """The rows, and whether `then` ran with their query (see `objects_then`)."""
        alias = router.db_for_read(self._model)
        types = tuple(type(v) for v in values)
        key = (alias, shape, types)
        if key not in self._plans:
            self._plans[key] = self._make_plan(alias, shape, types)
        plan = self._plans[key]
        if plan is None:
            return list(self._build(shape, *values).using(alias)), False
        connection = connections[alias]
        params = [
            slot[1] if slot[0] == "constant"
            else (slot[2](values[slot[1]]) if slot[2] else values[slot[1]])
            for slot in plan.slots
        ]
        sql = plan.sql
        ran = False
        if then is not None and connection.vendor == "postgresql":
            ran = True
            then_sql, then_params = then(_FOUND)
            # Both parts are compiled SQL with parameters, never values. MATERIALIZED: the
            # rows come out of the CTE in the order its query gave them.
            sql = (f"WITH {_FOUND} AS MATERIALIZED ({sql}), then_done AS ({then_sql}) "  # noqa: S608
                   f"SELECT * FROM {_FOUND}")
            params = [*params, *then_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return self._converted(plan, fetched, connection), ran

    @staticmethod
    def _converted(plan: _Plan, fetched: list[Any], connection: Any) -> list[tuple[Any, ...]]:
        if not plan.converters:
            return [tuple(row) for row in fetched]
        rows = []
        for row in fetched:
            converted = list(row)
            for position, functions, expression in plan.converters:
                value = converted[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                converted[position] = value
            rows.append(tuple(converted))
        return rows

    def objects(self, shape: Hashable, *values: Any) -> list[Any]:
        """The rows as model instances, with their annotations, for a `build` that returns a
        plain model queryset (no `values_list`, `select_related` or deferred fields)."""
        return self.objects_then(shape, *values, then=None)[0]

    def objects_then(
        self, shape: Hashable, *values: Any, then: Then | None
    ) -> tuple[list[Any], bool]:
        """`objects`, and a data-modifying statement over them in the same statement where the
        database allows it (PostgreSQL: the query becomes a CTE the statement reads). `then`:
        the name the found rows go by -> the statement's SQL and parameters. Answers (the
        instances, whether `then` ran); when it did not, the caller does its work itself."""
        rows, ran = self._rows(shape, values, then)  # makes the plan, or runs the ORM's query
        alias = router.db_for_read(self._model)
        plan = self._plans[(alias, shape, tuple(type(v) for v in values))]
        if plan is None:
            return rows, ran  # the ORM's own instances
        count = len(plan.attnames)
        instances = []
        for row in rows:
            instance = self._model.from_db(alias, plan.attnames, row[:count])
            for name, position in plan.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances, ran

    def is_compiled(self, shape: Hashable, *values: Any) -> bool:
        """Whether this shape runs from a compiled plan (for tests and benchmarks)."""
        self.rows(shape, *values)
        alias = router.db_for_read(self._model)
        return self._plans[(alias, shape, tuple(type(v) for v in values))] is not None

    def _make_plan(self, alias: str, shape: Hashable, types: Sequence[type]) -> _Plan | None:
        if any(t not in _STAND_INS for t in types):
            return None
        if len(types) > 28:
            return None
        first = tuple(_STAND_INS[t](n, 0) for n, t in enumerate(types))
        second = tuple(_STAND_INS[t](n, 1) for n, t in enumerate(types))
        compiler = self._build(shape, *first).query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. `.none()`: the ORM answers without a query
            return None
        other_sql, other_params = self._build(shape, *second).query.get_compiler(alias).as_sql()
        if sql != other_sql or len(params) != len(other_params):
            return None
        ops = connections[alias].ops
        adapters: dict[type, Callable[[Any], Any]] = {date: ops.adapt_datefield_value}
        slots: list[tuple[Any, ...]] = []
        for param, other in zip(params, other_params, strict=True):
            if param == other:  # the stand-ins differ between the rounds: a constant
                slots.append(("constant", param))
                continue
            slot = _slot_for(param, other, first, second, adapters)
            if slot is None:
                return None
            slots.append(slot)
        if {slot[1] for slot in slots if slot[0] == "value"} != set(range(len(types))):
            return None  # a value that is not a parameter as it is: transformed, or unused
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        )
        attnames: tuple[str, ...] = ()
        annotations: tuple[tuple[str, int], ...] = ()
        klass_info = compiler.klass_info
        if klass_info is not None and klass_info.get("model") is self._model:
            if klass_info.get("related_klass_infos"):
                return None
            fields = klass_info["select_fields"]
            if fields != list(range(len(fields))):
                return None
            attnames = tuple(compiler.select[i][0].target.attname for i in fields)
            annotations = tuple(compiler.annotation_col_map.items())
        return _Plan(sql=sql, slots=tuple(slots), converters=converters, attnames=attnames,
                     annotations=annotations)


def _slot_for(
    param: Any,
    other: Any,
    first: tuple[Any, ...],
    second: tuple[Any, ...],
    adapters: dict[type, Callable[[Any], Any]],
) -> tuple[Any, ...] | None:
    """The value a compiled parameter stands for, as itself or adapted; None if neither."""
    for index, (a, b) in enumerate(zip(first, second, strict=True)):
        if type(param) is type(a) and param == a and other == b:
            return ("value", index, None)
        adapt = adapters.get(type(a))
        if adapt is not None and param == adapt(a) and other == adapt(b):
            return ("value", index, adapt)
    return None
