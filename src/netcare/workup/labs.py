"""The laboratory catalogue: each test's units and default reference range.

Ranges are configurable per laboratory (REFERENCE §3: "make the range configurable per
laboratory"); these defaults are typical adult ranges that a program must verify against its
reporting laboratory. A result stores the range it was judged against, so a later change of the
catalogue never changes an old flag. The 5-HIAA flag comes from
`netcare.clinical.biomarkers.interpret_hiaa`; the others from `biomarkers.flag_lab`.

The blood counts and chemistry used for PRRT eligibility (REFERENCE §5: white cells,
neutrophils, platelets, hemoglobin, creatinine clearance, bilirubin, albumin) are here too; the
snapshot builder reads bilirubin as a multiple of the upper limit the result was judged
against. Every range below is a DEFAULT: check it against the local laboratory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from netcare.clinical.biomarkers import (
    DEFAULT_HIAA_RANGE,
    HiaaUnit,
    ReferenceRange,
    Urine5Hiaa,
    collection_instructions,
    flag_lab,
    interpret_hiaa,
)
from netcare.clinical.errors import ClinicalInputError


@dataclass(frozen=True, slots=True)
class LabTest:
    code: str
    label: str
    units: tuple[str, ...]  # the first is the canonical unit (trends and ranges use it)
    low: float | None
    high: float | None
    instructions: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        return self.units[0]


HIAA: Final = "urine_5hiaa"
CGA: Final = "chromogranin_a"
WBC: Final = "wbc"
NEUTROPHILS: Final = "neutrophils"
PLATELETS: Final = "platelets"
HEMOGLOBIN: Final = "hemoglobin"
CREATININE_CLEARANCE: Final = "creatinine_clearance"
BILIRUBIN: Final = "bilirubin"
ALBUMIN: Final = "albumin"

CATALOGUE: Final[dict[str, LabTest]] = {
    t.code: t
    for t in (
        LabTest(HIAA, "24-h urine 5-HIAA", (HiaaUnit.MG_PER_24H.value, HiaaUnit.UMOL_PER_24H.value),
                DEFAULT_HIAA_RANGE.lower_mg, DEFAULT_HIAA_RANGE.upper_mg,
                collection_instructions()),
        LabTest(CGA, "Chromogranin A", ("ng/mL",), 0.0, 100.0),
        LabTest("gastrin", "Fasting gastrin", ("pg/mL",), 0.0, 100.0,
                ("Come fasting (nothing to eat from midnight). Ask your doctor whether to pause "
                 "acid-lowering medicines before the test: do not stop them on your own.",)),
        LabTest("insulin", "Insulin", ("uIU/mL",), 2.6, 24.9),
        LabTest("proinsulin", "Proinsulin", ("pmol/L",), 0.0, 18.8),
        LabTest("c_peptide", "C-peptide", ("ng/mL",), 0.8, 3.85),
        LabTest("glucose", "Glucose", ("mg/dL",), 70.0, 99.0),
        LabTest("glucagon", "Glucagon", ("pg/mL",), 0.0, 80.0),
        LabTest("vip", "Vasoactive intestinal peptide", ("pg/mL",), 0.0, 75.0),
        LabTest("somatostatin", "Somatostatin", ("pg/mL",), 0.0, 25.0),
        LabTest("serotonin", "Serotonin (blood)", ("ng/mL",), 50.0, 220.0),
        LabTest("nt_probnp", "NT-proBNP", ("pg/mL",), 0.0, 125.0),
        # PRRT eligibility (REFERENCE §5). Default adult ranges: check with the local lab.
        LabTest(CREATININE_CLEARANCE, "Creatinine clearance", ("mL/min",), 90.0, 140.0),
        LabTest(PLATELETS, "Platelets", ("10^9/L",), 150.0, 400.0),
        LabTest(HEMOGLOBIN, "Hemoglobin", ("g/dL",), 12.0, 17.5),
        LabTest(WBC, "White blood cells", ("10^9/L",), 4.0, 11.0),
        LabTest(NEUTROPHILS, "Neutrophils", ("10^9/L",), 1.8, 7.5),
        LabTest(BILIRUBIN, "Total bilirubin", ("mg/dL",), 0.1, 1.2),
        LabTest(ALBUMIN, "Albumin", ("g/L",), 35.0, 50.0),
    )
}
LAB_CHOICES: Final = [(t.code, t.label) for t in CATALOGUE.values()]
#: The tumor markers (REFERENCE §3): 5-HIAA, chromogranin A, serotonin and the hormones of the
#: functional syndromes, in the order summaries list them. Glucose (read with insulin), NT-proBNP
#: (heart screening) and the PRRT blood counts and chemistry are not tumor markers.
TUMOR_MARKERS: Final = (HIAA, CGA, "serotonin", "gastrin", "insulin", "proinsulin", "c_peptide",
                        "glucagon", "vip", "somatostatin")
#: netcare's default ranges are not laboratory-verified.
RANGE_NOTE: Final = "Default range (typical adults); verify against the reporting laboratory."


@dataclass(frozen=True, slots=True)
class Judged:
    value_canonical: float
    low: float | None
    high: float | None
    flag: str  # low | normal | high | "" (no range)
    notes: tuple[str, ...]


def judge(code: str, value: float, unit: str, low: float | None = None,
          high: float | None = None, laboratory: str = "") -> Judged:
    """Canonical value and flag of one result against `low`-`high` (the catalogue's by default).

    Raises:
        ClinicalInputError: unknown test (`test`), a unit the test is not reported in (`unit`),
            a negative value (`value`) or a range with low >= high (`reference_high`).
    """
    test = CATALOGUE.get(code)
    if test is None:
        raise ClinicalInputError("test", f"must be one of {', '.join(CATALOGUE)}; got {code!r}")
    if unit not in test.units:
        raise ClinicalInputError("unit", f"{test.label} is reported in {', '.join(test.units)}; "
                                         f"got {unit!r}")
    low = test.low if low is None else low
    high = test.high if high is None else high
    if low is not None and high is not None and low >= high:
        raise ClinicalInputError("reference_high", f"must be above the low bound {low:g}")
    if code == HIAA:
        measurement = Urine5Hiaa.of(value, HiaaUnit(unit))
        if low is None or high is None:
            raise ClinicalInputError("reference_high", "5-HIAA needs both reference bounds")
        reference = ReferenceRange(low, high, laboratory or "netcare default",
                                   verified=bool(laboratory))
        result = interpret_hiaa(measurement, reference)
        return Judged(measurement.mg_per_24h, low, high, result.level.value, result.uncertain)
    flagged = flag_lab(value, low, high)
    return Judged(flagged.value, flagged.low, flagged.high, flagged.level.value,
                  () if laboratory else (RANGE_NOTE,))
