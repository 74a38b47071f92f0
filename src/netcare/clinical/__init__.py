"""netcare.clinical — the pure clinical rules core (no Django, no I/O).

Every rule names its section of `shared/clinical/REFERENCE.md` in its docstring; the index of
rules and calculators is `docs/clinical-rules.md`.

The entry points below are importable from here (``from netcare.clinical import stage``). Only
:class:`ClinicalInputError` is imported eagerly; the others load their module on first use, so
``import netcare.clinical`` stays cheap. Importing :mod:`netcare.clinical.calculators` registers
every calculator.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from netcare.clinical.errors import ClinicalInputError

if TYPE_CHECKING:
    from netcare.clinical.biomarkers import (
        cga_confounders,
        flag_lab,
        hormone_panel,
        interpret_hiaa,
        suggests_carcinoid_syndrome,
    )
    from netcare.clinical.calculators import names, run
    from netcare.clinical.decision_support import DecisionSupport, Option, options_for
    from netcare.clinical.grading import classify, classify_lung_carcinoid, is_minen
    from netcare.clinical.hereditary import assess_hereditary
    from netcare.clinical.prrt import (
        PRRTEligibility,
        PRRTFacts,
        assess_eligibility,
        dose_modification,
        ssa_washout,
    )
    from netcare.clinical.radionuclides import decay_to, remaining_fraction
    from netcare.clinical.snapshot import PatientSnapshot
    from netcare.clinical.sstr import krenning_from_suv, sstr_positive_for_prrt
    from netcare.clinical.staging import (
        m_from_metastases,
        n_from_findings,
        stage,
        stage_group,
        t_from_findings,
    )
    from netcare.clinical.surveillance import follow_up_schedule

#: Public name -> module that defines it (loaded on first access).
_LAZY = {
    "cga_confounders": "biomarkers",
    "flag_lab": "biomarkers",
    "suggests_carcinoid_syndrome": "biomarkers",
    "hormone_panel": "biomarkers",
    "interpret_hiaa": "biomarkers",
    "names": "calculators",
    "run": "calculators",
    "DecisionSupport": "decision_support",
    "Option": "decision_support",
    "options_for": "decision_support",
    "classify": "grading",
    "classify_lung_carcinoid": "grading",
    "is_minen": "grading",
    "assess_hereditary": "hereditary",
    "PRRTEligibility": "prrt",
    "PRRTFacts": "prrt",
    "assess_eligibility": "prrt",
    "dose_modification": "prrt",
    "ssa_washout": "prrt",
    "decay_to": "radionuclides",
    "remaining_fraction": "radionuclides",
    "PatientSnapshot": "snapshot",
    "krenning_from_suv": "sstr",
    "sstr_positive_for_prrt": "sstr",
    "m_from_metastases": "staging",
    "n_from_findings": "staging",
    "stage": "staging",
    "stage_group": "staging",
    "t_from_findings": "staging",
    "follow_up_schedule": "surveillance",
}

__all__ = [
    "ClinicalInputError",
    "DecisionSupport",
    "Option",
    "PRRTEligibility",
    "PRRTFacts",
    "PatientSnapshot",
    "assess_eligibility",
    "assess_hereditary",
    "cga_confounders",
    "classify",
    "classify_lung_carcinoid",
    "decay_to",
    "dose_modification",
    "flag_lab",
    "follow_up_schedule",
    "hormone_panel",
    "interpret_hiaa",
    "is_minen",
    "krenning_from_suv",
    "m_from_metastases",
    "n_from_findings",
    "names",
    "options_for",
    "remaining_fraction",
    "run",
    "ssa_washout",
    "sstr_positive_for_prrt",
    "stage",
    "stage_group",
    "suggests_carcinoid_syndrome",
    "t_from_findings",
]


def __getattr__(name: str) -> Any:
    """Load the module behind a public entry point on first access (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
