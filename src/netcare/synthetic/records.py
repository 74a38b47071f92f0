"""Plain, immutable records of one synthetic patient's history.

Per-patient records are frozen slotted dataclasses; the high-volume ones (:class:`Event`,
:class:`Lesion`) are NamedTuples for speed. Dates are :class:`datetime.date` (calendar dates, no
time zone: a loader that needs a datetime should attach a fixed local time and convert to UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

__all__ = [
    "Demographics",
    "Event",
    "Lesion",
    "PatientHistory",
    "Referral",
    "TreatmentCourse",
    "Tumor",
    "VitalStatus",
]


@dataclass(frozen=True, slots=True)
class Demographics:
    """Fictional identity; names come from a built-in list, phone numbers from 555-0100..0199."""

    mrn: str  # "NC" + 7 digits of the patient index
    given_name: str
    family_name: str
    sex: str  # "female" | "male"
    birth_date: date
    phone: str  # "+1-202-555-01xx", reserved fictional range
    email: str  # "...@example.org"
    preferred_language: str  # BCP 47 code: en, es, zh, ko, hy, fa, vi, tl


@dataclass(frozen=True, slots=True)
class Referral:
    """How the patient came to the program."""

    date: date
    source: str  # "self" | "physician"
    referring_specialty: str | None  # None for self-referral
    symptoms: tuple[str, ...]  # codes of vocabulary.SYMPTOMS; empty when incidental
    incidental: bool  # found on imaging/endoscopy done for something else
    hereditary_syndrome: str | None  # code of vocabulary.HEREDITARY_SYNDROMES
    family_history_of_net: bool


class Lesion(NamedTuple):
    """One lesion on an imaging study (SUVmax only on Ga-68 DOTATATE / FDG PET, else None)."""

    location: str  # "primary" | "lymph_node" | "liver" | "bone" | "lung" | "peritoneum"
    size_mm: int
    suv_max: float | None


@dataclass(frozen=True, slots=True)
class Tumor:
    """The primary tumour at diagnosis with its pathology and AJCC 8th TNM.

    ``t``/``n``/``m``/``stage_group`` use the strings of REFERENCE §0; ``stage_group`` is None
    for lung (lung carcinoma TNM, not staged by netcare) and when not stageable (TX/NX, M0).
    ``n`` may be clinical (imaging) when ``nodes_examined`` is 0.
    """

    index: int
    primary_key: str  # key of config.PRIMARY_SITES, e.g. "rectum"
    site: str  # REFERENCE §0 site, or "unknown_primary"
    subsite: str | None  # colon|rectum|caecum for colon_rectum; duodenum|ampulla
    histology: str  # e.g. "well-differentiated NET", "typical carcinoid", "small cell carcinoma"
    size_cm: float | None  # None for unknown primary
    depth: str  # deepest invasion: a staging.Invasion value, "confined" (lung) or "unknown"
    multiplicity: int  # number of tumours in the organ (T is of the largest, "(m)")
    differentiation: str  # "well" | "poor"
    category: str  # "NET" | "NEC"
    grade: str | None  # "G1" | "G2" | "G3" | None for NEC
    ki67_percent: float
    mitoses_per_2mm2: int
    nodes_examined: int
    nodes_positive: int
    hepatic_metastases: bool
    extrahepatic_metastases: bool
    t: str
    n: str
    m: str
    stage_group: str | None
    seer_stage: str  # "localized" | "regional" | "distant"
    functional_syndrome: str | None  # "carcinoid_syndrome", "insulinoma", "gastrinoma", ...
    diagnosis_date: date
    #: jejunum/ileum N2 with fewer than 12 positive nodes: the mesenteric mass (cm) that makes it
    #: N2 (REFERENCE §2); None otherwise (not reported).
    mesenteric_mass_cm: float | None = None
    #: Lung/thymus only (REFERENCE §1, WHO thoracic): "none" for a typical carcinoid, whose
    #: category needs it stated; "" (not reported) elsewhere, where mitoses decide.
    necrosis: str = ""


class Event(NamedTuple):
    """One dated timeline entry. ``kind`` says which table it belongs to; see EVENT_KINDS.

    ``value``/``unit`` carry the measurement or dose: lab value and unit, Krenning score
    (unit "krenning") on SSTR PET, dose in mg for a drug, GBq for PRRT, Gy for radiation,
    Ki-67 % for pathology. ``tumor``/``course`` index into PatientHistory.tumors/courses (-1 none).
    """

    day: date
    kind: str
    code: str
    # "completed" | "planned": only the next follow-up visit with its CgA and imaging (after
    # TODAY), or a missed follow-up visit alone (before TODAY, overdue)
    status: str
    value: float | None = None
    unit: str = ""
    finding: str = ""
    tumor: int = -1
    course: int = -1
    lesions: tuple[Lesion, ...] = ()


@dataclass(frozen=True, slots=True)
class TreatmentCourse:
    """One treatment (a procedure, a drug course or a PRRT course); its doses are events."""

    index: int
    code: str  # vocabulary.TREATMENTS key
    agent: str  # human-readable agent/procedure, e.g. "octreotide LAR 30 mg IM"
    line: int  # 0 = curative/local or symptom control, 1.. = line of systemic therapy
    intent: str  # "curative" | "palliative" | "symptom_control" | "adjuvant"
    start: date
    end: date | None  # None while ongoing on TODAY
    interval_days: int | None  # 28 for SSA injections, 56 for PRRT, None for procedures/daily
    administrations: int  # number of dose/procedure events belonging to the course
    stop_reason: str  # completed|progression|death|ongoing|toxicity


@dataclass(frozen=True, slots=True)
class VitalStatus:
    """Alive on TODAY, or death date and cause."""

    alive: bool
    death_date: date | None
    cause_of_death: str | None  # "neuroendocrine_tumor" | "other" | None
    last_contact: date


@dataclass(frozen=True, slots=True)
class PatientHistory:
    """The whole synthetic history of one patient; ``events`` are sorted by day."""

    index: int
    demographics: Demographics
    referral: Referral
    tumors: tuple[Tumor, ...]
    carcinoid_syndrome: bool
    hereditary_syndrome: str | None
    courses: tuple[TreatmentCourse, ...]
    events: tuple[Event, ...]
    vital_status: VitalStatus
