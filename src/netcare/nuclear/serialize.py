"""PlanningProblem and planner assignments to and from JSON, so a stored plan is edited against
exactly the problem it was solved for (not today's rows)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from netcare import planning as p


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str) -> time:
    return time.fromisoformat(value)


def problem_to_json(problem: p.PlanningProblem) -> dict[str, Any]:
    g = problem.generator
    r = problem.resources
    s = problem.supply
    return {
        "start": problem.start.isoformat(),
        "days": problem.days,
        "generator": None if g is None else {
            "calibration_gbq": g.calibration_gbq,
            "calibration_date": g.calibration_date.isoformat(),
            "efficiency": g.efficiency,
            "synthesis_yield": g.synthesis_yield,
            "route": g.route.value,
            "elution_times": [t.strftime("%H:%M") for t in g.elution_times],
            "synthesis_minutes": g.synthesis_minutes,
            "shelf_life_minutes": g.shelf_life_minutes,
        },
        "resources": {
            "scanners": list(r.scanners),
            "uptake_rooms": r.uptake_rooms,
            "chairs": list(r.chairs),
            "opens": r.opens.strftime("%H:%M"),
            "closes": r.closes.strftime("%H:%M"),
        },
        "supply": None if s is None else {
            "doses_per_day": s.doses_per_day,
            "delivery_time": s.delivery_time.strftime("%H:%M"),
        },
        "pet_requests": [
            {
                "id": q.id,
                "weight_kg": q.weight_kg,
                "earliest_day": q.earliest_day.isoformat(),
                "latest_day": q.latest_day.isoformat() if q.latest_day else None,
                "last_long_acting_ssa": (
                    q.last_long_acting_ssa.isoformat() if q.last_long_acting_ssa else None
                ),
                "preferred_time": q.preferred_time.value,
                "priority": q.priority,
                "tracer_ok": q.tracer_ok.value,
            }
            for q in problem.pet_requests
        ],
        "prrt_cycles": [
            {
                "id": c.id,
                "patient_id": c.patient_id,
                "cycle_number": c.cycle_number,
                "earliest": c.earliest.isoformat(),
                "latest": c.latest.isoformat(),
                "previous_cycle_date": (
                    c.previous_cycle_date.isoformat() if c.previous_cycle_date else None
                ),
                "last_long_acting_ssa": (
                    c.last_long_acting_ssa.isoformat() if c.last_long_acting_ssa else None
                ),
                "priority": c.priority,
            }
            for c in problem.prrt_cycles
        ],
    }


def problem_from_json(data: dict[str, Any]) -> p.PlanningProblem:
    g = data["generator"]
    r = data["resources"]
    s = data["supply"]
    return p.PlanningProblem(
        start=date.fromisoformat(data["start"]),
        days=data["days"],
        generator=None if g is None else p.Generator(
            calibration_gbq=g["calibration_gbq"],
            calibration_date=date.fromisoformat(g["calibration_date"]),
            efficiency=g["efficiency"],
            synthesis_yield=g["synthesis_yield"],
            route=p.Route(g["route"]),
            elution_times=tuple(_t(t) for t in g["elution_times"]),
            synthesis_minutes=g["synthesis_minutes"],
            shelf_life_minutes=g["shelf_life_minutes"],
        ),
        resources=p.Resources(
            scanners=tuple(r["scanners"]),
            uptake_rooms=r["uptake_rooms"],
            chairs=tuple(r["chairs"]),
            opens=_t(r["opens"]),
            closes=_t(r["closes"]),
        ),
        supply=None if s is None else p.UnitDoseSupply(
            doses_per_day=s["doses_per_day"], delivery_time=_t(s["delivery_time"])
        ),
        pet_requests=tuple(
            p.PetRequest(
                id=q["id"],
                weight_kg=q["weight_kg"],
                earliest_day=date.fromisoformat(q["earliest_day"]),
                latest_day=_d(q["latest_day"]),
                last_long_acting_ssa=_d(q["last_long_acting_ssa"]),
                preferred_time=p.TimeOfDay(q["preferred_time"]),
                priority=q["priority"],
                tracer_ok=p.Tracer(q["tracer_ok"]),
            )
            for q in data["pet_requests"]
        ),
        prrt_cycles=tuple(
            p.PrrtCycle(
                id=c["id"],
                patient_id=c["patient_id"],
                cycle_number=c["cycle_number"],
                earliest=date.fromisoformat(c["earliest"]),
                latest=date.fromisoformat(c["latest"]),
                previous_cycle_date=_d(c["previous_cycle_date"]),
                last_long_acting_ssa=_d(c["last_long_acting_ssa"]),
                priority=c["priority"],
            )
            for c in data["prrt_cycles"]
        ),
    )
