"""The patient snapshot: the immutable clinical state of one patient at one moment.

A :class:`PatientSnapshot` is the one seam between the web layer and the rules core
(DESIGN "Layers"): the Django layer assembles it from the database, the rules
(:mod:`netcare.clinical.decision_support`) read it, and tumor board summaries are rendered from
a stored snapshot (:meth:`PatientSnapshot.to_dict` / :meth:`PatientSnapshot.from_dict`), so a
case shows what the board saw.

Conventions:

* ``None`` always means *unknown* (not recorded in the chart). Rules treat it as unknown, never as
  "no". An empty tuple means "recorded: none" (e.g. ``symptoms=()``).
* Vocabulary strings are those of REFERENCE section 0 (:mod:`netcare.clinical.vocabulary`).
* Every class validates itself on construction and raises
  :class:`~netcare.clinical.errors.ClinicalInputError` naming the field (dotted path from the
  snapshot, e.g. ``tumors[0].ki67_percent``, when built through ``from_dict``). An instance that
  exists is valid.
* ``tumors[0]`` is the index (primary) tumor; systemic options are judged on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import Any, ClassVar, Self

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import (
    Category,
    Differentiation,
    Grade,
    M,
    N,
    Site,
    Subsite,
    T,
)

__all__ = [
    "STAGE_GROUPS",
    "BestResponse",
    "Depth",
    "ExtrahepaticSite",
    "FunctionalSyndrome",
    "GastricType",
    "HereditaryFindings",
    "HereditarySyndrome",
    "Margin",
    "MarkerTrend",
    "Markers",
    "Metastases",
    "PatientSnapshot",
    "PerformanceStatus",
    "PrrtLabs",
    "Sex",
    "SstrImaging",
    "Symptom",
    "Treatment",
    "TreatmentKind",
    "TumorFacts",
]


# --------------------------------------------------------------------------------------------
# Vocabulary of the snapshot (strings are the stored JSON values)


class Sex(StrEnum):
    """Sex recorded in the chart."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Symptom(StrEnum):
    """Presenting symptoms that matter for NET workup (REFERENCE sections 3 and 8)."""

    #: intermittent abdominal pain, cramping, nausea or vomiting (obstruction, mesenteric fibrosis)
    ABDOMINAL_PAIN = "abdominal_pain"
    JAUNDICE = "jaundice"
    CONSTIPATION = "constipation"
    RECTAL_BLEEDING = "rectal_bleeding"
    FLUSHING = "flushing"
    FAST_HEARTBEAT = "fast_heartbeat"
    WHEEZING = "wheezing"
    HIGH_BLOOD_PRESSURE = "high_blood_pressure"
    #: high blood sugar or new diabetes (glucagonoma, somatostatinoma)
    HIGH_BLOOD_SUGAR = "high_blood_sugar"
    DIARRHEA = "diarrhea"


class FunctionalSyndrome(StrEnum):
    """Hormonal syndrome (REFERENCE section 3); ``NONE`` means non-functional, known."""

    NONE = "none"
    CARCINOID_SYNDROME = "carcinoid_syndrome"
    GASTRINOMA = "gastrinoma"
    INSULINOMA = "insulinoma"
    GLUCAGONOMA = "glucagonoma"
    VIPOMA = "vipoma"
    SOMATOSTATINOMA = "somatostatinoma"


class HereditarySyndrome(StrEnum):
    """Hereditary NET syndromes (REFERENCE section 6)."""

    MEN1 = "MEN1"
    NF1 = "NF1"
    TSC = "TSC"
    VHL = "VHL"
    FAMILIAL_SI_NET = "familial_si_net"


class GastricType(StrEnum):
    """Gastric NET type (REFERENCE section 7)."""

    TYPE_1 = "type_1"  # atrophic gastritis, high gastrin
    TYPE_2 = "type_2"  # gastrinoma / MEN1
    TYPE_3 = "type_3"  # sporadic


class Depth(StrEnum):
    """Deepest layer invaded by the primary (REFERENCE section 2 T definitions)."""

    MUCOSA = "mucosa"  # lamina propria
    SUBMUCOSA = "submucosa"
    MUSCULARIS_PROPRIA = "muscularis_propria"
    SUBSEROSA = "subserosa"
    SEROSA = "serosa"  # visceral peritoneum
    ADJACENT_ORGANS = "adjacent_organs"


class Margin(StrEnum):
    """Resection margin status."""

    NEGATIVE = "negative"  # R0
    POSITIVE = "positive"  # R1/R2


class ExtrahepaticSite(StrEnum):
    """Sites of extrahepatic distant metastasis (REFERENCE section 2, M1b)."""

    LUNG = "lung"
    BONE = "bone"
    PERITONEUM = "peritoneum"
    OVARY = "ovary"
    DISTANT_LYMPH_NODE = "distant_lymph_node"
    OTHER = "other"


class MarkerTrend(StrEnum):
    """Direction of one tumor marker, latest result against the previous one (REFERENCE
    section 3; the rule is `netcare.clinical.biomarkers.marker_trend`)."""

    RISING = "rising"
    STABLE = "stable"
    FALLING = "falling"


class TreatmentKind(StrEnum):
    """Kinds of treatment (REFERENCE sections 5, 7 and 8)."""

    EMR = "emr"  # endoscopic (mucosal/submucosal) resection
    SURGERY = "surgery"
    OCTREOTIDE_LAR = "octreotide_lar"
    LANREOTIDE = "lanreotide"
    OCTREOTIDE_SHORT_ACTING = "octreotide_short_acting"
    TELOTRISTAT = "telotristat"
    EVEROLIMUS = "everolimus"
    SUNITINIB = "sunitinib"
    CAPTEM = "captem"
    PLATINUM_ETOPOSIDE = "platinum_etoposide"
    PRRT = "prrt"
    LIVER_DIRECTED = "liver_directed"
    RADIATION = "radiation"
    HORMONE_THERAPY = "hormone_therapy"


class BestResponse(StrEnum):
    """Best response to a treatment (RECIST categories)."""

    COMPLETE_RESPONSE = "complete_response"
    PARTIAL_RESPONSE = "partial_response"
    STABLE_DISEASE = "stable_disease"
    PROGRESSIVE_DISEASE = "progressive_disease"


#: AJCC 8th stage groups accepted in `TumorFacts.stage` (REFERENCE section 2; lung TNM adds the
#: lung carcinoma groups).
STAGE_GROUPS = frozenset(
    {
        "0",
        "I",
        "IA",
        "IA1",
        "IA2",
        "IA3",
        "IB",
        "II",
        "IIA",
        "IIB",
        "III",
        "IIIA",
        "IIIB",
        "IIIC",
        "IV",
        "IVA",
        "IVB",
    }
)


# --------------------------------------------------------------------------------------------
# A tiny schema: one description per field drives type checks, from_dict and to_dict.


@dataclass(frozen=True, slots=True)
class _Field:
    """How one dataclass field is checked, parsed and dumped."""

    name: str
    kind: Any  # bool, int, float, str, date, an Enum subclass or a _Record subclass
    required: bool = False
    many: bool = False


def _kind_name(kind: Any) -> str:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "one of " + ", ".join(repr(member.value) for member in kind)
    return {bool: "true or false", int: "an integer", float: "a number", str: "text"}.get(
        kind, "an ISO date (YYYY-MM-DD)" if kind is date else f"an object ({kind.__name__})"
    )


def _is_kind(value: object, kind: Any) -> bool:
    """True when `value` is a valid Python value of `kind` (used on direct construction)."""
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    if kind is date:
        return type(value) is date
    return isinstance(value, kind)


def _check_types(record: _Record) -> None:
    for spec in record._FIELDS:
        value = getattr(record, spec.name)
        if value is None:
            if spec.required:
                raise ClinicalInputError(spec.name, "is required")
            continue
        if spec.many:
            if not isinstance(value, tuple):
                raise ClinicalInputError(spec.name, "must be a tuple")
            for index, item in enumerate(value):
                if not _is_kind(item, spec.kind):
                    raise ClinicalInputError(
                        f"{spec.name}[{index}]",
                        f"must be {_kind_name(spec.kind)}, got {item!r}",
                    )
            if issubclass(spec.kind, Enum) and len(set(value)) != len(value):
                raise ClinicalInputError(spec.name, "must not repeat an entry")
        elif not _is_kind(value, spec.kind):
            raise ClinicalInputError(spec.name, f"must be {_kind_name(spec.kind)}, got {value!r}")


def _parse_one(raw: object, kind: Any, path: str) -> object:
    """Parse one JSON value into `kind`; raise naming `path` when it does not fit."""
    if _is_record_kind(kind):
        if not isinstance(raw, dict):
            raise ClinicalInputError(path, f"must be {_kind_name(kind)}, got {raw!r}")
        return kind._from_dict(raw, path + ".")
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(raw)
        except ValueError:
            raise ClinicalInputError(path, f"must be {_kind_name(kind)}, got {raw!r}") from None
    if kind is date:
        if isinstance(raw, str) and len(raw) == 10:
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        raise ClinicalInputError(path, f"must be {_kind_name(kind)}, got {raw!r}")
    if not _is_kind(raw, kind):
        raise ClinicalInputError(path, f"must be {_kind_name(kind)}, got {raw!r}")
    return raw


def _dump_one(value: object) -> object:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Record:
    """Mixin for the snapshot's dataclasses: validation, ``to_dict`` and ``from_dict``."""

    __slots__ = ()
    _FIELDS: ClassVar[tuple[_Field, ...]]

    def __post_init__(self) -> None:
        _check_types(self)
        self._validate()

    def _validate(self) -> None:
        """Check ranges and consistency between fields (types are already checked)."""

    def to_dict(self) -> dict[str, object]:
        """A JSON-able dict (enums as their strings, dates as ISO strings, tuples as lists)."""
        out: dict[str, object] = {}
        for spec in self._FIELDS:
            value = getattr(self, spec.name)
            if spec.many and value is not None:
                out[spec.name] = [_dump_one(item) for item in value]
            else:
                out[spec.name] = None if value is None else _dump_one(value)
        return out

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Build from the output of :meth:`to_dict` (missing keys mean unknown).

        Raises:
            ClinicalInputError: unknown keys, wrong types or out-of-range values; the field
                is named by its dotted path (e.g. ``tumors[0].ki67_percent``).
        """
        if not isinstance(data, dict):
            raise ClinicalInputError(cls.__name__, f"must be an object, got {data!r}")
        return cls._from_dict(data, "")

    @classmethod
    def _from_dict(cls, data: dict[Any, Any], prefix: str) -> Self:
        known = {spec.name for spec in cls._FIELDS}
        for key in data:
            if key not in known:
                raise ClinicalInputError(f"{prefix}{key}", "is not a known field")
        values: dict[str, object] = {}
        for spec in cls._FIELDS:
            path = prefix + spec.name
            raw = data.get(spec.name)
            if raw is None:
                if spec.required and not spec.many and not _is_record_kind(spec.kind):
                    raise ClinicalInputError(path, "is required")
                continue  # the dataclass default: unknown, empty or an all-unknown part
            if spec.many:
                if not isinstance(raw, list | tuple):
                    raise ClinicalInputError(path, f"must be a list, got {raw!r}")
                values[spec.name] = tuple(
                    _parse_one(item, spec.kind, f"{path}[{index}]")
                    for index, item in enumerate(raw)
                )
            else:
                values[spec.name] = _parse_one(raw, spec.kind, path)
        try:
            return cls(**values)
        except ClinicalInputError as error:
            raise ClinicalInputError(prefix + error.field, error.detail) from None


def _is_record_kind(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, _Record)


def _range(name: str, value: float | None, low: float, high: float, unit: str = "") -> None:
    if value is not None and not low <= value <= high:
        raise ClinicalInputError(name, f"must be between {low:g} and {high:g}{unit}, got {value!r}")


def _not_negative(name: str, value: float | None) -> None:
    if value is not None and value < 0:
        raise ClinicalInputError(name, f"must be 0 or more, got {value!r}")


# --------------------------------------------------------------------------------------------
# The parts of a snapshot


@dataclass(frozen=True, slots=True)
class HereditaryFindings(_Record):
    """Known hereditary syndrome and family history (REFERENCE section 6).

    Attributes:
        known_syndrome: a confirmed syndrome in the patient; None = none known / not tested.
        family_history: NETs or a NET syndrome in first-degree relatives; None = not asked.
    """

    known_syndrome: HereditarySyndrome | None = None
    family_history: bool | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("known_syndrome", HereditarySyndrome),
        _Field("family_history", bool),
    )


@dataclass(frozen=True, slots=True)
class PerformanceStatus(_Record):
    """Performance status: Karnofsky (0-100, steps of 10) and/or ECOG (0-5).

    Attributes:
        assessed_on: date of the assessment both values come from (the latest one recording a
            performance status; PRRT judges Karnofsky, REFERENCE section 5). None = unknown
            (also in snapshots stored before it was recorded).
    """

    karnofsky: int | None = None
    ecog: int | None = None
    assessed_on: date | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("karnofsky", int),
        _Field("ecog", int),
        _Field("assessed_on", date),
    )

    def _validate(self) -> None:
        _range("karnofsky", self.karnofsky, 0, 100)
        if self.karnofsky is not None and self.karnofsky % 10:
            raise ClinicalInputError("karnofsky", f"must be a multiple of 10, got {self.karnofsky}")
        _range("ecog", self.ecog, 0, 5)


@dataclass(frozen=True, slots=True)
class TumorFacts(_Record):
    """What is known about one tumor (REFERENCE sections 0-2 and 7).

    Grade, T, N, M and stage are the already-computed results of the grading and staging
    calculators; this class only checks they are consistent words, not that they follow from
    the size and counts.

    Attributes:
        site, subsite: REFERENCE section 0; None = primary unknown.
        size_cm: largest diameter in cm (> 0).
        differentiation, category, grade: WHO (REFERENCE section 1). An NEC has no grade.
        ki67_percent: 0-100. mitoses_per_2mm2: >= 0.
        t, n, m, stage: AJCC 8th (REFERENCE section 2).
        gastric_type: stomach only. mesoappendix_invasion_mm: appendix only.
        depth, margin, lymphovascular_invasion: pathology / endoscopic ultrasound findings.
        resected: the tumor has been removed. functional: it secretes a hormone causing a
            syndrome. multifocal: several tumors at this site.
    """

    site: Site | None = None
    subsite: Subsite | None = None
    size_cm: float | None = None
    differentiation: Differentiation | None = None
    ki67_percent: float | None = None
    mitoses_per_2mm2: float | None = None
    category: Category | None = None
    grade: Grade | None = None
    t: T | None = None
    n: N | None = None
    m: M | None = None
    stage: str | None = None
    gastric_type: GastricType | None = None
    depth: Depth | None = None
    margin: Margin | None = None
    lymphovascular_invasion: bool | None = None
    mesoappendix_invasion_mm: float | None = None
    resected: bool | None = None
    functional: bool | None = None
    multifocal: bool | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("site", Site),
        _Field("subsite", Subsite),
        _Field("size_cm", float),
        _Field("differentiation", Differentiation),
        _Field("ki67_percent", float),
        _Field("mitoses_per_2mm2", float),
        _Field("category", Category),
        _Field("grade", Grade),
        _Field("t", T),
        _Field("n", N),
        _Field("m", M),
        _Field("stage", str),
        _Field("gastric_type", GastricType),
        _Field("depth", Depth),
        _Field("margin", Margin),
        _Field("lymphovascular_invasion", bool),
        _Field("mesoappendix_invasion_mm", float),
        _Field("resected", bool),
        _Field("functional", bool),
        _Field("multifocal", bool),
    )

    def _validate(self) -> None:
        if self.size_cm is not None and not 0 < self.size_cm <= 50:
            raise ClinicalInputError(
                "size_cm", f"must be more than 0 and at most 50 cm, got {self.size_cm!r}"
            )
        _range("ki67_percent", self.ki67_percent, 0, 100, " %")
        _not_negative("mitoses_per_2mm2", self.mitoses_per_2mm2)
        _not_negative("mesoappendix_invasion_mm", self.mesoappendix_invasion_mm)
        if self.subsite is not None and self.site is not Site.DUODENUM_AMPULLA:
            raise ClinicalInputError("subsite", "is only used with site 'duodenum_ampulla'")
        if self.gastric_type is not None and self.site is not Site.STOMACH:
            raise ClinicalInputError("gastric_type", "is only used with site 'stomach'")
        if self.mesoappendix_invasion_mm is not None and self.site is not Site.APPENDIX:
            raise ClinicalInputError(
                "mesoappendix_invasion_mm", "is only used with site 'appendix'"
            )
        if self.category is Category.NEC and self.grade is not None:
            raise ClinicalInputError(
                "grade", "an NEC is high grade by definition and has no G1-G3 grade"
            )
        if self.category is Category.NET and self.differentiation is Differentiation.POOR:
            raise ClinicalInputError(
                "category", "a poorly differentiated tumor is an NEC, not a NET"
            )
        if self.category is Category.NEC and self.differentiation is Differentiation.WELL:
            raise ClinicalInputError("category", "a well-differentiated tumor is a NET, not an NEC")
        if self.n is N.N2 and self.site is not Site.JEJUNUM_ILEUM:
            raise ClinicalInputError("n", "N2 exists only for jejunum/ileum")
        if self.t in (T.T1A, T.T1B) and self.site is not Site.COLON_RECTUM:
            raise ClinicalInputError("t", "T1a/T1b exist only for colon/rectum")
        if self.stage is not None and self.stage not in STAGE_GROUPS:
            raise ClinicalInputError(
                "stage", f"must be an AJCC stage group such as 'IIIB', got {self.stage!r}"
            )


@dataclass(frozen=True, slots=True)
class Metastases(_Record):
    """Distant metastases (REFERENCE section 2, M1a/M1b/M1c).

    Attributes:
        hepatic: liver metastases present.
        extrahepatic_sites: sites outside the liver; ``()`` = none found, None = unknown.
        liver_dominant: the clinician judges the disease liver-dominant (minor extrahepatic
            disease allowed); None = not assessed (then liver-only disease counts as dominant).
    """

    hepatic: bool | None = None
    extrahepatic_sites: tuple[ExtrahepaticSite, ...] | None = None
    liver_dominant: bool | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("hepatic", bool),
        _Field("extrahepatic_sites", ExtrahepaticSite, many=True),
        _Field("liver_dominant", bool),
    )

    def _validate(self) -> None:
        if self.liver_dominant and self.hepatic is False:
            raise ClinicalInputError("liver_dominant", "needs hepatic metastases")


@dataclass(frozen=True, slots=True)
class SstrImaging(_Record):
    """Somatostatin receptor imaging (REFERENCE section 4).

    Attributes:
        done: an SSTR PET (Ga-68 DOTATATE) or scintigraphy has been done.
        krenning_score: the scan's highest lesion score, 0-4 (0 none, 1 very low,
            2 <= liver, 3 > liver, 4 > spleen).
        positive: the reader called the disease SSTR-positive.
        scan_date: date of the scan.
        lowest_krenning_score: the lowest target-lesion score, 0-4, not above
            `krenning_score`; what PRRT eligibility judges (NETTER-1: uptake >= liver in all
            target lesions, REFERENCE sections 4 and 5). None = unknown (also in snapshots
            stored before it was recorded).
    """

    done: bool | None = None
    krenning_score: int | None = None
    positive: bool | None = None
    scan_date: date | None = None
    lowest_krenning_score: int | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("done", bool),
        _Field("krenning_score", int),
        _Field("positive", bool),
        _Field("scan_date", date),
        _Field("lowest_krenning_score", int),
    )

    def _validate(self) -> None:
        _range("krenning_score", self.krenning_score, 0, 4)
        _range("lowest_krenning_score", self.lowest_krenning_score, 0, 4)
        lowest, highest = self.lowest_krenning_score, self.krenning_score
        if lowest is not None and highest is not None and lowest > highest:
            raise ClinicalInputError(
                "lowest_krenning_score", f"is above the highest Krenning score {highest}"
            )
        has_result = (
            self.krenning_score, self.lowest_krenning_score, self.positive, self.scan_date
        ) != (None, None, None, None)
        if self.done is False and has_result:
            raise ClinicalInputError("done", "is false but a result or date is recorded")
        if self.positive and self.krenning_score == 0:
            raise ClinicalInputError("positive", "contradicts Krenning score 0 (no uptake)")


@dataclass(frozen=True, slots=True)
class Markers(_Record):
    """Latest tumor markers (REFERENCE section 3).

    Attributes:
        hiaa_mg_24h: 24-h urine 5-HIAA in mg/24 h. cga_ng_ml: chromogranin A in ng/mL.
        hiaa_date, cga_date: dates of those results.
        hiaa_trend, cga_trend: each marker's own direction, its latest result against its
            previous one (`biomarkers.marker_trend`); None = fewer than two results.
    """

    hiaa_mg_24h: float | None = None
    hiaa_date: date | None = None
    cga_ng_ml: float | None = None
    cga_date: date | None = None
    hiaa_trend: MarkerTrend | None = None
    cga_trend: MarkerTrend | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("hiaa_mg_24h", float),
        _Field("hiaa_date", date),
        _Field("cga_ng_ml", float),
        _Field("cga_date", date),
        _Field("hiaa_trend", MarkerTrend),
        _Field("cga_trend", MarkerTrend),
    )

    def _validate(self) -> None:
        _not_negative("hiaa_mg_24h", self.hiaa_mg_24h)
        _not_negative("cga_ng_ml", self.cga_ng_ml)


@dataclass(frozen=True, slots=True)
class PrrtLabs(_Record):
    """Laboratory values used for PRRT eligibility (REFERENCE section 5).

    Attributes:
        creatinine_clearance_ml_min: mL/min. platelets_10e9_l, neutrophils_10e9_l,
        wbc_10e9_l (white cells): x 10^9/L. hemoglobin_g_dl: g/dL. bilirubin_x_uln: total
        bilirubin as a multiple of the upper limit of normal. albumin_g_l: g/L. Eligibility
        thresholds live in `netcare.clinical.prrt` (see `PRRTFacts`).
    """

    creatinine_clearance_ml_min: float | None = None
    platelets_10e9_l: float | None = None
    hemoglobin_g_dl: float | None = None
    neutrophils_10e9_l: float | None = None
    bilirubin_x_uln: float | None = None
    albumin_g_l: float | None = None
    wbc_10e9_l: float | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("creatinine_clearance_ml_min", float),
        _Field("platelets_10e9_l", float),
        _Field("hemoglobin_g_dl", float),
        _Field("neutrophils_10e9_l", float),
        _Field("bilirubin_x_uln", float),
        _Field("albumin_g_l", float),
        _Field("wbc_10e9_l", float),
    )

    # Upper limits of what a laboratory can report; the same as `prrt.PRRTFacts` accepts, so
    # every valid snapshot can be judged for PRRT eligibility.
    _MAXIMA: ClassVar[dict[str, float]] = {
        "creatinine_clearance_ml_min": 500,
        "platelets_10e9_l": 5000,
        "hemoglobin_g_dl": 30,
        "neutrophils_10e9_l": 500,
        "bilirubin_x_uln": 100,
        "albumin_g_l": 100,
        "wbc_10e9_l": 500,
    }

    def _validate(self) -> None:
        for spec in self._FIELDS:
            value = getattr(self, spec.name)
            _not_negative(spec.name, value)
            maximum = self._MAXIMA[spec.name]
            if value is not None and value > maximum:
                raise ClinicalInputError(spec.name, f"must be at most {maximum:g}, got {value!r}")


@dataclass(frozen=True, slots=True)
class Treatment(_Record):
    """One treatment given so far (REFERENCE sections 5, 7 and 8)."""

    kind: TreatmentKind
    start: date | None = None
    end: date | None = None
    best_response: BestResponse | None = None

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("kind", TreatmentKind, required=True),
        _Field("start", date),
        _Field("end", date),
        _Field("best_response", BestResponse),
    )

    def _validate(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ClinicalInputError("end", f"{self.end} is before the start {self.start}")


@dataclass(frozen=True, slots=True)
class PatientSnapshot(_Record):
    """The immutable clinical state of one patient at one moment (DESIGN "Layers").

    Every field except ``as_of`` may be unknown (None). Dates of results and treatments may not
    lie after ``as_of``.

    Attributes:
        as_of: the date the snapshot describes.
        age: years (0-120). sex: :class:`Sex`.
        symptoms: presenting symptoms; ``()`` = none, None = not recorded.
        functional_syndrome: :class:`FunctionalSyndrome` (``none`` = known non-functional).
        hereditary, performance: see the classes.
        tumors: ``tumors[0]`` is the index tumor; ``()`` = none recorded yet.
        metastases, sstr, markers, labs: see the classes.
        treatments: treatments so far.
        progression_on_ssa: documented progression on a somatostatin analogue.
        staging_imaging_done: cross-sectional staging imaging (CT/MRI) done.
        echo_done, nt_probnp_done: carcinoid heart disease screening done.
        persistent_diarrhea_on_ssa: carcinoid syndrome diarrhea not controlled by SSA.
        prior_board_recommendations: earlier tumor board recommendations, as text.
    """

    as_of: date
    age: int | None = None
    sex: Sex | None = None
    symptoms: tuple[Symptom, ...] | None = None
    functional_syndrome: FunctionalSyndrome | None = None
    hereditary: HereditaryFindings = field(default_factory=HereditaryFindings)
    performance: PerformanceStatus = field(default_factory=PerformanceStatus)
    tumors: tuple[TumorFacts, ...] = ()
    metastases: Metastases = field(default_factory=Metastases)
    sstr: SstrImaging = field(default_factory=SstrImaging)
    markers: Markers = field(default_factory=Markers)
    labs: PrrtLabs = field(default_factory=PrrtLabs)
    treatments: tuple[Treatment, ...] = ()
    progression_on_ssa: bool | None = None
    staging_imaging_done: bool | None = None
    echo_done: bool | None = None
    nt_probnp_done: bool | None = None
    persistent_diarrhea_on_ssa: bool | None = None
    prior_board_recommendations: tuple[str, ...] = ()

    _FIELDS: ClassVar[tuple[_Field, ...]] = (
        _Field("as_of", date, required=True),
        _Field("age", int),
        _Field("sex", Sex),
        _Field("symptoms", Symptom, many=True),
        _Field("functional_syndrome", FunctionalSyndrome),
        _Field("hereditary", HereditaryFindings, required=True),
        _Field("performance", PerformanceStatus, required=True),
        _Field("tumors", TumorFacts, many=True, required=True),
        _Field("metastases", Metastases, required=True),
        _Field("sstr", SstrImaging, required=True),
        _Field("markers", Markers, required=True),
        _Field("labs", PrrtLabs, required=True),
        _Field("treatments", Treatment, many=True, required=True),
        _Field("progression_on_ssa", bool),
        _Field("staging_imaging_done", bool),
        _Field("echo_done", bool),
        _Field("nt_probnp_done", bool),
        _Field("persistent_diarrhea_on_ssa", bool),
        _Field("prior_board_recommendations", str, many=True, required=True),
    )

    def _validate(self) -> None:
        _range("age", self.age, 0, 120, " years")
        dated = [
            ("performance.assessed_on", self.performance.assessed_on),
            ("sstr.scan_date", self.sstr.scan_date),
            ("markers.hiaa_date", self.markers.hiaa_date),
            ("markers.cga_date", self.markers.cga_date),
        ]
        for index, treatment in enumerate(self.treatments):
            dated.append((f"treatments[{index}].start", treatment.start))
            dated.append((f"treatments[{index}].end", treatment.end))
        for name, when in dated:
            if when is not None and when > self.as_of:
                raise ClinicalInputError(name, f"{when} is after the snapshot date {self.as_of}")
