"""On PostgreSQL a query a connection runs again and again is prepared once (parsed once, and
planned once where the plan does not depend on its values), as the pages' fixed queries are
run on every request (settings: NETCARE_DB_PREPARE_THRESHOLD, default 5: run five times,
then prepared)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from netcare.accounts.models import User


def _prepared_statements_naming(table: str) -> list[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s", [f"%{table}%"])
        return list(cursor.fetchall())


@pytest.mark.django_db
def test_the_user_lookup_of_every_request_is_prepared_after_five_runs(nora: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for run in range(1, 8):
        assert "Nora" == User.objects.filter(pk=nora.pk).values_list(
            "first_name", flat=True).get()
        prepared = _prepared_statements_naming("accounts_user")
        if run <= 5:
            assert [] == prepared, f"prepared after {run} runs"
    [(statement, generic_plans, custom_plans)] = prepared
    assert '"accounts_user"."first_name"' in statement
    assert 2 == generic_plans + custom_plans  # the sixth and seventh runs used it
