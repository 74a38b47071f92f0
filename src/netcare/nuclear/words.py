"""The words pages show for the codes the PRRT rules store (eligibility statuses, rule sets,
dose actions, lab inputs). Stored JSON keeps the codes — the API and the rules read them — and
only what people read is put in words here."""

from __future__ import annotations

from netcare import words as shared_words
from netcare.clinical import prrt

ELIGIBILITY_STATUS: dict[str, str] = {
    prrt.Status.MET: "met",
    prrt.Status.NOT_MET: "not met",
    prrt.Status.UNKNOWN: "unknown",
}

RULE_SET: dict[str, str] = {
    prrt.Program.LABEL: "Label",
    prrt.Program.NETTER1: "NETTER-1",
    prrt.Program.NETTER2: "NETTER-2",
}

DOSE_ACTION: dict[str, str] = {
    prrt.DoseAction.GIVE_FULL: "give the full dose",
    prrt.DoseAction.GIVE_REDUCED: "give a reduced dose",
    prrt.DoseAction.WITHHOLD: "withhold the dose",
    prrt.DoseAction.DISCONTINUE: "discontinue treatment",
}

DIFFERENTIATION = shared_words.DIFFERENTIATION  # one list for every area (netcare.words)

# How the optimiser finished (netcare.planning's `Plan.status`, looked up lower-case: CP-SAT's
# own names are upper-case) on the plan pages.
SOLVER_STATUS: dict[str, str] = {
    "optimal": "Best possible plan (proven)",
    "feasible": "Good plan, not proven best",
    "infeasible": "No plan could be found within the limits",
    "replanned": "Day re-planned after a cancellation",
    "unknown": "No plan found in the time allowed",
    "model_invalid": "The planning problem could not be solved (report this)",
}

LAB_INPUT: dict[str, str] = {
    "thrombocytopenia_grade": "thrombocytopenia grade",
    "anemia_grade": "anemia grade",
    "neutropenia_grade": "neutropenia grade",
    "creatinine_clearance_ml_min": "creatinine clearance (mL/min)",
    "creatinine": "creatinine",
    "bilirubin_x_uln": "bilirubin (× ULN)",
    "albumin_g_l": "albumin (g/L)",
    "prothrombin_ratio_percent": "prothrombin ratio (%)",
    "other_grade": "other adverse reaction grade",
}


def in_words(words: dict[str, str], code: object) -> str:
    """`code` in words; a code no table knows is shown as it is rather than hidden."""
    return words.get(str(code), str(code))
