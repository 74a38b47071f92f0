"""The optimiser as a Django Task (settings.TASKS; the immediate backend runs it in-process)."""

from __future__ import annotations

from django.tasks import task


@task
def run_plan(plan_id: int, time_limit_s: float = 5.0) -> int:
    """Solve a stored plan's problem and store the proposal; returns the plan id."""
    from netcare.nuclear.actions import execute_plan

    execute_plan(plan_id, time_limit_s)
    return plan_id
