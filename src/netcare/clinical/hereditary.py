"""Hereditary NET syndromes: who to refer for genetic counselling (REFERENCE §6).

The rules flag a suspicion and its reason; they do not diagnose a syndrome. Counselling is
recommended when any syndrome is suspected, or for multiple NETs, young onset or gastrinoma
(REFERENCE §6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from netcare.clinical._inputs import check_number, read_bool, read_number
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError

__all__ = [
    "YOUNG_ONSET_AGE_YEARS",
    "HereditaryAssessment",
    "HereditaryFindings",
    "HereditarySyndrome",
    "Suspicion",
    "assess_hereditary",
]

YOUNG_ONSET_AGE_YEARS = 40
"""netcare choice: a NET diagnosed before age 40 counts as young onset. REFERENCE §6 says
"young-onset" without a number; 40 is a common clinical cut-off, not a guideline value."""


class HereditarySyndrome(StrEnum):
    """Hereditary syndromes with NETs (REFERENCE §6)."""

    MEN1 = "MEN1"
    NF1 = "NF1"
    TSC = "TSC"
    VHL = "VHL"
    FAMILIAL_SI_NET = "familial_si_net"


@dataclass(frozen=True, slots=True)
class HereditaryFindings:
    """Findings in the patient and family; False and None both mean "not reported".

    Attributes:
        family_syndromes: syndromes known in the family.
        relatives_with_si_net: number of relatives with a small-intestinal NET.
    """

    family_syndromes: frozenset[HereditarySyndrome] = field(default_factory=frozenset)
    multiple_nets: bool = False
    age_at_onset_years: float | None = None
    gastrinoma: bool = False
    pancreatic_net: bool = False
    duodenal_net: bool = False
    small_intestinal_net: bool = False
    type2_gastric_net: bool = False
    parathyroid_tumour: bool = False
    pituitary_tumour: bool = False
    pheochromocytoma: bool = False
    duodenal_somatostatinoma: bool = False
    cafe_au_lait_macules: bool = False
    tsc_skin_or_brain_features: bool = False
    renal_cell_carcinoma: bool = False
    hemangioblastoma: bool = False
    relatives_with_si_net: int = 0

    def __post_init__(self) -> None:
        family: object = self.family_syndromes
        if not isinstance(family, frozenset) or not all(
            isinstance(s, HereditarySyndrome) for s in family
        ):
            raise ClinicalInputError(
                "family_syndromes", f"must be a set of syndromes, got {self.family_syndromes!r}"
            )
        if self.age_at_onset_years is not None:
            check_number("age_at_onset_years", self.age_at_onset_years, minimum=0, maximum=130)
        count: object = self.relatives_with_si_net
        if type(count) is not int or count < 0:
            raise ClinicalInputError(
                "relatives_with_si_net", f"must be a whole number >= 0, got {count!r}"
            )


@dataclass(frozen=True, slots=True)
class Suspicion:
    """A suspected syndrome and the findings that raised it."""

    syndrome: HereditarySyndrome
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HereditaryAssessment:
    """Suspected syndromes, and whether genetic counselling is recommended, with reasons."""

    suspicions: tuple[Suspicion, ...]
    counselling_recommended: bool
    counselling_reasons: tuple[str, ...]


def assess_hereditary(findings: HereditaryFindings) -> HereditaryAssessment:
    """Suspect hereditary syndromes and recommend counselling (REFERENCE §6).

    MEN1: gastrinoma, type 2 gastric NET, pancreatic/duodenal NET with parathyroid or pituitary
    tumour, multiple pancreatic NETs. NF1: duodenal somatostatinoma, café-au-lait macules.
    TSC: TSC skin/brain features. VHL: pancreatic NET with pheochromocytoma, renal cell
    carcinoma, hemangioblastoma. Familial SI-NET: SI-NET in the patient and a relative.
    """
    f = findings
    reasons: dict[HereditarySyndrome, list[str]] = {s: [] for s in HereditarySyndrome}
    for syndrome in sorted(f.family_syndromes):
        reasons[syndrome].append(f"{syndrome.value} known in the family")
    entero_pancreatic = f.pancreatic_net or f.duodenal_net
    if f.gastrinoma:
        reasons[HereditarySyndrome.MEN1].append("gastrinoma (Zollinger-Ellison)")
    if f.type2_gastric_net:
        reasons[HereditarySyndrome.MEN1].append("type 2 gastric NET")
    if entero_pancreatic and f.parathyroid_tumour:
        reasons[HereditarySyndrome.MEN1].append("pancreatic/duodenal NET with parathyroid tumour")
    if entero_pancreatic and f.pituitary_tumour:
        reasons[HereditarySyndrome.MEN1].append("pancreatic/duodenal NET with pituitary tumour")
    if f.pancreatic_net and f.multiple_nets:
        reasons[HereditarySyndrome.MEN1].append("multiple pancreatic NETs")
    if f.duodenal_somatostatinoma:
        reasons[HereditarySyndrome.NF1].append("duodenal/periampullary somatostatinoma")
    if f.cafe_au_lait_macules:
        reasons[HereditarySyndrome.NF1].append("café-au-lait macules")
    if f.tsc_skin_or_brain_features:
        reasons[HereditarySyndrome.TSC].append("features of tuberous sclerosis complex")
    if f.pancreatic_net and f.pheochromocytoma:
        reasons[HereditarySyndrome.VHL].append("pancreatic NET with pheochromocytoma")
    if f.renal_cell_carcinoma:
        reasons[HereditarySyndrome.VHL].append("renal cell carcinoma")
    if f.hemangioblastoma:
        reasons[HereditarySyndrome.VHL].append("hemangioblastoma")
    if f.small_intestinal_net and f.relatives_with_si_net >= 1:
        reasons[HereditarySyndrome.FAMILIAL_SI_NET].append(
            f"small-intestinal NET with {f.relatives_with_si_net} relative(s) with SI-NET"
        )
    suspicions = tuple(Suspicion(s, tuple(r)) for s, r in reasons.items() if r)

    counselling: list[str] = [f"suspected {s.syndrome.value}" for s in suspicions]
    if f.multiple_nets:
        counselling.append("multiple NETs")
    if f.age_at_onset_years is not None and f.age_at_onset_years < YOUNG_ONSET_AGE_YEARS:
        counselling.append(
            f"onset at {f.age_at_onset_years:g} years (< {YOUNG_ONSET_AGE_YEARS}, netcare cut-off)"
        )
    if f.gastrinoma:
        counselling.append("gastrinoma")
    return HereditaryAssessment(suspicions, bool(counselling), tuple(counselling))


_FLAGS = (
    "multiple_nets",
    "gastrinoma",
    "pancreatic_net",
    "duodenal_net",
    "small_intestinal_net",
    "type2_gastric_net",
    "parathyroid_tumour",
    "pituitary_tumour",
    "pheochromocytoma",
    "duodenal_somatostatinoma",
    "cafe_au_lait_macules",
    "tsc_skin_or_brain_features",
    "renal_cell_carcinoma",
    "hemangioblastoma",
)


@register("hereditary_screening")
def _hereditary_screening(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`hereditary_screening`: family_syndromes (list), age_at_onset_years, relatives_with_si_net
    and the boolean findings of HereditaryFindings -> suspicions [{syndrome, reasons}],
    counselling_recommended, counselling_reasons."""
    family = inputs.get("family_syndromes") or []
    allowed = ", ".join(s.value for s in HereditarySyndrome)
    if not isinstance(family, list | tuple):
        raise ClinicalInputError("family_syndromes", f"must be a list of: {allowed}")
    try:
        syndromes = frozenset(HereditarySyndrome(s) for s in family)
    except ValueError:
        raise ClinicalInputError(
            "family_syndromes", f"items must be among {allowed}, got {family!r}"
        ) from None
    relatives = read_number(inputs, "relatives_with_si_net", minimum=0, required=False) or 0.0
    if not relatives.is_integer():
        raise ClinicalInputError(
            "relatives_with_si_net", f"must be a whole number >= 0, got {relatives!r}"
        )
    findings = HereditaryFindings(
        family_syndromes=syndromes,
        age_at_onset_years=read_number(
            inputs, "age_at_onset_years", minimum=0, maximum=130, required=False
        ),
        relatives_with_si_net=int(relatives),
        **{name: read_bool(inputs, name) is True for name in _FLAGS},
    )
    result = assess_hereditary(findings)
    return {
        "suspicions": [
            {"syndrome": s.syndrome.value, "reasons": list(s.reasons)} for s in result.suspicions
        ],
        "counselling_recommended": result.counselling_recommended,
        "counselling_reasons": list(result.counselling_reasons),
    }
