"""PRRT with lutetium Lu 177 dotatate: regimen, eligibility, dose modification, SSA washout
(REFERENCE §5; Lutathera US prescribing information, revision 4/2024).

Sources (checked 2026-11-25, see docs/clinical-rules.md §4.2):
Lutathera USPI via openFDA and prescriberpoint.com (regimen, SSA timing, indication);
the label's dose-modification table as summarised in AJR 2023;220:619 Table 1 (lutathera-hcp.com
shows the table as an image); NETTER-1 (Strosberg, NEJM 2017); NETTER-2 (Singh, Lancet 2024).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from netcare.clinical import sources
from netcare.clinical._inputs import (
    check_aware,
    check_number,
    check_optional_number,
    read_bool,
    read_choice,
    read_datetime,
    read_number,
)
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.snapshot import PatientSnapshot, SstrImaging, TumorFacts
from netcare.clinical.vocabulary import Category, Differentiation, Site

__all__ = [
    "AMINO_ACIDS",
    "ANEMIA_NEUTROPENIA_RESUME_MAX_GRADE",
    "CRITERIA",
    "DOSES_PER_COURSE",
    "DOSE_INTERVAL",
    "DOSE_INTERVAL_TOLERANCE",
    "GEP_SITES",
    "LONG_ACTING_SSA_WASHOUT",
    "MAX_TOXICITY_DELAY",
    "MIDGUT_BY_SITE",
    "OCTREOTIDE_LAR_AFTER_DOSE",
    "OCTREOTIDE_LAR_MG",
    "REDUCED_ACTIVITY_GBQ",
    "SHORT_ACTING_SSA_WASHOUT",
    "STANDARD_ACTIVITY_GBQ",
    "Criterion",
    "CriterionResult",
    "DoseAction",
    "DoseDecision",
    "PRRTEligibility",
    "PRRTFacts",
    "Program",
    "SourcedFact",
    "Status",
    "Toxicity",
    "ToxicityFacts",
    "WashoutResult",
    "assess_eligibility",
    "dose_modification",
    "facts_from_snapshot",
    "octreotide_lar_window",
    "sourced_facts",
    "ssa_washout",
    "sstr_status",
]

# --- regimen (label section 2) ----------------------------------------------------------------

STANDARD_ACTIVITY_GBQ = 7.4
"""7.4 GBq (200 mCi) per dose (label 2.2)."""
REDUCED_ACTIVITY_GBQ = 3.7
"""3.7 GBq (100 mCi) after a dose-limiting adverse reaction (label 2.4)."""
DOSES_PER_COURSE = 4
DOSE_INTERVAL = timedelta(weeks=8)
DOSE_INTERVAL_TOLERANCE = timedelta(weeks=1)
AMINO_ACIDS = (
    "Amino acid solution with L-lysine and L-arginine (2.5 % each): start 30 minutes before "
    "Lutathera and continue during and after the infusion, 4 hours in total; give antiemetic "
    "premedication."
)
LONG_ACTING_SSA_WASHOUT = timedelta(weeks=4)
"""Stop long-acting SSAs at least 4 weeks before each dose (label 2.3)."""
SHORT_ACTING_SSA_WASHOUT = timedelta(hours=24)
"""Short-acting octreotide allowed until 24 hours before each dose (label 2.3)."""
OCTREOTIDE_LAR_AFTER_DOSE = (timedelta(hours=4), timedelta(hours=24))
"""Octreotide LAR 30 mg 4-24 hours after each dose (label 2.3)."""
OCTREOTIDE_LAR_MG = 30
MAX_TOXICITY_DELAY = timedelta(weeks=16)
"""A toxicity delay of 16 weeks or more means permanent discontinuation (label 2.4)."""
ANEMIA_NEUTROPENIA_RESUME_MAX_GRADE = 1
"""REFERENCE §5 (and the 2018 label): resume when anemia/neutropenia is back to grade 0-1.
The label table as summarised in AJR 2023 says grade 0-2: netcare keeps the stricter value
and reports the discrepancy in `DoseDecision.uncertain`."""
OTHER_RESUME_MAX_GRADE = 2
"""Other grade 3-4 reactions: resume after resolution to grade 0-2 (label table; REFERENCE
is silent on the grade)."""


# --- eligibility ------------------------------------------------------------------------------


class Status(StrEnum):
    """Outcome of one criterion: missing input is UNKNOWN, never a guess."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Program(StrEnum):
    """The rule set a criterion belongs to."""

    LABEL = "label"
    NETTER1 = "netter1"
    NETTER2 = "netter2"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One eligibility criterion and where it comes from."""

    key: str
    program: Program
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """A criterion with its status for one patient."""

    criterion: Criterion
    status: Status


_LABEL_SRC = sources.LUTATHERA_LABEL
_N1_SRC = sources.NETTER1_TRIAL
_N2_SRC = sources.NETTER2_TRIAL

LABEL_MIN_AGE_YEARS = 12
NETTER1_KI67_MAX = 20.0
NETTER1_MIN_CRCL_ML_MIN = 50.0
NETTER1_MIN_HEMOGLOBIN_G_DL = 8.0
NETTER1_MIN_WBC_10E9_L = 2.0
NETTER1_MIN_PLATELETS_10E9_L = 75.0
NETTER1_MIN_KARNOFSKY = 60
NETTER1_MAX_BILIRUBIN_X_ULN = 3.0
NETTER1_MIN_ALBUMIN_G_L = 30.0
NETTER1_MIN_AGE_YEARS = 18
NETTER1_MIN_KRENNING = 2
NETTER2_KI67_RANGE = (10.0, 55.0)
NETTER2_MIN_KRENNING = 3
NETTER2_MIN_AGE_YEARS = 15

CRITERIA: tuple[Criterion, ...] = (
    Criterion("label_sstr_positive", Program.LABEL, "SSTR-positive tumour", _LABEL_SRC),
    Criterion("label_gep_net", Program.LABEL, "gastroenteropancreatic NET", _LABEL_SRC),
    Criterion(
        "label_age",
        Program.LABEL,
        f"age >= {LABEL_MIN_AGE_YEARS} years (US 4/2024; EU SmPC: adults)",
        _LABEL_SRC,
    ),
    Criterion("n1_well_differentiated", Program.NETTER1, "well-differentiated NET", _N1_SRC),
    Criterion("n1_midgut", Program.NETTER1, "midgut primary", _N1_SRC),
    Criterion("n1_ki67", Program.NETTER1, f"Ki-67 <= {NETTER1_KI67_MAX:g} %", _N1_SRC),
    Criterion("n1_progression_on_lar", Program.NETTER1, "progression on octreotide LAR", _N1_SRC),
    Criterion(
        "n1_uptake",
        Program.NETTER1,
        "uptake >= liver in all target lesions (Krenning >= 2)",
        _N1_SRC,
    ),
    Criterion(
        "n1_creatinine_clearance",
        Program.NETTER1,
        f"creatinine clearance >= {NETTER1_MIN_CRCL_ML_MIN:g} mL/min",
        _N1_SRC,
    ),
    Criterion(
        "n1_hemoglobin",
        Program.NETTER1,
        f"hemoglobin >= {NETTER1_MIN_HEMOGLOBIN_G_DL:g} g/dL",
        _N1_SRC + "; protocol value, verify",
    ),
    Criterion(
        "n1_wbc",
        Program.NETTER1,
        f"white cells >= {NETTER1_MIN_WBC_10E9_L:g} x10^9/L",
        _N1_SRC + "; protocol value, verify",
    ),
    Criterion(
        "n1_platelets",
        Program.NETTER1,
        f"platelets >= {NETTER1_MIN_PLATELETS_10E9_L:g} x10^9/L",
        _N1_SRC + "; protocol value, verify",
    ),
    Criterion(
        "n1_bilirubin",
        Program.NETTER1,
        f"total bilirubin <= {NETTER1_MAX_BILIRUBIN_X_ULN:g} x ULN",
        _N1_SRC + "; protocol value, verify",
    ),
    Criterion(
        "n1_albumin",
        Program.NETTER1,
        f"albumin >= {NETTER1_MIN_ALBUMIN_G_L:g} g/L (the protocol allowed lower with a normal "
        "prothrombin time; netcare does not)",
        _N1_SRC + "; protocol value, verify",
    ),
    Criterion("n1_karnofsky", Program.NETTER1, f"Karnofsky >= {NETTER1_MIN_KARNOFSKY}", _N1_SRC),
    Criterion("n1_age", Program.NETTER1, f"age >= {NETTER1_MIN_AGE_YEARS} years", _N1_SRC),
    Criterion("n2_well_differentiated", Program.NETTER2, "well-differentiated NET", _N2_SRC),
    Criterion("n2_gep_net", Program.NETTER2, "gastroenteropancreatic NET", _N2_SRC),
    Criterion(
        "n2_ki67",
        Program.NETTER2,
        f"Ki-67 >= {NETTER2_KI67_RANGE[0]:g} % and <= {NETTER2_KI67_RANGE[1]:g} % (G2/G3)",
        _N2_SRC,
    ),
    Criterion(
        "n2_first_line",
        Program.NETTER2,
        "first line: newly diagnosed, no progression on prior treatment",
        _N2_SRC,
    ),
    Criterion(
        "n2_uptake", Program.NETTER2, "uptake > liver in all target lesions (score 3-4)", _N2_SRC
    ),
    Criterion("n2_age", Program.NETTER2, f"age >= {NETTER2_MIN_AGE_YEARS} years", _N2_SRC),
)

# Results are immutable, so each (criterion, status) pair is built once: assessing a patient
# only picks them (the benchmark assesses 10^6 patients).
_PREBUILT = tuple(
    (
        CriterionResult(c, Status.MET),
        CriterionResult(c, Status.NOT_MET),
        CriterionResult(c, Status.UNKNOWN),
    )
    for c in CRITERIA
)


@dataclass(frozen=True, slots=True)
class PRRTFacts:
    """What is known about a patient for PRRT eligibility; None means not known (REFERENCE §5).

    Raises:
        ClinicalInputError: a value out of range (the field is named).
    """

    age_years: float | None = None
    gep_net: bool | None = None
    sstr_positive: bool | None = None
    differentiation: Differentiation | None = None
    midgut: bool | None = None
    ki67_percent: float | None = None
    progression_on_octreotide_lar: bool | None = None
    min_target_krenning: int | None = None
    creatinine_clearance_ml_min: float | None = None
    hemoglobin_g_dl: float | None = None
    wbc_10e9_per_l: float | None = None
    platelets_10e9_per_l: float | None = None
    bilirubin_x_uln: float | None = None
    albumin_g_l: float | None = None
    karnofsky: int | None = None
    first_line: bool | None = None

    def __post_init__(self) -> None:
        # Hot path (10^6 patients per benchmark): plain comparisons first, the descriptive
        # checker only for values that fail them.
        for name, low, high in _FACT_BOUNDS:
            value = getattr(self, name)
            if value is not None and (
                type(value) not in _PLAIN_NUMBERS or not low <= value <= high
            ):
                check_number(name, value, minimum=low, maximum=high)
        for name in _FACT_FLAGS:
            value = getattr(self, name)
            if value is not None and value is not True and value is not False:
                raise ClinicalInputError(name, f"must be true, false or None, got {value!r}")
        if self.differentiation is not None and not isinstance(
            self.differentiation, Differentiation
        ):
            raise ClinicalInputError(
                "differentiation", f"must be well or poor, got {self.differentiation!r}"
            )


_PLAIN_NUMBERS = (int, float)
_FACT_BOUNDS = (
    ("age_years", 0, 130),
    ("ki67_percent", 0, 100),
    ("min_target_krenning", 0, 4),
    ("creatinine_clearance_ml_min", 0, 500),
    ("hemoglobin_g_dl", 0, 30),
    ("wbc_10e9_per_l", 0, 500),
    ("platelets_10e9_per_l", 0, 5000),
    ("bilirubin_x_uln", 0, 100),
    ("albumin_g_l", 0, 100),
    ("karnofsky", 0, 100),
)
_FACT_FLAGS = ("gep_net", "sstr_positive", "midgut", "progression_on_octreotide_lar", "first_line")


# --- facts from a patient snapshot (REFERENCE §5) --------------------------------------------

#: Gastroenteropancreatic sites: the PRRT label indication (REFERENCE §5).
GEP_SITES = frozenset(
    {
        Site.STOMACH,
        Site.DUODENUM_AMPULLA,
        Site.JEJUNUM_ILEUM,
        Site.APPENDIX,
        Site.COLON_RECTUM,
        Site.PANCREAS,
    }
)
#: Midgut by primary site (NETTER-1 population, REFERENCE §5); colon/rectum depends on the
#: segment (unknown); any other site is not midgut.
MIDGUT_BY_SITE: dict[Site, bool | None] = {
    Site.JEJUNUM_ILEUM: True,
    Site.APPENDIX: True,
    Site.COLON_RECTUM: None,
}

FactValue = bool | int | float | Differentiation | None


@dataclass(frozen=True, slots=True)
class SourcedFact:
    """One :class:`PRRTFacts` field with the snapshot inputs it was read from (REFERENCE §5).

    Attributes:
        name: the :class:`PRRTFacts` field.
        value: its value; None when unknown.
        inputs: the snapshot fields it was read from ("tumor." for the tumor given,
            "first_line" for the argument); ``()`` when the value is unknown.
    """

    name: str
    value: FactValue
    inputs: tuple[str, ...]


def sstr_status(sstr: SstrImaging) -> bool | None:
    """SSTR status for PRRT (REFERENCE §4, §5): the reader's call, else Krenning score >= 2
    (`NETTER1_MIN_KRENNING`, uptake at least that of the liver), else None (unknown).

    Raises:
        ClinicalInputError: `sstr` is not an :class:`~netcare.clinical.snapshot.SstrImaging`.
    """
    if not isinstance(sstr, SstrImaging):
        raise ClinicalInputError("sstr", f"must be SstrImaging, got {type(sstr).__name__}")
    if sstr.positive is not None:
        return sstr.positive
    if sstr.krenning_score is not None:
        return sstr.krenning_score >= NETTER1_MIN_KRENNING
    return None


def _differentiation(tumor: TumorFacts) -> Differentiation | None:
    """Reported differentiation; unreported in a WHO-category NET: well (REFERENCE §1, a NET is
    well differentiated by definition)."""
    if tumor.differentiation is None and tumor.category is Category.NET:
        return Differentiation.WELL
    return tumor.differentiation


def _check_inputs(snapshot: object, tumor: object) -> None:
    if not isinstance(snapshot, PatientSnapshot):
        raise ClinicalInputError(
            "snapshot", f"must be PatientSnapshot, got {type(snapshot).__name__}"
        )
    if tumor is not None and not isinstance(tumor, TumorFacts):
        raise ClinicalInputError("tumor", f"must be TumorFacts or None, got {type(tumor).__name__}")


def facts_from_snapshot(
    snapshot: PatientSnapshot, tumor: TumorFacts | None, *, first_line: bool | None
) -> PRRTFacts:
    """The PRRT eligibility facts of a patient snapshot, for :func:`assess_eligibility`
    (REFERENCE §5; SSTR status §4, differentiation §1).

    Args:
        snapshot: the patient's clinical state (age, SSTR imaging, progression on a
            somatostatin analog, labs, Karnofsky).
        tumor: the tumor judged (site, differentiation, Ki-67); usually ``snapshot.tumors[0]``,
            the index tumor. None: its facts are unknown.
        first_line: PRRT would be first-line treatment (NETTER-2); None when unknown.

    Rules:
        * gastroenteropancreatic: the site is in `GEP_SITES`; midgut: `MIDGUT_BY_SITE`, any
          other site False; both None when the site is unknown;
        * SSTR-positive: :func:`sstr_status`;
        * differentiation: as reported, else well for a WHO-category NET, else None;
        * lowest target-lesion Krenning score: the snapshot's lowest target-lesion score
          (``sstr.lowest_krenning_score``; NETTER-1 needs uptake >= liver in all target
          lesions, REFERENCE §4, §5); None (unknown) when not recorded, never the scan's
          highest score (``sstr.krenning_score``), which says nothing about the other lesions.

    Raises:
        ClinicalInputError: `snapshot` or `tumor` of the wrong type, or a value PRRTFacts
            refuses (the field is named).
    """
    _check_inputs(snapshot, tumor)
    labs = snapshot.labs
    site = None if tumor is None else tumor.site
    return PRRTFacts(
        age_years=snapshot.age,
        gep_net=None if site is None else site in GEP_SITES,
        sstr_positive=sstr_status(snapshot.sstr),
        differentiation=None if tumor is None else _differentiation(tumor),
        midgut=None if site is None else MIDGUT_BY_SITE.get(site, False),
        ki67_percent=None if tumor is None else tumor.ki67_percent,
        progression_on_octreotide_lar=snapshot.progression_on_ssa,
        min_target_krenning=snapshot.sstr.lowest_krenning_score,
        creatinine_clearance_ml_min=labs.creatinine_clearance_ml_min,
        hemoglobin_g_dl=labs.hemoglobin_g_dl,
        wbc_10e9_per_l=labs.wbc_10e9_l,
        platelets_10e9_per_l=labs.platelets_10e9_l,
        bilirubin_x_uln=labs.bilirubin_x_uln,
        albumin_g_l=labs.albumin_g_l,
        karnofsky=snapshot.performance.karnofsky,
        first_line=first_line,
    )


# PRRTFacts field -> the snapshot field it is read from (see facts_from_snapshot).
_FACT_INPUTS: dict[str, str] = {
    "age_years": "age",
    "gep_net": "tumor.site",
    "midgut": "tumor.site",
    "ki67_percent": "tumor.ki67_percent",
    "progression_on_octreotide_lar": "progression_on_ssa",
    "min_target_krenning": "sstr.lowest_krenning_score",
    "creatinine_clearance_ml_min": "labs.creatinine_clearance_ml_min",
    "hemoglobin_g_dl": "labs.hemoglobin_g_dl",
    "wbc_10e9_per_l": "labs.wbc_10e9_l",
    "platelets_10e9_per_l": "labs.platelets_10e9_l",
    "bilirubin_x_uln": "labs.bilirubin_x_uln",
    "albumin_g_l": "labs.albumin_g_l",
    "karnofsky": "performance.karnofsky",
    "first_line": "first_line",
}


def sourced_facts(
    snapshot: PatientSnapshot, tumor: TumorFacts | None, *, first_line: bool | None
) -> tuple[SourcedFact, ...]:
    """Every :class:`PRRTFacts` field from :func:`facts_from_snapshot`, in field order, with
    the snapshot inputs it was read from, so that a form can show where each value came from
    (REFERENCE §5).

    SSTR-positive names ``sstr.positive`` (the reader's call) or ``sstr.krenning_score``;
    differentiation names ``tumor.differentiation`` or ``tumor.category`` (a NET).

    Raises:
        ClinicalInputError: as :func:`facts_from_snapshot`.
    """
    facts = facts_from_snapshot(snapshot, tumor, first_line=first_line)
    derived = {
        "sstr_positive": (
            "sstr.positive" if snapshot.sstr.positive is not None else "sstr.krenning_score"
        ),
        "differentiation": (
            "tumor.differentiation"
            if tumor is not None and tumor.differentiation is not None
            else "tumor.category"
        ),
    }
    out = []
    for spec in fields(PRRTFacts):
        name = spec.name
        value: FactValue = getattr(facts, name)
        source = derived.get(name) or _FACT_INPUTS[name]
        out.append(SourcedFact(name, value, () if value is None else (source,)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PRRTEligibility:
    """Per-criterion results and the overall status per program (REFERENCE §5).

    A program is NOT_MET if any criterion is not met, else UNKNOWN if any is unknown, else MET.
    `conditions` holds each criterion's outcome in the order of `CRITERIA` (True met, False not
    met, None unknown); `criteria` turns them into results on demand.
    """

    label: Status
    netter1: Status
    netter2: Status
    conditions: tuple[bool | None, ...] = field(repr=False)
    uncertain: tuple[str, ...]

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Every criterion with its status, in the order of `CRITERIA`."""
        return tuple(
            prebuilt[2] if condition is None else prebuilt[0] if condition else prebuilt[1]
            for prebuilt, condition in zip(_PREBUILT, self.conditions, strict=True)
        )

    def by_key(self, key: str) -> CriterionResult:
        """The result of criterion `key` (KeyError if there is none)."""
        for result in self.criteria:
            if result.criterion.key == key:
                return result
        raise KeyError(key)


_ELIGIBILITY_UNCERTAIN = (
    "NETTER-1 blood-count and liver thresholds (hemoglobin 8 g/dL, white cells 2x10^9/L, "
    "platelets 75x10^9/L, bilirubin 3 x ULN, albumin 30 g/L) are the commonly cited protocol "
    "values; not confirmed in the sources checked.",
    "Trial criteria describe who was studied, not a prescribing rule; the label requires only "
    "SSTR-positive GEP-NET.",
)


def _overall(conditions: tuple[bool | None, ...]) -> Status:
    if False in conditions:
        return Status.NOT_MET
    if None in conditions:
        return Status.UNKNOWN
    return Status.MET


def assess_eligibility(facts: PRRTFacts) -> PRRTEligibility:
    """Assess PRRT eligibility against the label, NETTER-1 and NETTER-2 (REFERENCE §5).

    Every criterion is MET, NOT_MET or UNKNOWN (input missing). Runs in about a microsecond:
    per-criterion results are prebuilt and picked only when `criteria` is read.
    """
    f = facts
    well = None if f.differentiation is None else f.differentiation is Differentiation.WELL
    age = f.age_years
    ki67 = f.ki67_percent
    krenning = f.min_target_krenning
    crcl = f.creatinine_clearance_ml_min
    hb = f.hemoglobin_g_dl
    wbc = f.wbc_10e9_per_l
    plt = f.platelets_10e9_per_l
    bili = f.bilirubin_x_uln
    alb = f.albumin_g_l
    kps = f.karnofsky
    low, high = NETTER2_KI67_RANGE
    label = (
        f.sstr_positive,
        f.gep_net,
        None if age is None else age >= LABEL_MIN_AGE_YEARS,
    )
    netter1 = (
        well,
        f.midgut,
        None if ki67 is None else ki67 <= NETTER1_KI67_MAX,
        f.progression_on_octreotide_lar,
        None if krenning is None else krenning >= NETTER1_MIN_KRENNING,
        None if crcl is None else crcl >= NETTER1_MIN_CRCL_ML_MIN,
        None if hb is None else hb >= NETTER1_MIN_HEMOGLOBIN_G_DL,
        None if wbc is None else wbc >= NETTER1_MIN_WBC_10E9_L,
        None if plt is None else plt >= NETTER1_MIN_PLATELETS_10E9_L,
        None if bili is None else bili <= NETTER1_MAX_BILIRUBIN_X_ULN,
        None if alb is None else alb >= NETTER1_MIN_ALBUMIN_G_L,
        None if kps is None else kps >= NETTER1_MIN_KARNOFSKY,
        None if age is None else age >= NETTER1_MIN_AGE_YEARS,
    )
    netter2 = (
        well,
        f.gep_net,
        None if ki67 is None else low <= ki67 <= high,
        f.first_line,
        None if krenning is None else krenning >= NETTER2_MIN_KRENNING,
        None if age is None else age >= NETTER2_MIN_AGE_YEARS,
    )
    return PRRTEligibility(
        _overall(label),
        _overall(netter1),
        _overall(netter2),
        label + netter1 + netter2,
        _ELIGIBILITY_UNCERTAIN,
    )


# --- dose modification (label section 2.4, Table 1) -------------------------------------------


class Toxicity(StrEnum):
    """Adverse-reaction classes of the label's dose-modification table."""

    THROMBOCYTOPENIA = "thrombocytopenia"
    ANEMIA = "anemia"
    NEUTROPENIA = "neutropenia"
    RENAL = "renal"
    HEPATIC = "hepatic"
    OTHER = "other"


class DoseAction(StrEnum):
    """What to do with the next Lutathera dose."""

    GIVE_FULL = "give_full"
    GIVE_REDUCED = "give_reduced"
    WITHHOLD = "withhold"
    DISCONTINUE = "discontinue"


_RULES: dict[Toxicity, str] = {
    Toxicity.THROMBOCYTOPENIA: "label 2.4: thrombocytopenia grade 2-4 -> withhold until grade "
    "0-1, resume at 3.7 GBq; recurrence -> discontinue",
    Toxicity.ANEMIA: "label 2.4: anemia grade 3-4 -> withhold until resolved, resume at 3.7 GBq; "
    "recurrence -> discontinue",
    Toxicity.NEUTROPENIA: "label 2.4: neutropenia grade 3-4 -> withhold until resolved, resume "
    "at 3.7 GBq; recurrence -> discontinue",
    Toxicity.RENAL: "label 2.4: renal toxicity (CrCl < 40 mL/min, or creatinine +40 %, or CrCl "
    "-40 % from baseline) -> withhold until resolution or baseline, resume at 3.7 GBq; "
    "recurrence -> discontinue",
    Toxicity.HEPATIC: "label 2.4: hepatotoxicity (bilirubin > 3x ULN, or albumin < 30 g/L with "
    "prothrombin ratio < 70 %) -> withhold until resolution or baseline, resume at 3.7 GBq; "
    "recurrence -> discontinue",
    Toxicity.OTHER: "label 2.4: other grade 3-4 reaction -> withhold until grade 0-2, resume at "
    "3.7 GBq; recurrence -> discontinue",
}
_RULE_DELAY = "label 2.4: a toxicity delay of 16 weeks or more -> discontinue permanently"
_RULE_BACK_TO_FULL = "label 2.4: no recurrence after the reduced dose -> 7.4 GBq for next dose"
_RULE_STANDARD = "label 2.2: 7.4 GBq every 8 weeks (+/- 1 week), 4 doses"
_RULE_MISSING = "netcare: no dose without the values the label's table needs"

_RENAL_CRCL_MIN = 40.0
_RELATIVE_CHANGE_PERCENT = 40.0
_BILIRUBIN_MAX_X_ULN = 3.0
_ALBUMIN_MIN_G_L = 30.0
_PROTHROMBIN_MIN_PERCENT = 70.0


@dataclass(frozen=True, slots=True)
class ToxicityFacts:
    """Toxicity before the next dose, and the course history (REFERENCE §5; label 2.4).

    Grades are CTCAE 0-4. Creatinine values may be in any unit (only their ratio is used).
    `withheld_for`: toxicities for which the next dose is currently being withheld.
    `reduced_for`: toxicities that already led to a 3.7 GBq restart (a recurrence of one of
    them means discontinuation). `last_dose_reduced`: the previous dose was 3.7 GBq.
    `delay_weeks`: how long the next dose has been delayed by toxicity.

    Raises:
        ClinicalInputError: a value out of range (the field is named).
    """

    thrombocytopenia_grade: int | None = None
    anemia_grade: int | None = None
    neutropenia_grade: int | None = None
    creatinine_clearance_ml_min: float | None = None
    baseline_creatinine_clearance_ml_min: float | None = None
    creatinine: float | None = None
    baseline_creatinine: float | None = None
    bilirubin_x_uln: float | None = None
    albumin_g_l: float | None = None
    prothrombin_ratio_percent: float | None = None
    other_grade: int | None = None
    withheld_for: frozenset[Toxicity] = field(default_factory=frozenset)
    reduced_for: frozenset[Toxicity] = field(default_factory=frozenset)
    last_dose_reduced: bool = False
    delay_weeks: float = 0.0

    def __post_init__(self) -> None:
        for name in ("thrombocytopenia_grade", "anemia_grade", "neutropenia_grade", "other_grade"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or value not in (0, 1, 2, 3, 4)):
                raise ClinicalInputError(name, f"must be a CTCAE grade 0-4, got {value!r}")
        check_optional_number(
            "creatinine_clearance_ml_min", self.creatinine_clearance_ml_min, minimum=0, maximum=500
        )
        check_optional_number(
            "baseline_creatinine_clearance_ml_min",
            self.baseline_creatinine_clearance_ml_min,
            minimum=1e-9,
            maximum=500,
        )
        check_optional_number("creatinine", self.creatinine, minimum=0, maximum=10_000)
        check_optional_number(
            "baseline_creatinine", self.baseline_creatinine, minimum=1e-9, maximum=10_000
        )
        check_optional_number("bilirubin_x_uln", self.bilirubin_x_uln, minimum=0, maximum=100)
        check_optional_number("albumin_g_l", self.albumin_g_l, minimum=0, maximum=100)
        check_optional_number(
            "prothrombin_ratio_percent", self.prothrombin_ratio_percent, minimum=0, maximum=200
        )
        check_number("delay_weeks", self.delay_weeks, minimum=0.0, maximum=520.0)
        for name in ("withheld_for", "reduced_for"):
            value = getattr(self, name)
            if not isinstance(value, frozenset) or not all(isinstance(t, Toxicity) for t in value):
                raise ClinicalInputError(name, f"must be a set of toxicities, got {value!r}")
        if not isinstance(self.last_dose_reduced, bool):
            raise ClinicalInputError(
                "last_dose_reduced", f"must be true or false, got {self.last_dose_reduced!r}"
            )


@dataclass(frozen=True, slots=True)
class DoseDecision:
    """The action for the next dose, why, and the rules applied (REFERENCE §5)."""

    action: DoseAction
    activity_gbq: float | None
    toxicities: tuple[Toxicity, ...]
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    uncertain: tuple[str, ...]


def _percent_change(new: float, old: float) -> float:
    # Rounded so that 1.4 vs 1.0 is exactly a 40 % rise despite binary floating point.
    return round((new - old) / old * 100.0, 9)


def _grade_active(grade: int | None, trigger: int, resume_max: int, withheld: bool) -> bool:
    if grade is None:
        return False
    return grade > resume_max if withheld else grade >= trigger


def _active_toxicities(
    t: ToxicityFacts, missing: list[str], notes: list[str]
) -> dict[Toxicity, str]:
    active: dict[Toxicity, str] = {}
    for tox, grade, trigger, resume_max in (
        (Toxicity.THROMBOCYTOPENIA, t.thrombocytopenia_grade, 2, 1),
        (Toxicity.ANEMIA, t.anemia_grade, 3, ANEMIA_NEUTROPENIA_RESUME_MAX_GRADE),
        (Toxicity.NEUTROPENIA, t.neutropenia_grade, 3, ANEMIA_NEUTROPENIA_RESUME_MAX_GRADE),
        (Toxicity.OTHER, t.other_grade, 3, OTHER_RESUME_MAX_GRADE),
    ):
        if grade is None and tox is not Toxicity.OTHER:
            missing.append(f"{tox.value}_grade")
        elif _grade_active(grade, trigger, resume_max, tox in t.withheld_for):
            active[tox] = f"{tox.value} grade {grade}"

    renal: list[str] = []
    if t.creatinine_clearance_ml_min is None:
        missing.append("creatinine_clearance_ml_min")
    elif t.creatinine_clearance_ml_min < _RENAL_CRCL_MIN:
        renal.append(f"creatinine clearance {t.creatinine_clearance_ml_min:g} < 40 mL/min")
    if t.creatinine is not None and t.baseline_creatinine is not None:
        rise = _percent_change(t.creatinine, t.baseline_creatinine)
        if rise >= _RELATIVE_CHANGE_PERCENT:
            renal.append(f"creatinine {rise:.1f} % above baseline (>= 40 %)")
    else:
        notes.append("Creatinine rise from baseline not assessed (creatinine values missing).")
    if (
        t.creatinine_clearance_ml_min is not None
        and t.baseline_creatinine_clearance_ml_min is not None
    ):
        fall = -_percent_change(
            t.creatinine_clearance_ml_min, t.baseline_creatinine_clearance_ml_min
        )
        if fall >= _RELATIVE_CHANGE_PERCENT:
            renal.append(f"creatinine clearance {fall:.1f} % below baseline (>= 40 %)")
    else:
        notes.append("Creatinine clearance fall from baseline not assessed (values missing).")
    if renal:
        active[Toxicity.RENAL] = "; ".join(renal)

    hepatic: list[str] = []
    if t.bilirubin_x_uln is None:
        missing.append("bilirubin_x_uln")
    elif t.bilirubin_x_uln > _BILIRUBIN_MAX_X_ULN:
        hepatic.append(f"bilirubin {t.bilirubin_x_uln:g} x ULN > 3 x ULN")
    if t.albumin_g_l is None:
        missing.append("albumin_g_l")
    elif t.albumin_g_l < _ALBUMIN_MIN_G_L:
        if t.prothrombin_ratio_percent is None:
            missing.append("prothrombin_ratio_percent")
        elif t.prothrombin_ratio_percent < _PROTHROMBIN_MIN_PERCENT:
            hepatic.append(
                f"albumin {t.albumin_g_l:g} g/L < 30 with prothrombin ratio "
                f"{t.prothrombin_ratio_percent:g} % < 70 %"
            )
    if hepatic:
        active[Toxicity.HEPATIC] = "; ".join(hepatic)
    return active


_DOSE_UNCERTAIN = (
    "Anemia/neutropenia: netcare resumes at grade 0-1 (REFERENCE §5, 2018 label); the current "
    "label table as summarised in AJR 2023 allows grade 0-2. Verify against the full label.",
    "Renal and hepatic recovery means the criteria are no longer met; the label says "
    "'complete resolution or return to baseline'.",
)


def dose_modification(facts: ToxicityFacts) -> DoseDecision:
    """Decide the next Lutathera dose from the label's dose-modification table (REFERENCE §5).

    Order: a delay of >= 16 weeks discontinues; a toxicity that recurs after a 3.7 GBq restart
    discontinues; any current toxicity withholds; missing monitoring values withhold; after a
    withheld dose has recovered, give 3.7 GBq; after a reduced dose without recurrence, give
    7.4 GBq; otherwise 7.4 GBq.
    """
    missing: list[str] = []
    notes: list[str] = []
    active = _active_toxicities(facts, missing, notes)
    uncertain = _DOSE_UNCERTAIN + tuple(notes)
    toxicities = tuple(active)
    reasons = tuple(active.values())
    rules = tuple(_RULES[tox] for tox in active)
    if facts.delay_weeks * timedelta(weeks=1) >= MAX_TOXICITY_DELAY:
        return DoseDecision(
            DoseAction.DISCONTINUE,
            None,
            toxicities,
            (f"dose delayed {facts.delay_weeks:g} weeks (>= 16)", *reasons),
            (_RULE_DELAY, *rules),
            uncertain,
        )
    recurrent = tuple(tox for tox in active if tox in facts.reduced_for)
    if recurrent:
        return DoseDecision(
            DoseAction.DISCONTINUE,
            None,
            toxicities,
            tuple(f"recurrent after reduced dose: {active[tox]}" for tox in recurrent),
            tuple(_RULES[tox] for tox in recurrent),
            uncertain,
        )
    if active:
        return DoseDecision(DoseAction.WITHHOLD, None, toxicities, reasons, rules, uncertain)
    if missing:
        return DoseDecision(
            DoseAction.WITHHOLD,
            None,
            (),
            (f"missing: {', '.join(missing)}",),
            (_RULE_MISSING,),
            uncertain,
        )
    if facts.withheld_for:
        withheld = tuple(sorted(facts.withheld_for))
        return DoseDecision(
            DoseAction.GIVE_REDUCED,
            REDUCED_ACTIVITY_GBQ,
            withheld,
            tuple(f"{tox.value} resolved after withholding" for tox in withheld),
            tuple(_RULES[tox] for tox in withheld),
            uncertain,
        )
    if facts.last_dose_reduced:
        return DoseDecision(
            DoseAction.GIVE_FULL,
            STANDARD_ACTIVITY_GBQ,
            (),
            ("no recurrence after the reduced dose",),
            (_RULE_BACK_TO_FULL,),
            uncertain,
        )
    return DoseDecision(
        DoseAction.GIVE_FULL,
        STANDARD_ACTIVITY_GBQ,
        (),
        ("no dose-limiting toxicity",),
        (_RULE_STANDARD,),
        uncertain,
    )


# --- somatostatin analogue timing (label 2.3; NETSPOT label) ----------------------------------


@dataclass(frozen=True, slots=True)
class WashoutResult:
    """Earliest PRRT dose (and SSTR PET) time after somatostatin analogues (REFERENCE §4-5).

    `earliest` is None when no SSA was given (no constraint); `binding` names the SSA that
    sets it ("long_acting" or "short_acting").
    """

    earliest: datetime | None
    binding: str | None


def ssa_washout(
    last_long_acting: datetime | None, last_short_acting: datetime | None
) -> WashoutResult:
    """Earliest time for a Lutathera dose or Ga-68 DOTATATE PET after SSAs (REFERENCE §4-5).

    Long-acting: >= 4 weeks after the last injection (Lutathera label 2.3; for PET the NETSPOT
    label says image just before the next long-acting dose, i.e. about 4 weeks).
    Short-acting: >= 24 hours after the last dose. Both apply: the later one binds.

    Raises:
        ClinicalInputError: a naive datetime.
    """
    candidates: list[tuple[datetime, str]] = []
    if last_long_acting is not None:
        candidates.append(
            (
                check_aware("last_long_acting", last_long_acting) + LONG_ACTING_SSA_WASHOUT,
                "long_acting",
            )
        )
    if last_short_acting is not None:
        candidates.append(
            (
                check_aware("last_short_acting", last_short_acting) + SHORT_ACTING_SSA_WASHOUT,
                "short_acting",
            )
        )
    if not candidates:
        return WashoutResult(None, None)
    earliest, binding = max(candidates, key=lambda candidate: candidate[0])
    return WashoutResult(earliest, binding)


def octreotide_lar_window(infusion_end: datetime) -> tuple[datetime, datetime]:
    """When to give octreotide LAR 30 mg after a dose: 4-24 hours later (REFERENCE §5).

    Raises:
        ClinicalInputError: a naive datetime.
    """
    check_aware("infusion_end", infusion_end)
    return infusion_end + OCTREOTIDE_LAR_AFTER_DOSE[0], infusion_end + OCTREOTIDE_LAR_AFTER_DOSE[1]


# --- calculators ------------------------------------------------------------------------------


def _optional_int(inputs: Mapping[str, Any], name: str, maximum: float) -> int | None:
    value = read_number(inputs, name, minimum=0.0, maximum=maximum, required=False)
    if value is None:
        return None
    if not value.is_integer():
        raise ClinicalInputError(name, f"must be a whole number 0-{maximum:g}, got {value!r}")
    return int(value)


@register("prrt_eligibility")
def _prrt_eligibility(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`prrt_eligibility`: the PRRTFacts fields (all optional) -> label, netter1, netter2,
    criteria [{key, program, description, source, status}], uncertain."""
    facts = PRRTFacts(
        age_years=read_number(inputs, "age_years", minimum=0, maximum=130, required=False),
        gep_net=read_bool(inputs, "gep_net"),
        sstr_positive=read_bool(inputs, "sstr_positive"),
        differentiation=read_choice(inputs, "differentiation", Differentiation, required=False),
        midgut=read_bool(inputs, "midgut"),
        ki67_percent=read_number(inputs, "ki67_percent", minimum=0, maximum=100, required=False),
        progression_on_octreotide_lar=read_bool(inputs, "progression_on_octreotide_lar"),
        min_target_krenning=_optional_int(inputs, "min_target_krenning", 4),
        creatinine_clearance_ml_min=read_number(
            inputs, "creatinine_clearance_ml_min", minimum=0, maximum=500, required=False
        ),
        hemoglobin_g_dl=read_number(
            inputs, "hemoglobin_g_dl", minimum=0, maximum=30, required=False
        ),
        wbc_10e9_per_l=read_number(
            inputs, "wbc_10e9_per_l", minimum=0, maximum=500, required=False
        ),
        platelets_10e9_per_l=read_number(
            inputs, "platelets_10e9_per_l", minimum=0, maximum=5000, required=False
        ),
        bilirubin_x_uln=read_number(
            inputs, "bilirubin_x_uln", minimum=0, maximum=100, required=False
        ),
        albumin_g_l=read_number(inputs, "albumin_g_l", minimum=0, maximum=100, required=False),
        karnofsky=_optional_int(inputs, "karnofsky", 100),
        first_line=read_bool(inputs, "first_line"),
    )
    result = assess_eligibility(facts)
    return {
        "label": result.label.value,
        "netter1": result.netter1.value,
        "netter2": result.netter2.value,
        "criteria": [
            {
                "key": r.criterion.key,
                "program": r.criterion.program.value,
                "description": r.criterion.description,
                "source": r.criterion.source,
                "status": r.status.value,
            }
            for r in result.criteria
        ],
        "uncertain": list(result.uncertain),
    }


def _toxicity_set(inputs: Mapping[str, Any], name: str) -> frozenset[Toxicity]:
    values = inputs.get(name) or []
    if not isinstance(values, list | tuple):
        raise ClinicalInputError(name, f"must be a list of toxicities, got {values!r}")
    allowed = ", ".join(t.value for t in Toxicity)
    try:
        return frozenset(Toxicity(v) for v in values)
    except ValueError:
        raise ClinicalInputError(name, f"items must be among {allowed}, got {values!r}") from None


@register("prrt_dose_modification")
def _prrt_dose_modification(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`prrt_dose_modification`: the ToxicityFacts fields -> action, activity_gbq, toxicities,
    reasons, rules, uncertain. `withheld_for` / `reduced_for` are lists of toxicity names."""
    facts = ToxicityFacts(
        thrombocytopenia_grade=_optional_int(inputs, "thrombocytopenia_grade", 4),
        anemia_grade=_optional_int(inputs, "anemia_grade", 4),
        neutropenia_grade=_optional_int(inputs, "neutropenia_grade", 4),
        creatinine_clearance_ml_min=read_number(
            inputs, "creatinine_clearance_ml_min", minimum=0, maximum=500, required=False
        ),
        baseline_creatinine_clearance_ml_min=read_number(
            inputs,
            "baseline_creatinine_clearance_ml_min",
            minimum=1e-9,
            maximum=500,
            required=False,
        ),
        creatinine=read_number(inputs, "creatinine", minimum=0, maximum=10_000, required=False),
        baseline_creatinine=read_number(
            inputs, "baseline_creatinine", minimum=1e-9, maximum=10_000, required=False
        ),
        bilirubin_x_uln=read_number(
            inputs, "bilirubin_x_uln", minimum=0, maximum=100, required=False
        ),
        albumin_g_l=read_number(inputs, "albumin_g_l", minimum=0, maximum=100, required=False),
        prothrombin_ratio_percent=read_number(
            inputs, "prothrombin_ratio_percent", minimum=0, maximum=200, required=False
        ),
        other_grade=_optional_int(inputs, "other_grade", 4),
        withheld_for=_toxicity_set(inputs, "withheld_for"),
        reduced_for=_toxicity_set(inputs, "reduced_for"),
        last_dose_reduced=read_bool(inputs, "last_dose_reduced") is True,
        delay_weeks=read_number(inputs, "delay_weeks", minimum=0, maximum=520, required=False)
        or 0.0,
    )
    decision = dose_modification(facts)
    return {
        "action": decision.action.value,
        "activity_gbq": decision.activity_gbq,
        "toxicities": [t.value for t in decision.toxicities],
        "reasons": list(decision.reasons),
        "rules": list(decision.rules),
        "uncertain": list(decision.uncertain),
    }


@register("ssa_washout")
def _ssa_washout(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`ssa_washout`: last_long_acting, last_short_acting (ISO 8601 with offset, optional) ->
    earliest_prrt, earliest_pet (ISO or null), binding."""
    result = ssa_washout(
        read_datetime(inputs, "last_long_acting"), read_datetime(inputs, "last_short_acting")
    )
    earliest = None if result.earliest is None else result.earliest.isoformat()
    return {"earliest_prrt": earliest, "earliest_pet": earliest, "binding": result.binding}
