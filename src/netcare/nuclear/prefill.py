"""The PRRT eligibility form prefilled from the chart (`tumors.snapshot_builder.snapshot_for`).

Each fact comes with where it came from ("chart: latest pathology", ...) or "unknown"; the user
may correct any value before the check. Which sites count as gastroenteropancreatic or midgut
is the clinical core's (decision_support), not decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netcare.clinical.decision_support import GEP_SITES, MIDGUT_BY_SITE
from netcare.clinical.vocabulary import Differentiation
from netcare.patients.models import Patient


@dataclass(frozen=True)
class Prefilled:
    """One eligibility fact as found in the chart."""

    name: str
    label: str
    value: Any
    source: str  # "" when unknown

    @property
    def known(self) -> bool:
        return self.value is not None


LABELS = {
    "age_years": "Age", "gep_net": "Gastroenteropancreatic NET", "midgut": "Midgut primary",
    "differentiation": "Differentiation", "ki67_percent": "Ki-67 (%)",
    "sstr_positive": "SSTR-positive", "min_target_krenning": "Krenning score",
    "progression_on_octreotide_lar": "Progression on a somatostatin analog",
    "creatinine_clearance_ml_min": "Creatinine clearance (mL/min)",
    "hemoglobin_g_dl": "Hemoglobin (g/dL)", "platelets_10e9_per_l": "Platelets (×10⁹/L)",
    "karnofsky": "Karnofsky",
}


def chart_facts(patient: Patient) -> list[Prefilled]:
    """The eligibility facts netcare can read from the chart, each with its source."""
    from netcare.tumors.snapshot_builder import snapshot_for

    snap = snapshot_for(patient)
    tumor = snap.tumors[0] if snap.tumors else None
    site = tumor.site if tumor else None
    labs = snap.labs
    site_src = f"chart: index tumor site ({site.value})" if site is not None else ""
    path_src = "chart: latest pathology report"
    pet_src = (f"chart: SSTR PET of {snap.sstr.scan_date}" if snap.sstr.scan_date
               else "chart: SSTR imaging")
    lab_src = "chart: latest lab results"
    differentiation = tumor.differentiation if tumor else None
    rows: list[tuple[str, Any, str]] = [
        ("age_years", None if snap.age is None else float(snap.age), "chart: date of birth"),
        ("gep_net", None if site is None else site in GEP_SITES,
         site_src),
        ("midgut", None if site is None else MIDGUT_BY_SITE.get(site, False),
         site_src),
        ("differentiation", differentiation.value if isinstance(differentiation, Differentiation)
         else None, path_src),
        ("ki67_percent", tumor.ki67_percent if tumor else None, path_src),
        ("sstr_positive", snap.sstr.positive, pet_src),
        ("min_target_krenning", snap.sstr.krenning_score, pet_src),
        ("progression_on_octreotide_lar", snap.progression_on_ssa,
         "chart: best response on a long-acting somatostatin analog"),
        ("creatinine_clearance_ml_min", labs.creatinine_clearance_ml_min, lab_src),
        ("hemoglobin_g_dl", labs.hemoglobin_g_dl, lab_src),
        ("platelets_10e9_per_l", labs.platelets_10e9_l, lab_src),
        ("karnofsky", snap.performance.karnofsky, "chart: latest clinical assessment"),
    ]
    return [Prefilled(name, LABELS[name], value, source if value is not None else "")
            for name, value, source in rows]


def form_initial(facts: list[Prefilled]) -> dict[str, Any]:
    """Initial values for CourseForm (tri-state fields take "true"/"false")."""
    out: dict[str, Any] = {}
    for f in facts:
        if f.value is None:
            continue
        out[f.name] = ("true" if f.value else "false") if isinstance(f.value, bool) else f.value
    return out
