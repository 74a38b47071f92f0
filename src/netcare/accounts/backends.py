"""The sign-in backend: Django's ModelBackend, with the per-request user read made cheap.

Every signed-in request loads its user (AuthenticationMiddleware → `get_user`). The ORM
builds and compiles that one-row query again each time, which cost more than the query itself
(a fifth of a cached page's Python). Here the query is compiled once per database, from the
same queryset `ModelBackend` uses, and run with the new primary key; rows go through the same
field converters and `Model.from_db`, so the user object is the one the ORM would build.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

#: Stands for the primary key while the query is compiled; never sent to the database.
_PLACEHOLDER_PK = -7_654_321


class NetcareBackend(ModelBackend):
    """ModelBackend (password sign-in, `is_active` checked) with a precompiled `get_user`."""

    def get_user(self, user_id: Any) -> Any:
        """The active user with this primary key, or None (as ModelBackend.get_user)."""
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def load_user(user_id: Any) -> Any:
    """The user with primary key `user_id` (as stored in the session), or None."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(model)
    sql, attnames, converters = _compiled_user_query(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, (pk,))
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, functions, expression in converters:
        value = values[position]
        for convert in functions:
            value = convert(value, expression, connection)
        values[position] = value
    return model.from_db(alias, attnames, values)


@cache
def _compiled_user_query(
    alias: str,
) -> tuple[str, list[str], list[tuple[int, list[Callable[..., Any]], Any]]]:
    """SQL, selected attribute names and converters of `User.objects.get(pk=…)`, compiled
    once (the SQL depends only on the model and the database's vendor)."""
    model = get_user_model()
    queryset = model._default_manager.using(alias).filter(pk=_PLACEHOLDER_PK)
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if tuple(params) != (_PLACEHOLDER_PK,):
        raise RuntimeError(f"unexpected parameters compiling the user query: {params!r}")
    columns = [expression for expression, _, _ in compiler.select]
    attnames = [column.target.attname for column in columns]
    if attnames != [field.attname for field in model._meta.concrete_fields]:
        raise RuntimeError("the user query does not select the model's concrete fields")
    converters = [
        (position, functions, expression)
        for position, (functions, expression) in compiler.get_converters(columns).items()
    ]
    return sql, attnames, converters
