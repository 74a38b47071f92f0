"""The plan editor: staff move, remove, lock and unlock bookings; hard constraints are kept.

`apply_edit` refuses an edit that would add a hard-constraint violation and names it, e.g.
``scanner-overlap: scanner PET-1 already busy 09:40-10:20 with request R17``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from netcare.planning.errors import PlanEditError, PlanningInputError
from netcare.planning.inputs import PlanningProblem, minutes
from netcare.planning.plan import (
    Assignment,
    PetAssignment,
    Plan,
    PrrtAssignment,
    Source,
    Violation,
    validate_plan,
)

__all__ = ["Edit", "Lock", "MovePet", "MovePrrt", "Remove", "Unlock", "apply_edit"]


@dataclass(frozen=True, slots=True)
class MovePet:
    """Book (or move) a PET request at a day and injection time on a scanner.

    `scan_start_min` defaults to injection + the planned uptake; `elution` defaults to the
    day's latest elution whose product is ready by the injection.
    """

    request_id: str
    day: date
    injection_min: int
    scanner: str
    source: Source = Source.GA68
    elution: int | None = None
    scan_start_min: int | None = None


@dataclass(frozen=True, slots=True)
class MovePrrt:
    """Book (or move) a PRRT cycle to a day, start time and chair."""

    cycle_id: str
    day: date
    start_min: int
    chair: str


@dataclass(frozen=True, slots=True)
class Remove:
    """Remove a booking (the request or cycle becomes unmet)."""

    id: str


@dataclass(frozen=True, slots=True)
class Lock:
    """Lock a booking: re-plans keep it unchanged."""

    id: str


@dataclass(frozen=True, slots=True)
class Unlock:
    """Unlock a booking."""

    id: str


Edit = MovePet | MovePrrt | Remove | Lock | Unlock


def _default_elution(problem_elutions: list[tuple[int, int]], injection_min: int) -> int | None:
    ready = [index for index, eos in problem_elutions if eos <= injection_min]
    return ready[-1] if ready else None


def _new_booking(
    problem_generator_eos: list[tuple[int, int]],
    uptake: int,
    edit: MovePet | MovePrrt,
) -> Assignment:
    if isinstance(edit, MovePrrt):
        return PrrtAssignment(edit.cycle_id, edit.day, edit.start_min, edit.chair)
    elution = edit.elution
    if edit.source is Source.GA68 and elution is None:
        elution = _default_elution(problem_generator_eos, edit.injection_min)
    return PetAssignment(
        request_id=edit.request_id,
        day=edit.day,
        injection_min=edit.injection_min,
        scan_start_min=(
            edit.scan_start_min if edit.scan_start_min is not None else edit.injection_min + uptake
        ),
        scanner=edit.scanner,
        source=edit.source,
        elution=elution if edit.source is Source.GA68 else None,
    )


def apply_edit(problem: PlanningProblem, plan: Plan, edit: Edit) -> Plan:
    """Apply `edit` to `plan`, or raise PlanEditError naming the hard constraint it breaks.

    Args:
        problem: the PlanningProblem the plan belongs to.
        plan: the current plan.
        edit: MovePet / MovePrrt (also books an unmet request), Remove, Lock or Unlock.

    Returns:
        The edited plan (status "edited"; bound unchanged, objective and gap recomputed).

    Raises:
        PlanEditError: the edit moves or removes a locked booking ("locked"), or the edited
            plan breaks a hard constraint the plan did not already break.
        PlanningInputError: the edit names a request or cycle that does not exist, or locks
            or removes a booking that does not exist.
    """
    current = {a.id: a for a in plan.assignments}
    target = (
        edit.request_id
        if isinstance(edit, MovePet)
        else (edit.cycle_id if isinstance(edit, MovePrrt) else edit.id)
    )
    known = {r.id for r in problem.pet_requests} | {c.id for c in problem.prrt_cycles}
    if target not in known:
        raise PlanningInputError("id", f"no request or cycle {target!r}")
    existing = current.get(target)
    if isinstance(edit, Lock | Unlock | Remove) and existing is None:
        raise PlanningInputError("id", f"{target} is not booked in this plan")
    if isinstance(edit, MovePet | MovePrrt | Remove) and existing is not None and existing.locked:
        raise PlanEditError(
            [Violation("locked", target, f"{target} is locked; unlock it before changing it")]
        )
    if isinstance(edit, MovePet) and target not in {r.id for r in problem.pet_requests}:
        raise PlanningInputError("request_id", f"{target} is not a PET request")
    if isinstance(edit, MovePrrt) and target not in {c.id for c in problem.prrt_cycles}:
        raise PlanningInputError("cycle_id", f"{target} is not a PRRT cycle")

    others = [a for a in plan.assignments if a.id != target]
    if isinstance(edit, Lock | Unlock):
        if existing is not None:  # always: checked above
            others.append(replace(existing, locked=isinstance(edit, Lock)))
    elif isinstance(edit, MovePet | MovePrrt):
        eos: list[tuple[int, int]] = []
        if problem.generator is not None:
            syn = problem.generator.synthesis_minutes
            eos = [(i, minutes(t) + syn) for i, t in enumerate(problem.generator.elution_times)]
        others.append(_new_booking(eos, problem.resources.uptake_minutes, edit))
    edited = replace(plan, assignments=tuple(others))
    before = {(v.constraint, v.message) for v in validate_plan(problem, plan)}
    added = [v for v in validate_plan(problem, edited) if (v.constraint, v.message) not in before]
    if added:
        raise PlanEditError(added)
    priority = {r.id: r.priority for r in problem.pet_requests} | {
        c.id: c.priority for c in problem.prrt_cycles
    }
    earliest = {r.id: r.earliest_day for r in problem.pet_requests} | {
        c.id: c.earliest for c in problem.prrt_cycles
    }
    booked = {a.id for a in others}
    objective = sum(priority[a.id] for a in others)
    bound = max(plan.bound, objective)
    cancelled_before = set(priority) - set(plan.unmet) - {a.id for a in plan.assignments}
    return replace(
        edited,
        unmet=tuple(i for i in priority if i not in booked and i not in cancelled_before),
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound if bound else 0.0,
        waiting_days=sum(max(0, (a.day - earliest[a.id]).days) for a in others),
        status="edited",
    )
