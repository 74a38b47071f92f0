"""netcare.planning — CP-SAT planning of Ga-68/Cu-64 SSTR PET days and Lu-177 PRRT cycles.

Pure: no Django, no I/O (an import-linter contract forbids Django). Model: docs/planning.md;
physics and product facts: shared/clinical/LOGISTICS.md 4.1-4.3.
"""

from netcare.planning.editor import Edit, Lock, MovePet, MovePrrt, Remove, Unlock, apply_edit
from netcare.planning.errors import PlanEditError, PlanningInputError
from netcare.planning.inputs import (
    Generator,
    PetRequest,
    PlanningProblem,
    PrrtCycle,
    Resources,
    Route,
    TimeOfDay,
    Tracer,
    UnitDoseSupply,
)
from netcare.planning.physics import (
    GE68_HALF_LIFE_DAYS,
    PhysicsBound,
    ga68_patients_per_day,
    physics_bound,
    prescribed_activity_mbq,
)
from netcare.planning.plan import (
    Assignment,
    PetAssignment,
    Plan,
    PrrtAssignment,
    Source,
    Violation,
    validate_plan,
)
from netcare.planning.solver import replan_day, solve

__all__ = [
    "GE68_HALF_LIFE_DAYS",
    "Assignment",
    "Edit",
    "Generator",
    "Lock",
    "MovePet",
    "MovePrrt",
    "PetAssignment",
    "PetRequest",
    "PhysicsBound",
    "Plan",
    "PlanEditError",
    "PlanningInputError",
    "PlanningProblem",
    "PrrtAssignment",
    "PrrtCycle",
    "Remove",
    "Resources",
    "Route",
    "Source",
    "TimeOfDay",
    "Tracer",
    "UnitDoseSupply",
    "Unlock",
    "Violation",
    "apply_edit",
    "ga68_patients_per_day",
    "physics_bound",
    "prescribed_activity_mbq",
    "replan_day",
    "solve",
    "validate_plan",
]
