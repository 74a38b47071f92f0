"""The cohort generator: ``generate(config, n, seed)`` yields one PatientHistory per patient.

Patient *i* depends only on ``(seed, i)`` (its own ``random.Random``), so a cohort can be made in
chunks or in parallel with ``start_index``. Pure: no I/O, no clock, no global state.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache
from operator import attrgetter
from random import Random

from netcare.clinical import staging
from netcare.clinical.vocabulary import Site

from . import _names
from .config import (
    DEFAULT_CONFIG,
    HISTORY_START,
    PRIMARY_SITES,
    TODAY,
    CohortConfig,
    Share,
)
from .records import (
    Demographics,
    Event,
    Lesion,
    PatientHistory,
    Referral,
    TreatmentCourse,
    Tumor,
    VitalStatus,
)

__all__ = ["Progress", "generate", "generate_patient"]

Progress = Callable[[int, int], None]

_TODAY = TODAY.toordinal()
_START = HISTORY_START.toordinal()
_fromord = date.fromordinal
_LN2 = math.log(2.0)
_DONE = "completed"
_PLANNED = "planned"
_BY_DAY = attrgetter("day")
# Follow-up intervals in days, (shortest, number of lengths): 60-89 for metastatic G3/NEC,
# 90-119 for other metastatic disease, 180-269 in the first 3 years after local treatment, then
# yearly (the longest).
_GAP_FAST = (60, 30)
_GAP_MET = (90, 30)
_GAP_EARLY = (180, 90)
_LONGEST_GAP = 365

_SIZE_MEDIAN_CM = {
    "lung": 2.2,
    "jejunum_ileum": 1.6,
    "rectum": 0.6,
    "colon": 3.0,
    "caecum": 2.5,
    "pancreas": 2.2,
    "stomach": 0.9,
    "appendix": 1.0,
    "duodenum": 0.9,
    "ampulla": 1.6,
}
_STAGE_SIZE_FACTOR = {"localized": 1.0, "regional": 1.5, "distant": 1.8}
# Depths are the values of `netcare.clinical.staging.Invasion` (lung: "confined", as lung NETs
# use the lung carcinoma TNM, which has no invasion scheme in netcare).
_LUMINAL = ("lamina_propria", "submucosa", "muscularis_propria", "subserosa")
_PERIPANCREATIC = "pancreas_or_peripancreatic_fat"
_DEPTH_OPTIONS = {
    "lung": ("confined", "confined", "confined", "confined"),
    "pancreas": (
        "confined_to_pancreas",
        "confined_to_pancreas",
        "confined_to_pancreas",
        "duodenum_or_bile_duct",
    ),
    "appendix": ("submucosa", "muscularis_propria", "subserosa", "mesoappendix"),
    "duodenum": ("lamina_propria", "submucosa", "muscularis_propria", _PERIPANCREATIC),
    "ampulla": ("sphincter_of_oddi", "submucosa", "muscularis_propria", _PERIPANCREATIC),
}
# T4 extents: the first is drawn 60 % of the time (the pancreas chapter has no serosa).
_T4_DEPTHS = {"pancreas": ("large_vessels", "adjacent_organs"), "lung": ("adjacent_organs",) * 2}
_T4_DEFAULT = ("serosa_peritoneum", "adjacent_organs")
_DEPTH_CUM = {
    "localized": (0.30, 0.75, 0.93, 1.0),
    "regional": (0.10, 0.40, 0.75, 1.0),
    "distant": (0.05, 0.30, 0.65, 1.0),
}
_SURGERY = {
    "lung": ("lobectomy", "segmentectomy"),
    "jejunum_ileum": ("small bowel resection with mesenteric lymphadenectomy",),
    "rectum": ("transanal excision", "low anterior resection"),
    "colon": ("hemicolectomy",),
    "caecum": ("right hemicolectomy",),
    "pancreas": ("distal pancreatectomy", "pancreaticoduodenectomy"),
    "stomach": ("partial gastrectomy",),
    "appendix": ("appendectomy", "right hemicolectomy"),
    "duodenum": ("local duodenal resection", "pancreaticoduodenectomy"),
    "ampulla": ("pancreaticoduodenectomy",),
    "unknown": ("lymph node dissection",),
}
_ENDOSCOPY = {
    "rectum": "colonoscopy",
    "colon": "colonoscopy",
    "caecum": "colonoscopy",
    "stomach": "upper_endoscopy",
    "duodenum": "upper_endoscopy",
    "ampulla": "eus",
    "pancreas": "eus",
    "lung": "bronchoscopy",
    "jejunum_ileum": "capsule_endoscopy",
    "unknown": "capsule_endoscopy",
    "appendix": "colonoscopy",
}
_HORMONE_AGENT = {
    "insulinoma": "diazoxide",
    "gastrinoma": "high-dose proton pump inhibitor",
    "glucagonoma": "octreotide SC (hormone control)",
    "vipoma": "octreotide SC (hormone control)",
    "somatostatinoma": "octreotide SC (hormone control)",
}
_HORMONE_LABS: dict[str, tuple[tuple[str, float, float, str], ...]] = {
    # code, typical tumour value, upper reference, unit
    "insulinoma": (("glucose", 42.0, 99.0, "mg/dL"), ("insulin", 14.0, 25.0, "uIU/mL")),
    "gastrinoma": (("gastrin", 850.0, 100.0, "pg/mL"),),
    "glucagonoma": (("glucagon", 900.0, 80.0, "pg/mL"), ("glucose", 180.0, 99.0, "mg/dL")),
    "vipoma": (("vip", 450.0, 75.0, "pg/mL"),),
    "somatostatinoma": (("somatostatin", 300.0, 25.0, "pg/mL"),),
}
_KRENNING_CUM = {
    "G1": (0.03, 0.12, 0.45, 1.0),  # P(<=1), P(<=2), P(<=3), P(<=4); 0 never for G1
    "G2": (0.05, 0.15, 0.50, 1.0),
    "G3": (0.25, 0.50, 0.80, 1.0),
    "NEC": (0.75, 0.95, 1.0, 1.0),
}
#: Share of distant well-differentiated NETs whose primary is resected (assumption).
_DEBULK = {"jejunum_ileum": 0.4, "colon": 0.2, "pancreas": 0.15, "caecum": 0.3}
_OPEN_ENDED = ("hormone_therapy", "telotristat", "surveillance", "octreotide_sc")
_SUV_RANGE = ((1.5, 3.0), (3.0, 6.0), (6.0, 12.0), (12.0, 25.0), (25.0, 70.0))


class _Choice:
    """Categorical sampler over a mapping of Shares: precomputed cumulative weights + bisect."""

    __slots__ = ("cum", "keys")

    def __init__(self, weights: Mapping[str, Share]) -> None:
        items = [(key, share.value) for key, share in weights.items() if share.value > 0]
        total = sum(value for _, value in items)
        if not items or total <= 0:
            raise ValueError(f"weights must have a positive total, got {dict(weights)!r}")
        acc = 0.0
        cum: list[float] = []
        for _, value in items:
            acc += value / total
            cum.append(acc)
        cum[-1] = 1.0
        self.keys = tuple(key for key, _ in items)
        self.cum = tuple(cum)

    def pick(self, u: float) -> str:
        return self.keys[bisect_right(self.cum, u)]

    def probabilities(self) -> dict[str, float]:
        prev = 0.0
        out: dict[str, float] = {}
        for key, c in zip(self.keys, self.cum, strict=True):
            out[key] = c - prev
            prev = c
        return out


class _Model:
    """A CohortConfig compiled for sampling (cumulative tables, normalised hazard ratios)."""

    def __init__(self, config: CohortConfig) -> None:
        self.site = _Choice(config.site_shares)
        self.stage = {k: _Choice(v) for k, v in config.stage_by_site.items()}
        self.grade = {k: _Choice(v) for k, v in config.grade_by_site.items()}
        self.female = config.female_share.value
        self.age_mean = config.age_mean.value
        self.age_sd = config.age_sd.value
        self.hereditary_age_mean = config.hereditary_age_mean.value
        self.self_referral = config.self_referral_share.value
        self.incidental = config.incidental_share.value
        self.overdue = config.overdue_follow_up_share.value
        if not 0.0 <= self.overdue <= 1.0:
            raise ValueError(f"overdue_follow_up_share must be 0-1, got {self.overdue!r}")
        self.language = _Choice(config.languages)
        self.hereditary = {
            k: (share.value, _Choice(config.syndrome_mix[k]))
            for k, share in config.hereditary_by_site.items()
        }
        self.functional = {
            k: tuple((name, s.value) for name, s in table.items())
            for k, table in config.functional_by_site.items()
        }
        self.ssa_pfs_days = {k: s.value * 30.44 for k, s in config.ssa_pfs_months.items()}
        # Carcinoid syndrome: p = k * w_site * w_stage * w_grade, k chosen so that the expected
        # cohort share equals the configured share (Halperin 2017).
        ws = {k: s.value for k, s in config.carcinoid_site_weight.items()}
        wst = {k: s.value for k, s in config.carcinoid_stage_weight.items()}
        wg = {k: s.value for k, s in config.carcinoid_grade_weight.items()}
        expected = 0.0
        largest = 0.0
        for key, p_site in self.site.probabilities().items():
            for stage, p_stage in self.stage[key].probabilities().items():
                for grade, p_grade in self.grade[key].probabilities().items():
                    w = ws.get(key, 0.0) * wst.get(stage, 0.0) * wg.get(grade, 0.0)
                    expected += p_site * p_stage * p_grade * w
                    largest = max(largest, w)
        self.cs_k = config.carcinoid_syndrome_share.value / expected if expected else 0.0
        if self.cs_k * largest > 1.0:
            raise ValueError("carcinoid syndrome weights give a probability above 1")
        self.cs_site, self.cs_stage, self.cs_grade = ws, wst, wg
        # Survival: exponential, hazard = ln2/median(stage) * HR(site) * HR(grade) * age term;
        # HRs are normalised to the cohort mix so the stage medians stay the cohort's medians.
        site_p = self.site.probabilities()
        hr_site = {k: s.value for k, s in config.hazard_ratio_by_site.items()}
        mean_site = sum(p * hr_site[k] for k, p in site_p.items())
        self.hr_site = {k: v / mean_site for k, v in hr_site.items()}
        hr_grade = {k: s.value for k, s in config.hazard_ratio_by_grade.items()}
        grade_mix: dict[str, float] = {}
        for key, p_site in site_p.items():
            for grade, p_grade in self.grade[key].probabilities().items():
                grade_mix[grade] = grade_mix.get(grade, 0.0) + p_site * p_grade
        mean_grade = sum(p * hr_grade[g] for g, p in grade_mix.items())
        self.hr_grade = {k: v / mean_grade for k, v in hr_grade.items()}
        self.base_hazard = {k: _LN2 / s.value for k, s in config.median_os_years_by_stage.items()}
        self.age_beta = config.hazard_per_year_of_age.value


def generate(
    config: CohortConfig = DEFAULT_CONFIG,
    n_patients: int = 1000,
    seed: int = 0,
    *,
    start_index: int = 0,
    progress: Progress | None = None,
    progress_every: int = 1000,
) -> Iterator[PatientHistory]:
    """Yield ``n_patients`` histories for indexes ``start_index .. start_index + n - 1``.

    Deterministic: patient *i* depends only on ``(seed, i)``. ``progress(done, total)`` is
    called every ``progress_every`` patients and once at the end (total = ``n_patients``).
    Raises ValueError for a negative count or an inconsistent config.
    """
    if n_patients < 0 or start_index < 0 or progress_every < 1:
        raise ValueError("n_patients and start_index must be >= 0, progress_every >= 1")
    model = _Model(config)
    end = start_index + n_patients
    for index in range(start_index, end):
        yield _patient(model, seed, index)
        done = index - start_index + 1
        if progress is not None and (done % progress_every == 0 or done == n_patients):
            progress(done, n_patients)


def generate_patient(config: CohortConfig, seed: int, index: int) -> PatientHistory:
    """Return patient ``index`` of the cohort ``seed`` (compiles the config each call: slow)."""
    return _patient(_Model(config), seed, index)


class _Course:
    """Mutable draft of a TreatmentCourse."""

    __slots__ = ("agent", "code", "count", "end", "intent", "interval", "line", "reason", "start")

    def __init__(
        self, code: str, agent: str, line: int, intent: str, start: int, interval: int
    ) -> None:
        self.code = code
        self.agent = agent
        self.line = line
        self.intent = intent
        self.start = start
        self.end: int | None = None
        self.interval = interval or None
        self.count = 0
        self.reason = ""


class _Builder:
    """Mutable scratch state for one patient; turned into immutable records at the end."""

    __slots__ = (
        "courses",
        "cs",
        "ev",
        "grade",
        "hepatic",
        "key",
        "krenning",
        "last_pet",
        "limit",
        "nec",
        "pfs_days",
        "r",
        "rng",
        "ssa",
        "washouts",
    )

    def __init__(self, rng: Random, limit: int) -> None:
        self.rng = rng
        self.r = rng.random
        self.limit = limit
        self.ev: list[Event] = []
        self.courses: list[_Course] = []
        self.washouts: list[tuple[int, int]] = []
        self.ssa: tuple[int, int, str, float] | None = None  # course, start, code, dose mg
        self.pfs_days: dict[str, float] = {}
        self.last_pet = 0
        self.key = ""
        self.grade = ""
        self.nec = False
        self.cs = False
        self.hepatic = False
        self.krenning = 0

    def add(
        self,
        day: int,
        kind: str,
        code: str,
        value: float | None = None,
        unit: str = "",
        finding: str = "",
        course: int = -1,
        lesions: tuple[Lesion, ...] = (),
        tumor: int = -1,
    ) -> bool:
        if day > self.limit:
            return False
        self.ev.append(
            Event(_fromord(day), kind, code, _DONE, value, unit, finding, tumor, course, lesions)
        )
        if course >= 0:
            self.courses[course].count += 1
        return True

    def course(
        self, code: str, agent: str, line: int, intent: str, start: int, interval: int
    ) -> int:
        self.courses.append(_Course(code, agent, line, intent, start, interval))
        return len(self.courses) - 1

    def close(self, index: int, end: int, reason: str) -> None:
        c = self.courses[index]
        if c.end is None:
            c.end = end
            c.reason = reason

    def lab(self, day: int, code: str, value: float, upper: float, unit: str) -> None:
        self.add(day, "lab", code, round(value, 1), unit, "elevated" if value > upper else "normal")

    def markers(self, day: int, cga: float, hiaa: float | None) -> None:
        g = self.rng.gauss
        self.lab(day, "chromogranin_a", cga * math.exp(0.25 * g(0.0, 1.0)), 95.0, "ng/mL")
        if hiaa is not None:
            self.lab(day, "urine_5hiaa", hiaa * math.exp(0.25 * g(0.0, 1.0)), 9.0, "mg/24h")

    def pet(self, day: int, lesions: tuple[Lesion, ...], finding: str) -> None:
        code = "fdg_pet" if self.nec else "ga68_dotatate_pet"
        value = None if self.nec else float(self.krenning)
        unit = "" if self.nec else "krenning"
        if self.add(day, "imaging", code, value, unit, finding, lesions=lesions, tumor=0):
            self.last_pet = day


def _pick_cum(cum: tuple[float, ...], u: float) -> int:
    return bisect_right(cum, u)


def _lesions(
    b: _Builder, size_cm: float | None, nodes: bool, hepatic: bool, extra: bool, pet: bool
) -> tuple[Lesion, ...]:
    r = b.r
    lo, hi = _SUV_RANGE[b.krenning]
    out: list[Lesion] = []

    def suv() -> float | None:
        return round(lo + (hi - lo) * r(), 1) if pet else None

    if size_cm is not None:
        out.append(Lesion("primary", max(3, int(size_cm * 10)), suv()))
    if nodes:
        out.extend(Lesion("lymph_node", 6 + int(r() * 20), suv()) for _ in range(1 + int(r() * 3)))
    if hepatic:
        out.extend(Lesion("liver", 5 + int(r() * 40), suv()) for _ in range(1 + int(r() * 8)))
    if extra:
        out.append(Lesion(("bone", "lung", "peritoneum")[int(r() * 3)], 5 + int(r() * 25), suv()))
    return tuple(out)


_GEP_SITES = frozenset(site.value for site in Site) - {"lung"}


@cache
def _t_category(site: str, subsite: str | None, size_cm: float | None, depth: str) -> str:
    """T by `netcare.clinical.staging` (REFERENCE §2); lung and unknown primary handled here.

    Lung NETs use the lung carcinoma TNM (not staged by netcare): the generator gives T by size
    only (T1 <= 3 cm, T2 <= 5, T3 <= 7, T4 > 7 or invading adjacent organs) so the records carry a
    plausible T. An unknown primary has no size: TX.
    """
    if size_cm is None:
        return "TX"
    if site == "lung":
        if depth == "adjacent_organs" or size_cm > 7:
            return "T4"
        if size_cm > 5:
            return "T3"
        return "T2" if size_cm > 3 else "T1"
    where = subsite if site == "duodenum_ampulla" else None
    return staging.t_from_findings(site, size_cm, depth, subsite=where).t.value


def _stage_group(site: str, subsite: str | None, t: str, n: str, m: str) -> str | None:
    """Stage group by `netcare.clinical.staging.stage` (REFERENCE §2).

    Lung: None (lung carcinoma TNM). Unknown primary: there is no site chapter; any M1 gives
    IV in every chapter, and TX M0 gives none, so the generator states that directly (the tests
    check it against `staging.stage` for every site).
    """
    if site == "lung":
        return None
    if site not in _GEP_SITES:
        return None if m == "M0" else "IV"
    where = subsite if site == "duodenum_ampulla" else None
    return staging.stage(site, t, n, m, where).stage


def _patient(model: _Model, seed: int, index: int) -> PatientHistory:
    rng = Random(seed * 1_000_003 + index)
    r = rng.random
    key = model.site.pick(r())
    site, subsite = PRIMARY_SITES[key]
    seer = model.stage[key].pick(r())
    grade = model.grade[key].pick(r())
    nec = grade == "NEC"
    syndrome: str | None = None
    hered = model.hereditary.get(key)
    if hered is not None and r() < hered[0]:
        syndrome = hered[1].pick(r())
    female = r() < model.female
    age = rng.gauss(model.hereditary_age_mean if syndrome else model.age_mean, model.age_sd)
    age = min(95.0, max(18.0, age))

    # --- function -------------------------------------------------------------------------
    functional: str | None = None
    cs = False
    if not nec:
        u = r()
        for name, p in model.functional.get(key, ()):
            if u < p:
                functional = name
                break
            u -= p
        w = model.cs_site.get(key, 0.0) * model.cs_stage[seer] * model.cs_grade[grade]
        if r() < model.cs_k * w:
            cs = True
            functional = functional or "carcinoid_syndrome"
    if syndrome == "NF1" and key == "ampulla" and functional is None and not nec:
        functional = "somatostatinoma"

    # --- tumour ---------------------------------------------------------------------------
    unknown = key == "unknown"
    size: float | None = None
    depth = "unknown"
    t4 = False
    if not unknown:
        med = _SIZE_MEDIAN_CM[key] * _STAGE_SIZE_FACTOR[seer]
        if functional == "insulinoma":
            med *= 0.6
        size = max(0.2, round(med * math.exp(0.5 * rng.gauss(0.0, 1.0)), 1))
        if key == "lung" and seer == "localized":
            size = min(size, 6.5)
        t4 = (seer == "regional" and r() < 0.2) or (seer == "distant" and r() < 0.1)
        if t4:
            depth = _T4_DEPTHS.get(key, _T4_DEFAULT)[0 if r() < 0.6 else 1]
        else:
            options = _DEPTH_OPTIONS.get(key, _LUMINAL)
            i = _pick_cum(_DEPTH_CUM[seer], r())
            if key == "rectum" and size < 1.0:
                i = min(i, 1)
            depth = options[i]
    t = _t_category(site, subsite, size, depth)
    if seer == "localized":
        n = "N0"
    elif seer == "regional":
        n = "N0" if t4 else "N1"
    else:
        n = "N1" if r() < (0.8 if key == "jejunum_ileum" else 0.5) else "N0"
    if n == "N1" and key == "jejunum_ileum" and r() < 0.3:
        n = "N2"
    hepatic = extra = False
    if seer == "distant":
        hepatic = r() < (0.55 if key == "lung" else 0.85)
        extra = r() < (0.6 if key == "lung" else 0.35)
        if not (hepatic or extra):
            hepatic = True
    m = staging.m_from_metastases(hepatic, extra).value
    if unknown and n == "N0" and seer != "distant":
        n = "N1"
    if unknown and seer == "distant":
        n = "NX"

    # plan of local treatment, decided now because it decides the nodes examined
    g1 = grade == "G1"
    local = "none"
    if seer != "distant" and not unknown:
        assert size is not None  # noqa: S101 - known when the primary is known
        if nec:
            local = "surgery" if r() < (0.7 if seer == "localized" else 0.4) else "chemo"
        elif key == "rectum":
            local = (
                "emr"
                if (size < 1 and g1) or (size <= 2 and seer == "localized" and r() < 0.6)
                else "surgery"
            )
        elif key in ("stomach", "duodenum") and size <= 1 and seer == "localized":
            local = "emr"
        elif key == "pancreas" and size <= 2 and g1 and functional is None and r() < 0.5:
            local = "surveillance"
        else:
            local = "surgery"
    elif unknown and seer == "regional":
        local = "surgery" if r() < 0.3 else "none"
    debulk = seer == "distant" and not nec and r() < _DEBULK.get(key, 0.0)
    resected = local == "surgery" or debulk
    if resected and not (key == "appendix" and size is not None and size <= 2):
        examined = 3 + int(r() * 22) if key != "lung" else 4 + int(r() * 12)
    elif resected:
        examined = int(r() * 5)
    else:
        examined = 0
    if n == "N0" or examined == 0:
        positive = 0
    elif n == "N2" and examined >= 12:
        positive = 12 + int(r() * (examined - 11))
    else:
        positive = 1 + int(r() * min(examined, 11))
    mass: float | None = None
    if n == "N2" and positive < 12:
        # N2 with fewer than 12 positive nodes: a mesenteric mass > 2 cm (REFERENCE §2)
        mass = round(2.1 + 3.0 * r(), 1)
    if examined and site in _GEP_SITES:
        # the pathological N, by the rules core, from the nodes examined
        n = staging.n_from_findings(site, positive, mass).n.value
    stage = _stage_group(site, subsite, t, n, m)

    # --- grade and pathology --------------------------------------------------------------
    lung = key == "lung"
    if grade == "G1":
        ki67 = round(0.5 + 2.4 * r(), 1)
        mitoses = int(r() * 2)
        histology = "typical carcinoid" if lung else "well-differentiated NET"
    elif grade == "G2":
        ki67 = round(3.0 + 17.0 * r(), 1)
        mitoses = 2 + int(r() * 9) if lung else int(r() * 15)
        histology = "atypical carcinoid" if lung else "well-differentiated NET"
    elif grade == "G3":
        ki67 = round(20.1 + 34.9 * r(), 1)
        mitoses = 5 + int(r() * 30)
        histology = "well-differentiated NET"
    else:
        ki67 = round(30.0 + 65.0 * r(), 1)
        mitoses = 20 + int(r() * 60)
        histology = "small cell carcinoma" if r() < 0.5 else "large cell neuroendocrine carcinoma"
    multiplicity = 1
    if syndrome in ("MEN1", "familial_si_net") or (key == "jejunum_ileum" and r() < 0.25):
        multiplicity = 2 + int(r() * 4)

    # --- dates ----------------------------------------------------------------------------
    ref = _START + int(r() * (_TODAY - 120 - _START))
    consult = ref + 7 + int(r() * 21)
    ct_day = consult + 3 + int(r() * 17)
    pet_day = consult + 7 + int(r() * 28)
    endo_day = consult + 5 + int(r() * 35)
    diag = max(ct_day, pet_day, endo_day) + 3 + int(r() * 11)
    tb = diag + 3 + int(r() * 11)
    hazard = (
        model.base_hazard[seer]
        * model.hr_site[key]
        * model.hr_grade[grade]
        * math.exp(model.age_beta * (age - model.age_mean))
    )
    death = diag + max(14, int(rng.expovariate(hazard) * 365.25))
    dead = death <= _TODAY
    p_net_death = {"localized": 0.3, "regional": 0.6, "distant": 0.9}[seer]
    net_death = dead and r() < p_net_death if seer != "distant" else dead
    limit = min(_TODAY, death - 1)
    b = _Builder(rng, limit)
    b.pfs_days = model.ssa_pfs_days
    b.key, b.grade, b.nec, b.cs, b.hepatic = key, grade, nec, cs, hepatic
    kc = _KRENNING_CUM[grade]
    b.krenning = _pick_cum(kc, r()) + 1
    if functional == "insulinoma":
        b.krenning = max(1, b.krenning - 2)

    # --- demographics ---------------------------------------------------------------------
    birth = ref - int(age * 365.25) - int(r() * 365)
    names = _names.FEMALE_NAMES if female else _names.MALE_NAMES
    given = names[int(r() * len(names))]
    family = _names.FAMILY_NAMES[int(r() * len(_names.FAMILY_NAMES))]
    mrn = f"NC{index:07d}"
    demo = Demographics(
        mrn=mrn,
        given_name=given,
        family_name=family,
        sex="female" if female else "male",
        birth_date=_fromord(birth),
        phone=f"+1-202-555-01{int(r() * 100):02d}",
        email=f"{given.lower()}.{family.lower()}.{index}@example.org".replace(" ", ""),
        preferred_language=model.language.pick(r()),
    )

    # --- referral and symptoms ------------------------------------------------------------
    symptoms: list[str] = []
    incidental = r() < model.incidental and not cs and functional is None
    if not incidental:
        if cs:
            if r() < 0.85:
                symptoms.append("flushing")
            if r() < 0.8:
                symptoms.append("diarrhea")
            if r() < 0.2:
                symptoms.append("tachycardia")
            if r() < 0.15:
                symptoms.append("wheezing")
            if r() < 0.05:
                symptoms.append("hypertension")
        if (
            key in ("jejunum_ileum", "caecum", "unknown", "appendix", "pancreas", "stomach")
            and r() < 0.45
        ):
            symptoms.append("abdominal_pain")
        if key in ("jejunum_ileum", "colon", "rectum") and r() < 0.12:
            symptoms.append("constipation")
        if key in ("rectum", "colon") and r() < 0.3:
            symptoms.append("rectal_bleeding")
        if (key == "ampulla" and r() < 0.5) or (key == "pancreas" and r() < 0.08):
            symptoms.append("jaundice")
        if lung and r() < 0.3:
            symptoms.append("cough" if r() < 0.6 else "wheezing")
        if functional == "insulinoma":
            symptoms.append("hypoglycemia")
        elif functional in ("glucagonoma", "somatostatinoma") or (key == "pancreas" and r() < 0.04):
            symptoms.append("hyperglycemia")
        elif functional == "gastrinoma":
            symptoms += ["abdominal_pain", "diarrhea"]
        elif functional == "vipoma":
            symptoms.append("diarrhea")
        if syndrome == "VHL" and r() < 0.3:
            symptoms.append("hypertension")
        if seer == "distant" and r() < 0.2:
            symptoms.append("weight_loss")
    symptoms = list(dict.fromkeys(symptoms))
    self_ref = r() < model.self_referral
    referral = Referral(
        date=_fromord(ref),
        source="self" if self_ref else "physician",
        referring_specialty=None
        if self_ref
        else ("gastroenterology", "primary care", "surgery", "oncology", "pulmonology")[
            int(r() * 5)
        ],
        symptoms=tuple(symptoms),
        incidental=incidental,
        hereditary_syndrome=syndrome,
        family_history_of_net=syndrome is not None and r() < 0.7,
    )

    # --- workup ---------------------------------------------------------------------------
    add = b.add
    add(ref, "referral", "physician" if not self_ref else "self")
    add(consult, "consultation", "new_patient")
    extent_cga = {"localized": 60.0, "regional": 140.0, "distant": 450.0}[seer]
    if nec:
        extent_cga *= 0.4
    if cs:
        hiaa: float | None = 55.0
    elif key in ("jejunum_ileum", "caecum", "unknown"):
        hiaa = 12.0 if seer == "distant" else 6.0
    elif key in ("lung", "appendix", "colon"):
        hiaa = 5.0
    else:
        hiaa = None
    b.markers(consult, extent_cga, hiaa)
    for code, value, upper, unit in _HORMONE_LABS.get(functional or "", ()):
        b.lab(consult, code, value * math.exp(0.3 * rng.gauss(0.0, 1.0)), upper, unit)
    if cs:
        b.lab(consult, "nt_probnp", 80.0 * math.exp(rng.gauss(0.0, 1.0)), 125.0, "pg/mL")
        add(consult + 14, "imaging", "echocardiogram", finding="baseline")
    nodes_pos = n in ("N1", "N2")
    lesions_ct = _lesions(b, size, nodes_pos, hepatic, extra, pet=False)
    cross = "mri" if key in ("pancreas", "rectum") or (hepatic and r() < 0.4) else "ct"
    add(ct_day, "imaging", cross, finding="baseline", lesions=lesions_ct, tumor=0)
    b.pet(pet_day, _lesions(b, size, nodes_pos, hepatic, extra, pet=True), "baseline")
    if nec:
        b.last_pet = pet_day
    add(endo_day, "endoscopy", _ENDOSCOPY[key], finding="baseline", tumor=0)
    if (key in ("jejunum_ileum", "unknown") and r() < 0.25) or (
        key in ("stomach", "duodenum") and r() < 0.08
    ):
        add(endo_day + 2, "imaging", "barium_study", finding="baseline")
    if key == "unknown" and r() < 0.5:
        add(endo_day + 9, "endoscopy", "colonoscopy", finding="baseline")
    if key == "pancreas" and r() < 0.3:
        add(ct_day + 5, "endoscopy", "upper_endoscopy", finding="baseline")
    add(diag, "pathology", "biopsy", ki67, "%", grade, tumor=0)
    add(tb, "tumor_board", "initial_plan")

    # --- treatment and follow-up ----------------------------------------------------------
    t0 = tb + 14 + int(r() * 31)
    hormone = -1
    if functional in _HORMONE_AGENT:
        hormone = b.course(
            "hormone_therapy", _HORMONE_AGENT[functional or ""], 0, "symptom_control", tb + 2, 0
        )
        add(tb + 2, "medication", "hormone_therapy", finding="start", course=hormone)
    mode = "met" if seer == "distant" or local in ("none", "chemo") else "ned"
    recur = 0
    if net_death and mode == "ned":
        recur = diag + int((death - diag) * (0.3 + 0.4 * r()))
    surgery_agents = _SURGERY[key]
    if local in ("surgery", "emr") or debulk:
        if local == "emr":
            c = b.course("emr", "endoscopic mucosal resection", 0, "curative", t0, 0)
            add(t0, "procedure", "emr", course=c, tumor=0)
        else:
            big = size is not None and (size > 2 or seer != "localized")
            agent = surgery_agents[1 if big and len(surgery_agents) > 1 else 0]
            if functional == "insulinoma" and size is not None and size < 2:
                agent = "enucleation"
            if cs:
                sc = b.course(
                    "octreotide_sc",
                    "octreotide 500 mcg SC (crisis prophylaxis)",
                    0,
                    "symptom_control",
                    t0,
                    0,
                )
                add(t0, "medication", "octreotide_sc", 500.0, "ug", "dose", course=sc)
                b.close(sc, t0, "completed")
            intent = "palliative" if debulk else "curative"
            c = b.course("surgery", agent, 0, intent, t0, 0)
            add(t0, "procedure", "surgery", course=c, tumor=0)
        b.close(c, t0, "completed")
        add(t0 + 5 + int(r() * 5), "pathology", "resection_specimen", ki67, "%", grade, tumor=0)
        if hormone >= 0 and not debulk:
            add(t0, "medication", "hormone_therapy", finding="stop", course=hormone)
            b.close(hormone, t0, "completed")
        if nec and local == "surgery":
            _chemo(b, t0 + 35, "platinum_etoposide", 4, 0, "adjuvant")
        t0 = t0 + 42 if debulk else t0
    elif local == "surveillance":
        c = b.course(
            "surveillance", "active surveillance (small non-functional pNET)", 0, "curative", t0, 0
        )
        add(t0, "tumor_board", "surveillance")
    elif local == "chemo":
        _chemo(b, t0, "platinum_etoposide", 4 + int(r() * 3), 1, "curative")
        rt = b.course("radiation", "chemoradiation", 1, "curative", t0, 0)
        add(t0, "radiation", "radiation", 50.0 + 10.0 * int(r() * 2), "Gy", course=rt)
        b.close(rt, t0 + 42, "completed")
    small_low_risk = (
        key in ("rectum", "appendix")
        and size is not None
        and size < 1
        and g1
        and local != "surgery"
        and not recur
    ) or (
        key == "appendix"
        and size is not None
        and size <= 2
        and g1
        and seer == "localized"
        and not recur
    )

    # follow-up loop
    prog = 0
    line = 0
    open_daily = -1
    if mode == "met":
        prog, line, open_daily = _next_line(b, t0, 0, -1, first=True, functional=functional)
    v = (tb if mode == "met" else t0) + (60 if nec else 90 if mode == "met" else 180)
    fu_end = diag + 3653  # about 10 years of follow-up
    visits = 0
    cga = extent_cga
    pending_planned = True
    # A living patient may miss the last visit that fell due before TODAY (one draw, at the
    # first visit that can be the last one due: within the longest interval that can follow it).
    may_miss = not dead
    while True:
        if v > limit or v > fu_end:
            if (
                pending_planned
                and not dead
                and v > _TODAY
                and v <= fu_end
                and not (small_low_risk and visits >= 1)
            ):
                b.ev.append(Event(_fromord(v), "follow_up", "follow_up_visit", _PLANNED))
                prep = _fromord(max(v - 7, _TODAY + 1))
                b.ev.append(Event(prep, "lab", "chromogranin_a", _PLANNED))
                b.ev.append(Event(prep, "imaging", "mri" if key == "pancreas" else "ct", _PLANNED))
            break
        if may_miss and _TODAY - _LONGEST_GAP <= v < _TODAY:
            # the longest interval that can follow this visit (drawn at the end of the loop)
            if mode == "met":
                shortest, lengths = _GAP_FAST if (nec or grade == "G3") else _GAP_MET
                gap = shortest + lengths - 1
            elif (v - diag) / 365.25 < 3:
                gap = _GAP_EARLY[0] + _GAP_EARLY[1] - 1
            else:
                gap = _LONGEST_GAP
            if v >= _TODAY - gap:
                may_miss = False
                if r() < model.overdue:
                    # Missed: the visit stays open (planned), overdue; its CgA and imaging were
                    # not done either, and nothing is planned after it.
                    b.ev.append(Event(_fromord(v), "follow_up", "follow_up_visit", _PLANNED))
                    break
        visits += 1
        add(v, "follow_up", "follow_up_visit")
        if mode == "met":
            finding = "stable"
            if v >= prog:
                finding = "progression"
                cga *= 1.4
            elif line and r() < 0.2:
                finding = "partial_response"
            b.markers(v - 3, cga, hiaa)
            if finding == "progression" or v - b.last_pet > 700:
                b.pet(v - 5, _lesions(b, size, nodes_pos, True, extra, pet=True), finding)
            else:
                add(v - 4, "imaging", cross, finding=finding, tumor=0)
            if finding == "progression":
                tbd = v + 7 + int(r() * 7)
                add(tbd, "tumor_board", "progression")
                prog, line, open_daily = _next_line(
                    b,
                    tbd + 14 + int(r() * 14),
                    line,
                    open_daily,
                    first=False,
                    functional=functional,
                )
            shortest, lengths = _GAP_FAST if (nec or grade == "G3") else _GAP_MET
            v += shortest + int(r() * lengths)
        else:
            nedcga = 45.0 if local != "surveillance" else cga
            b.markers(v - 3, nedcga, hiaa if visits % 2 == 0 else None)
            if recur and v >= recur:
                b.pet(v - 5, _lesions(b, None, False, True, r() < 0.3, pet=True), "recurrence")
                tbd = v + 7 + int(r() * 7)
                add(tbd, "tumor_board", "recurrence")
                mode = "met"
                b.hepatic = True
                cga = extent_cga * 3
                prog, line, open_daily = _next_line(
                    b, tbd + 14 + int(r() * 14), 0, -1, first=True, functional=functional
                )
                v = tbd + 90
                continue
            if visits <= 6 or visits % 2 == 0:
                if local == "surveillance" and visits % 2 == 1:
                    add(v - 4, "endoscopy", "eus", finding="stable", tumor=0)
                else:
                    add(
                        v - 4,
                        "imaging",
                        cross,
                        finding="no_evidence_of_disease" if local != "surveillance" else "stable",
                        tumor=0,
                    )
            if small_low_risk and visits >= 1:
                pending_planned = False
                break
            years = (v - diag) / 365.25
            v += _GAP_EARLY[0] + int(r() * _GAP_EARLY[1]) if years < 3 else _LONGEST_GAP
    # close open courses and emit SSA injections
    end_reason = "death" if dead else "ongoing"
    if b.ssa is not None:
        _ssa_injections(b)
    if open_daily >= 0:
        if dead:
            add(limit, "medication", b.courses[open_daily].code, finding="stop", course=open_daily)
        b.close(open_daily, limit, end_reason)
    for i, draft in enumerate(b.courses):
        if draft.end is None and draft.code in _OPEN_ENDED:
            if dead and draft.code in ("hormone_therapy", "telotristat"):
                add(limit, "medication", draft.code, finding="stop", course=i)
            b.close(i, limit, end_reason)
    # A course planned to start after the history ends (death, or TODAY) never happened: drop
    # it with the "stop" event closing it at the limit, and renumber the others' events.
    kept = [i for i, c in enumerate(b.courses) if c.start <= limit]
    if len(kept) < len(b.courses):
        renumber = {old: new for new, old in enumerate(kept)}
        b.ev = [e._replace(course=renumber[e.course]) if e.course >= 0 else e
                for e in b.ev if e.course < 0 or e.course in renumber]
        b.courses = [b.courses[i] for i in kept]
    if dead:
        b.ev.append(Event(_fromord(death), "death", "death", _DONE))
    b.ev.sort(key=_BY_DAY)
    last_contact = limit
    for e in reversed(b.ev):
        if e.status == _DONE and e.kind != "death":
            last_contact = e.day.toordinal()
            break
    courses = tuple(
        TreatmentCourse(
            index=i,
            code=c.code,
            agent=c.agent,
            line=c.line,
            intent=c.intent,
            start=_fromord(c.start),
            end=None if c.end is None or c.reason == "ongoing" else _fromord(c.end),
            interval_days=c.interval,
            administrations=c.count,
            stop_reason=c.reason or end_reason,
        )
        for i, c in enumerate(b.courses)
    )
    tumor = Tumor(
        index=0,
        primary_key=key,
        site=site,
        subsite=subsite,
        histology=histology,
        size_cm=size,
        depth=depth,
        multiplicity=multiplicity,
        differentiation="poor" if nec else "well",
        category="NEC" if nec else "NET",
        grade=None if nec else grade,
        ki67_percent=ki67,
        mitoses_per_2mm2=mitoses,
        nodes_examined=examined,
        nodes_positive=positive,
        hepatic_metastases=hepatic,
        extrahepatic_metastases=extra,
        t=t,
        n=n,
        m=m,
        stage_group=stage,
        seer_stage=seer,
        functional_syndrome=functional,
        diagnosis_date=_fromord(diag),
        mesenteric_mass_cm=mass,
        necrosis="none" if histology == "typical carcinoid" else "",
    )
    vital = VitalStatus(
        alive=not dead,
        death_date=_fromord(death) if dead else None,
        cause_of_death=("neuroendocrine_tumor" if net_death else "other") if dead else None,
        last_contact=_fromord(last_contact),
    )
    return PatientHistory(
        index=index,
        demographics=demo,
        referral=referral,
        tumors=(tumor,),
        carcinoid_syndrome=cs,
        hereditary_syndrome=syndrome,
        courses=courses,
        events=tuple(b.ev),
        vital_status=vital,
    )


def _chemo(b: _Builder, start: int, code: str, cycles: int, line: int, intent: str) -> int:
    """A cyclic chemotherapy course: one medication event per cycle."""
    interval = 21 if code == "platinum_etoposide" else 28
    agent = "carboplatin-etoposide" if code == "platinum_etoposide" else "capecitabine-temozolomide"
    c = b.course(code, agent, line, intent, start, interval)
    day = start
    for _ in range(cycles):
        if not b.add(day, "medication", code, None, "", "dose", course=c):
            break
        day += interval
    b.close(c, day - interval, "completed")
    return c


def _next_line(
    b: _Builder, start: int, line: int, open_daily: int, *, first: bool, functional: str | None
) -> tuple[int, int, int]:
    """Start the next systemic line at ``start``.

    Returns (latent progression day, line number, index of the open daily-drug course or -1).
    """
    r = b.r
    if open_daily >= 0:
        b.add(
            start - 1, "medication", b.courses[open_daily].code, finding="stop", course=open_daily
        )
        b.close(open_daily, start - 1, "progression")
        open_daily = -1
    line += 1
    expo = b.rng.expovariate
    if b.nec:
        if first:
            _chemo(b, start, "platinum_etoposide", 4 + int(r() * 3), line, "palliative")
            return start + int(expo(1.0 / 150.0)) + 90, line, -1
        if r() < 0.5:
            _chemo(b, start, "captem", 4 + int(r() * 4), line, "palliative")
        else:
            rt = b.course("radiation", "palliative radiation", line, "palliative", start, 0)
            b.add(start, "radiation", "radiation", 30.0, "Gy", course=rt)
            b.close(rt, start + 14, "completed")
        return start + int(expo(1.0 / 90.0)) + 60, line, -1
    if first:
        if b.ssa is None:
            lar = r() < 0.5
            agent = "octreotide LAR 30 mg IM" if lar else "lanreotide 120 mg deep SC"
            code = "octreotide_lar" if lar else "lanreotide"
            idx = b.course(code, agent, line, "palliative", start, 28)
            b.ssa = (idx, start, code, 30.0 if lar else 120.0)
            if b.cs:
                if r() < 0.6:
                    sc = b.course(
                        "octreotide_sc",
                        "octreotide 100 mcg SC as needed",
                        0,
                        "symptom_control",
                        start,
                        0,
                    )
                    b.add(start, "medication", "octreotide_sc", 100.0, "ug", "start", course=sc)
                if r() < 0.3:
                    tday = start + 90 + int(r() * 180)
                    te = b.course(
                        "telotristat", "telotristat ethyl 250 mg TID", 0, "symptom_control", tday, 0
                    )
                    b.add(tday, "medication", "telotristat", 250.0, "mg", "start", course=te)
        pfs = expo(1.0 / b.pfs_days.get(b.grade, 550.0))
        return start + 60 + int(pfs), line, -1
    # later lines: choose among the options that fit the tumour
    options: list[str] = []
    if b.krenning >= 3 and not any(c.code == "prrt" for c in b.courses):
        options += ["prrt", "prrt"]
    if b.key == "pancreas":
        options += ["everolimus", "sunitinib", "captem"]
    elif b.key in ("lung", "jejunum_ileum", "unknown", "caecum", "colon", "rectum", "stomach"):
        options.append("everolimus")
    if b.hepatic:
        options.append("liver_directed")
    options.append("radiation")
    choice = options[int(r() * len(options))]
    if choice == "prrt":
        c = b.course("prrt", "Lu-177 DOTATATE 7.4 GBq", line, "palliative", start, 56)
        day = start
        for _ in range(4):
            if not b.add(day, "prrt", "lu177_dotatate", 7.4, "GBq", "dose", course=c):
                break
            b.add(day, "medication", "octreotide_lar", 30.0, "mg", "dose", course=c)
            day += 56
        b.close(c, day - 56, "completed")
        b.washouts.append((start - 28, day - 56 + 28))
        return start + 200 + int(expo(1.0 / 850.0)), line, -1
    if choice in ("everolimus", "sunitinib"):
        dose = 10.0 if choice == "everolimus" else 37.5
        c = b.course(choice, f"{choice} {dose:g} mg daily", line, "palliative", start, 0)
        b.add(start, "medication", choice, dose, "mg", "start", course=c)
        return start + 60 + int(expo(1.0 / 330.0)), line, c
    if choice == "captem":
        _chemo(b, start, "captem", 6 + int(r() * 7), line, "palliative")
        return start + 120 + int(expo(1.0 / 500.0)), line, -1
    if choice == "liver_directed":
        agent = (
            "transarterial chemoembolization",
            "radioembolization (Y-90)",
            "radiofrequency ablation",
        )[int(r() * 3)]
        c = b.course("liver_directed", agent, line, "palliative", start, 0)
        b.add(start, "procedure", "liver_directed", course=c)
        second = r() < 0.4 and b.add(start + 42, "procedure", "liver_directed", course=c)
        b.close(c, start + 42 if second else start, "completed")
        return start + 90 + int(expo(1.0 / 360.0)), line, -1
    rt = b.course("radiation", "palliative radiation", line, "palliative", start, 0)
    b.add(start, "radiation", "radiation", 20.0 + 10.0 * int(r() * 2), "Gy", course=rt)
    b.close(rt, start + 14, "completed")
    return start + 60 + int(expo(1.0 / 240.0)), line, -1


def _ssa_injections(b: _Builder) -> None:
    """Emit the long-acting SSA injections every 28 days, skipping PRRT washout windows."""
    assert b.ssa is not None  # noqa: S101 - caller checks
    idx, start, code, dose = b.ssa
    day = last = start
    washouts = b.washouts
    add = b.add
    while day <= b.limit:
        if not any(a <= day < z for a, z in washouts):
            add(day, "medication", code, dose, "mg", "dose", course=idx)
            last = day
        day += 28
    if b.limit < _TODAY:
        b.close(idx, last, "death")
