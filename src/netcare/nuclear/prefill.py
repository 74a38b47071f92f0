"""The PRRT eligibility form prefilled from the chart (`tumors.snapshot_builder.snapshot_for`).

Each fact comes with where it came from ("chart: latest pathology", ...) or "unknown"; the user
may correct any value before the check. The values are the clinical core's
(`netcare.clinical.prrt.sourced_facts`, the same facts decision support judges); only the words
for where each came from are decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netcare.clinical import prrt
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
    "sstr_positive": "SSTR-positive", "min_target_krenning": "Lowest target-lesion Krenning score",
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
    pet_src = (f"chart: SSTR PET of {snap.sstr.scan_date}" if snap.sstr.scan_date
               else "chart: SSTR imaging")
    path_src = "chart: latest pathology report"
    lab_src = "chart: latest lab results"
    assessed_on = snap.performance.assessed_on
    status_src = (f"chart: clinical assessment of {assessed_on}" if assessed_on
                  else "chart: latest clinical assessment")
    sources = {
        "age": "chart: date of birth",
        "tumor.site": f"chart: index tumor site ({tumor.site.value})"
        if tumor is not None and tumor.site is not None else "",
        "tumor.differentiation": path_src,
        "tumor.category": "chart: WHO category of the index tumor (a NET is well "
                          "differentiated by definition)",
        "tumor.ki67_percent": path_src,
        "sstr.positive": pet_src,
        "sstr.krenning_score": pet_src,
        "sstr.lowest_krenning_score": f"{pet_src} (lowest target-lesion score)",
        "progression_on_ssa": "chart: best response on a long-acting somatostatin analog",
        "performance.karnofsky": status_src,
    }
    by_name = {f.name: f for f in prrt.sourced_facts(snap, tumor, first_line=None)}
    rows = []
    for name, label in LABELS.items():
        fact = by_name[name]
        value: Any = fact.value
        if isinstance(value, Differentiation):
            value = value.value
        elif name == "age_years" and value is not None:
            value = float(value)
        source = ", ".join(lab_src if key.startswith("labs.") else sources[key]
                           for key in fact.inputs)
        rows.append(Prefilled(name, label, value, source))
    return rows


def form_initial(facts: list[Prefilled]) -> dict[str, Any]:
    """Initial values for CourseForm (tri-state fields take "true"/"false")."""
    out: dict[str, Any] = {}
    for f in facts:
        if f.value is None:
            continue
        out[f.name] = ("true" if f.value else "false") if isinstance(f.value, bool) else f.value
    return out
