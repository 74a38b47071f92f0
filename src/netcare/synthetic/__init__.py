"""Deterministic, pure generator of a realistic synthetic NET cohort (no Django, no I/O).

See ``docs/synthetic-data.md`` for the model and the sources of every number.
"""

from .config import (
    DEFAULT_CONFIG,
    GRADES,
    HISTORY_START,
    PRIMARY_SITES,
    SEER_STAGES,
    TODAY,
    CohortConfig,
    ConfigRow,
    Share,
)
from .generator import Progress, generate, generate_patient
from .records import (
    Demographics,
    Event,
    Lesion,
    PatientHistory,
    Referral,
    TreatmentCourse,
    Tumor,
    VitalStatus,
)

__all__ = [
    "DEFAULT_CONFIG",
    "GRADES",
    "HISTORY_START",
    "PRIMARY_SITES",
    "SEER_STAGES",
    "TODAY",
    "CohortConfig",
    "ConfigRow",
    "Demographics",
    "Event",
    "Lesion",
    "PatientHistory",
    "Progress",
    "Referral",
    "Share",
    "TreatmentCourse",
    "Tumor",
    "VitalStatus",
    "generate",
    "generate_patient",
]
