"""Triage flags of a referral, each with its reason, from the rules core.

- Genetic counselling: `netcare.clinical.hereditary.assess_hereditary` (REFERENCE §6).
- Possible carcinoid syndrome: `netcare.clinical.biomarkers.carcinoid_symptoms`, the rule the
  decision support uses for the 5-HIAA workup too (REFERENCE §3); the 5-HIAA note comes from
  `biomarkers.hormone_panel`.
- Urgent: jaundice (biliary obstruction) or rectal bleeding — a program triage rule.

Pure functions (no database); the action stores the result on the referral.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netcare.clinical.biomarkers import FunctionalSyndrome, carcinoid_symptoms, hormone_panel
from netcare.clinical.hereditary import HereditaryFindings, HereditarySyndrome, assess_hereditary
from netcare.clinical.snapshot import Symptom

URGENT_SYMPTOMS: tuple[Symptom, ...] = (Symptom.JAUNDICE, Symptom.RECTAL_BLEEDING)

SYMPTOM_LABELS: dict[str, str] = {
    Symptom.ABDOMINAL_PAIN: "Abdominal pain, cramping, nausea or vomiting that come and go",
    Symptom.JAUNDICE: "Yellow skin or eyes (jaundice)",
    Symptom.CONSTIPATION: "Constipation",
    Symptom.RECTAL_BLEEDING: "Bleeding from the bottom (rectal bleeding)",
    Symptom.FLUSHING: "Facial flushing (face turns red and warm)",
    Symptom.FAST_HEARTBEAT: "Fast heartbeat",
    Symptom.WHEEZING: "Wheezing",
    Symptom.HIGH_BLOOD_PRESSURE: "High blood pressure",
    Symptom.HIGH_BLOOD_SUGAR: "High blood sugar or diabetes",
    Symptom.DIARRHEA: "Diarrhea",
}

SYNDROME_LABELS: dict[str, str] = {
    HereditarySyndrome.MEN1: "Multiple endocrine neoplasia type 1 (MEN1)",
    HereditarySyndrome.NF1: "Neurofibromatosis type 1 (NF1)",
    HereditarySyndrome.TSC: "Tuberous sclerosis complex",
    HereditarySyndrome.VHL: "Von Hippel–Lindau syndrome",
    HereditarySyndrome.FAMILIAL_SI_NET: "Familial small-intestinal neuroendocrine tumor",
}


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # "urgent" | "carcinoid" | "genetic"
    label: str
    reason: str


def compute_flags(symptoms: Iterable[str], syndromes: Iterable[str]) -> list[Flag]:
    """The flags for a referral's symptoms and known hereditary syndromes, urgent first."""
    have = {Symptom(s) for s in symptoms}
    flags: list[Flag] = []
    urgent = [s for s in URGENT_SYMPTOMS if s in have]
    if urgent:
        flags.append(Flag("urgent", "Urgent review",
                          "reported: " + ", ".join(SYMPTOM_LABELS[s].lower() for s in urgent)))
    carcinoid = carcinoid_symptoms(have)
    if carcinoid:
        note = hormone_panel(FunctionalSyndrome.CARCINOID)
        flags.append(Flag(
            "carcinoid", "Possible carcinoid syndrome",
            "reported: " + ", ".join(SYMPTOM_LABELS[s].lower() for s in carcinoid)
            + "; consider " + " and ".join(note.tests),
        ))
    assessment = assess_hereditary(
        HereditaryFindings(family_syndromes=frozenset(HereditarySyndrome(s) for s in syndromes))
    )
    if assessment.counselling_recommended:
        flags.append(Flag("genetic", "Genetic counselling",
                          "; ".join(assessment.counselling_reasons)))
    return flags
