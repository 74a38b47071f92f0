"""On PostgreSQL a query a connection runs again and again is prepared once (parsed once, and
planned once where the plan does not depend on its values), as the pages' fixed queries are
run on every request (settings: NETCARE_DB_PREPARE_THRESHOLD, default 5: run five times,
then prepared)."""

from __future__ import annotations

import pytest
from django.db import connection

#: A statement no other code runs, so that its count starts here whatever ran before on
#: this connection.
PROBE = "SELECT %s::int + 1 AS prepared_statement_probe"


def _prepared_probes() -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            # Spelled in two pieces: this query, prepared too once run often, must not match.
            " WHERE statement LIKE '%%AS prepared_' || 'statement_probe%%'")
        return list(cursor.fetchall())


@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared_after_five_runs() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for run in range(1, 8):
        with connection.cursor() as cursor:
            cursor.execute(PROBE, [run])
            assert (run + 1,) == cursor.fetchone()
        if run <= 5:
            assert [] == _prepared_probes(), f"prepared after {run} runs"
    [(generic_plans, custom_plans)] = _prepared_probes()
    assert 2 == generic_plans + custom_plans  # the sixth and seventh runs used it
