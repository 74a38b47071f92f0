"""Guideline decision support for the tumor board (REFERENCE sections 1-8).

:func:`options_for` reads a :class:`~netcare.clinical.snapshot.PatientSnapshot` and lists the
options a tumor board may discuss: treatments, surveillance, missing workup, referrals and
screening. Each option carries a stable code, a rationale built from the patient's own values,
its sources (a REFERENCE section and, through it, the guideline or trial), and what would make
it not apply. Options support a tumor board; they are never decisions.

Rules on unknown values: ``None`` in the snapshot is unknown. An option whose condition depends
on an unknown value is not listed as applying; the workup that would settle it is listed
instead (e.g. SSTR status unknown -> ``workup_sstr_pet``, not ``ssa_first_line``).

Cost: one pass over the snapshot, no I/O; a few tens of microseconds per patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from netcare.clinical import prrt
from netcare.clinical import sources as ref
from netcare.clinical.biomarkers import carcinoid_symptoms
from netcare.clinical.snapshot import (
    BestResponse,
    Depth,
    FunctionalSyndrome,
    GastricType,
    Margin,
    PatientSnapshot,
    TreatmentKind,
    TumorFacts,
)
from netcare.clinical.vocabulary import Category, Differentiation, Grade, M, N, Site, Subsite

__all__ = [
    "DISCLAIMER",
    "GEP_SITES",
    "MIDGUT_BY_SITE",
    "DecisionSupport",
    "Option",
    "OptionKind",
    "options_for",
]

#: Shown with every result (DESIGN "Rules that hold everywhere").
DISCLAIMER = (
    "These options support the discussion of a multidisciplinary tumor board. They are not "
    "decisions: a clinician decides, with the patient, after reviewing the inputs shown."
)

JsonScalar = str | int | float | bool | None


class OptionKind(StrEnum):
    """What sort of option it is."""

    TREATMENT = "treatment"
    SURVEILLANCE = "surveillance"
    WORKUP_NEEDED = "workup_needed"
    REFERRAL = "referral"
    SCREENING = "screening"


@dataclass(frozen=True, slots=True)
class Option:
    """One option for the tumor board.

    Attributes:
        code: stable identifier (e.g. ``ssa_first_line``); see docs/clinical-rules.md (§3.3).
        title: short human title.
        kind: :class:`OptionKind`.
        rationale: why it is listed, with the patient's own values.
        sources: REFERENCE sections and, through them, the guideline or trial.
        would_not_apply_if: findings that would remove the option.
    """

    code: str
    title: str
    kind: OptionKind
    rationale: str
    sources: tuple[str, ...]
    would_not_apply_if: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-able dict."""
        return {
            "code": self.code,
            "title": self.title,
            "kind": self.kind.value,
            "rationale": self.rationale,
            "sources": list(self.sources),
            "would_not_apply_if": list(self.would_not_apply_if),
        }


@dataclass(frozen=True, slots=True)
class DecisionSupport:
    """The result of :func:`options_for`.

    Attributes:
        options: in rule order (workup first, then treatments, referrals, screening).
        inputs_used: ``(dotted snapshot field, value)`` pairs the rules read; None = unknown.
        notes: options considered and left out, with the reason (e.g. PRRT and CrCl 35).
        disclaimer: :data:`DISCLAIMER`.
    """

    options: tuple[Option, ...]
    inputs_used: tuple[tuple[str, JsonScalar], ...]
    notes: tuple[str, ...] = ()
    disclaimer: str = DISCLAIMER

    @property
    def codes(self) -> tuple[str, ...]:
        """The option codes, in order."""
        return tuple(option.code for option in self.options)

    def option(self, code: str) -> Option | None:
        """The option with `code`, or None when it is not listed."""
        for option in self.options:
            if option.code == code:
                return option
        return None

    def to_dict(self) -> dict[str, object]:
        """A JSON-able dict (for the tumor board record)."""
        return {
            "options": [option.to_dict() for option in self.options],
            "inputs_used": [[name, value] for name, value in self.inputs_used],
            "notes": list(self.notes),
            "disclaimer": self.disclaimer,
        }


# --------------------------------------------------------------------------------------------
# Vocabulary groups

_SITE_LABEL = {
    Site.STOMACH: "gastric",
    Site.DUODENUM_AMPULLA: "duodenal/ampullary",
    Site.JEJUNUM_ILEUM: "small-intestinal (jejunum/ileum)",
    Site.APPENDIX: "appendiceal",
    Site.COLON_RECTUM: "colorectal",
    Site.PANCREAS: "pancreatic",
    Site.LUNG: "lung",
}
#: Gastroenteropancreatic sites: the PRRT label indication (REFERENCE §5); defined in prrt.
GEP_SITES = prrt.GEP_SITES
_SYSTEMIC = frozenset(
    {
        TreatmentKind.OCTREOTIDE_LAR,
        TreatmentKind.LANREOTIDE,
        TreatmentKind.EVEROLIMUS,
        TreatmentKind.SUNITINIB,
        TreatmentKind.CAPTEM,
        TreatmentKind.PLATINUM_ETOPOSIDE,
        TreatmentKind.PRRT,
    }
)
_SSA = frozenset({TreatmentKind.OCTREOTIDE_LAR, TreatmentKind.LANREOTIDE})
_PANCREATIC_SYNDROMES = frozenset(
    {
        FunctionalSyndrome.GASTRINOMA,
        FunctionalSyndrome.INSULINOMA,
        FunctionalSyndrome.GLUCAGONOMA,
        FunctionalSyndrome.VIPOMA,
        FunctionalSyndrome.SOMATOSTATINOMA,
    }
)
_DEEP = frozenset({Depth.MUSCULARIS_PROPRIA, Depth.SUBSEROSA, Depth.SEROSA, Depth.ADJACENT_ORGANS})
_SHALLOW = frozenset({Depth.MUCOSA, Depth.SUBMUCOSA})
#: Option codes after which carcinoid-crisis prophylaxis is listed (REFERENCE §8).
_PROCEDURES = (
    "gastric_type3_surgery",
    "duodenal_surgical_resection",
    "si_resection_lymphadenectomy",
    "appendix_right_hemicolectomy",
    "rectal_surgery",
    "pancreas_surgery",
    "liver_directed_therapy",
    "prrt_after_ssa_progression",
    "prrt_first_line_netter2",
)

# PRRT eligibility: the thresholds and their sources live in `netcare.clinical.prrt`. Criteria a
# PRRT option requires (the label's, and the NETTER-1 organ-function and uptake criteria); the
# other NETTER-1 criteria describe the trial population and are shown, not required.
_PRRT_LABEL = ("label_sstr_positive", "label_gep_net", "label_age")
_PRRT_ORGAN = (
    "n1_creatinine_clearance",
    "n1_hemoglobin",
    "n1_wbc",
    "n1_platelets",
    "n1_bilirubin",
    "n1_albumin",
    "n1_karnofsky",
)
_PRRT_AFTER_SSA = (*_PRRT_LABEL, "n1_uptake", *_PRRT_ORGAN)
_PRRT_AFTER_SSA_CONTEXT = (
    "n1_well_differentiated",
    "n1_midgut",
    "n1_ki67",
    "n1_progression_on_lar",
    "n1_age",
)
_PRRT_NETTER2 = (
    *_PRRT_LABEL,
    "n2_well_differentiated",
    "n2_gep_net",
    "n2_ki67",
    "n2_first_line",
    "n2_uptake",
    "n2_age",
    *_PRRT_ORGAN,
)
#: Midgut origin by site for NETTER-1 (REFERENCE §5); None where colon/rectum leaves it open.
MIDGUT_BY_SITE = prrt.MIDGUT_BY_SITE  # midgut by primary site (REFERENCE §5)
_YOUNG_ONSET_AGE = 40  # REFERENCE §6 "young-onset" gives no number: netcare's choice (verify)


def _num(value: float) -> str:
    return f"{value:g}"


def _describe(tumor: TumorFacts) -> str:
    """The tumor in the words a board uses: 'pancreatic NET 1.5 cm, Ki-67 2 % (G1)'."""
    site = _SITE_LABEL[tumor.site] if tumor.site is not None else "primary site unknown"
    if tumor.category is Category.NEC or tumor.differentiation is Differentiation.POOR:
        kind = "NEC"
    elif tumor.category is Category.NET or tumor.differentiation is Differentiation.WELL:
        kind = "NET"
    else:
        kind = "neuroendocrine neoplasm (differentiation unknown)"
    parts = [f"{site} {kind}"]
    parts.append(f"{_num(tumor.size_cm)} cm" if tumor.size_cm is not None else "size unknown")
    ki67 = f"Ki-67 {_num(tumor.ki67_percent)} %" if tumor.ki67_percent is not None else ""
    grade = tumor.grade.value if tumor.grade is not None else ""
    if ki67 and grade:
        parts.append(f"{ki67} ({grade})")
    elif ki67 or grade:
        parts.append(ki67 or grade)
    return ", ".join(parts)


class _Draft:
    """An option being assembled; several rules (or tumors) may add reasons to one code."""

    __slots__ = ("code", "kind", "reasons", "sources", "title", "would_not_apply_if")

    def __init__(
        self,
        code: str,
        title: str,
        kind: OptionKind,
        sources: tuple[str, ...],
        would_not_apply_if: tuple[str, ...],
    ) -> None:
        self.code = code
        self.title = title
        self.kind = kind
        self.reasons: list[str] = []
        self.sources = sources
        self.would_not_apply_if = would_not_apply_if


class _Run:
    """State of one evaluation: the options so far, the inputs read, the notes."""

    __slots__ = ("drafts", "notes", "snap", "used")

    def __init__(self, snap: PatientSnapshot) -> None:
        self.snap = snap
        self.drafts: dict[str, _Draft] = {}
        self.used: dict[str, JsonScalar] = {}
        self.notes: list[str] = []

    def add(
        self,
        code: str,
        title: str,
        kind: OptionKind,
        reason: str,
        sources: tuple[str, ...],
        would_not_apply_if: tuple[str, ...],
    ) -> None:
        draft = self.drafts.get(code)
        if draft is None:
            draft = self.drafts[code] = _Draft(code, title, kind, sources, would_not_apply_if)
        if reason not in draft.reasons:
            draft.reasons.append(reason)

    def use(self, name: str, value: object) -> None:
        if isinstance(value, Enum):
            self.used[name] = value.value
        elif isinstance(value, tuple):  # symptoms, extrahepatic sites: "none" when empty
            self.used[name] = ", ".join(str(item) for item in value) or "none"
        else:
            self.used[name] = value  # type: ignore[assignment]  # snapshot scalars only

    def result(self) -> DecisionSupport:
        options = tuple(
            Option(
                d.code,
                d.title,
                d.kind,
                "; ".join(d.reasons),
                d.sources,
                d.would_not_apply_if,
            )
            for d in sorted(self.drafts.values(), key=_kind_order)
        )
        return DecisionSupport(options, tuple(self.used.items()), tuple(self.notes))


_ORDER = {
    OptionKind.WORKUP_NEEDED: 0,
    OptionKind.TREATMENT: 1,
    OptionKind.SURVEILLANCE: 2,
    OptionKind.REFERRAL: 3,
    OptionKind.SCREENING: 4,
}


def _kind_order(draft: _Draft) -> int:
    return _ORDER[draft.kind]


# --------------------------------------------------------------------------------------------
# Facts derived from the snapshot (each None when unknown)


def _is_nec(tumor: TumorFacts) -> bool:
    return tumor.category is Category.NEC or tumor.differentiation is Differentiation.POOR


def _is_net(tumor: TumorFacts) -> bool:
    return not _is_nec(tumor) and (
        tumor.category is Category.NET or tumor.differentiation is Differentiation.WELL
    )


def _metastatic(run: _Run) -> bool | None:
    """True with distant metastases, False when excluded, None when unknown (REFERENCE §2)."""
    snap = run.snap
    mets = snap.metastases
    run.use("metastases.hepatic", mets.hepatic)
    run.use("metastases.extrahepatic_sites", mets.extrahepatic_sites)
    m_values = [tumor.m for tumor in snap.tumors if tumor.m is not None]
    for index, tumor in enumerate(snap.tumors):
        if tumor.m is not None:
            run.use(f"tumors[{index}].m", tumor.m.value)
    if mets.hepatic or mets.extrahepatic_sites or any(m is not M.M0 for m in m_values):
        return True
    if (mets.hepatic is False and mets.extrahepatic_sites == ()) or M.M0 in m_values:
        return False
    return None


def _sstr_positive(run: _Run) -> bool | None:
    """SSTR status by `prrt.sstr_status` (REFERENCE §4): the reader's call, else Krenning >= 2,
    else unknown; records the SSTR inputs read."""
    sstr = run.snap.sstr
    run.use("sstr.done", sstr.done)
    run.use("sstr.positive", sstr.positive)
    run.use("sstr.krenning_score", sstr.krenning_score)
    return prrt.sstr_status(sstr)


def _sstr_text(run: _Run) -> str:
    sstr = run.snap.sstr
    if sstr.krenning_score is not None:
        return f"Krenning {sstr.krenning_score}"
    return "SSTR-positive (Krenning score not recorded)"


def _progressive(run: _Run) -> bool | None:
    """Documented progression: on SSA, or best response 'progressive disease' to a treatment."""
    snap = run.snap
    run.use("progression_on_ssa", snap.progression_on_ssa)
    if snap.progression_on_ssa:
        return True
    for treatment in snap.treatments:
        if treatment.best_response is BestResponse.PROGRESSIVE_DISEASE:
            run.use("treatments.best_response", "progressive_disease")
            return True
    return snap.progression_on_ssa


def _metastasis_text(snap: PatientSnapshot) -> str:
    parts = []
    if snap.metastases.hepatic:
        parts.append("liver metastases")
    if snap.metastases.extrahepatic_sites:
        sites = ", ".join(
            site.value.replace("_", " ") for site in snap.metastases.extrahepatic_sites
        )
        parts.append(f"extrahepatic metastases ({sites})")
    return " and ".join(parts) or "distant metastases (M1)"


# --------------------------------------------------------------------------------------------
# The rules


def options_for(snapshot: PatientSnapshot) -> DecisionSupport:
    """List the tumor board options for `snapshot` (REFERENCE sections 1-9).

    Pure and cheap: one pass over the snapshot, no I/O.

    Args:
        snapshot: the patient's clinical state; ``tumors[0]`` is the index tumor.

    Returns:
        The options (never decisions), the inputs read, notes on options left out, and the
        disclaimer that a clinician decides.
    """
    run = _Run(snapshot)
    run.use("as_of", snapshot.as_of.isoformat())
    metastatic = _metastatic(run)
    _workup(run, metastatic)
    for index, tumor in enumerate(snapshot.tumors):
        if _is_net(tumor) and metastatic is not True:
            _localized(run, index, tumor, metastatic)
    if snapshot.tumors:
        index_tumor = snapshot.tumors[0]
        if _is_nec(index_tumor) or any(_is_nec(tumor) for tumor in snapshot.tumors):
            _nec(run, metastatic)
        elif metastatic and _is_net(index_tumor):
            _metastatic_net(run, index_tumor)
    _carcinoid_syndrome(run)
    _hereditary(run)
    if snapshot.functional_syndrome is FunctionalSyndrome.CARCINOID_SYNDROME:
        procedures = [code for code in _PROCEDURES if code in run.drafts]
        if procedures:
            run.add(
                "octreotide_periprocedural",
                "Short-acting octreotide around procedures (carcinoid crisis prevention)",
                OptionKind.TREATMENT,
                f"carcinoid syndrome and a procedure under discussion ({', '.join(procedures)})",
                (ref.SSA_SYNDROME,),
                ("no procedure is planned",),
            )
    return run.result()


def _workup(run: _Run, metastatic: bool | None) -> None:
    """Tests needed before a decision (REFERENCE §1-§4)."""
    snap = run.snap
    if not snap.tumors:
        run.add(
            "workup_pathology_review",
            "Pathology: diagnosis, differentiation and Ki-67",
            OptionKind.WORKUP_NEEDED,
            "no tumor recorded yet",
            (ref.GRADE,),
            ("a tumor with differentiation and grade is recorded",),
        )
    for index, tumor in enumerate(snap.tumors):
        prefix = f"tumors[{index}]."
        run.use(prefix + "site", tumor.site)
        run.use(prefix + "differentiation", tumor.differentiation)
        run.use(prefix + "category", tumor.category)
        run.use(prefix + "grade", tumor.grade)
        run.use(prefix + "ki67_percent", tumor.ki67_percent)
        run.use(prefix + "size_cm", tumor.size_cm)
        missing = []
        if tumor.differentiation is None and tumor.category is None:
            missing.append("differentiation (NET or NEC) not recorded")
        elif _is_net(tumor) and tumor.grade is None:
            missing.append("WHO grade not recorded")
        if tumor.ki67_percent is None and tumor.mitoses_per_2mm2 is None:
            missing.append("Ki-67 and mitotic count not recorded")
        if missing:
            run.add(
                "workup_pathology_review",
                "Pathology review: differentiation, Ki-67 and WHO grade",
                OptionKind.WORKUP_NEEDED,
                f"{_describe(tumor)}: {', '.join(missing)}",
                (ref.GRADE,),
                ("differentiation, Ki-67/mitoses and grade are recorded",),
            )
        if tumor.site is None and metastatic:
            run.add(
                "workup_primary_site",
                "Search for the primary tumor (SSTR PET, CT/MRI, endoscopy)",
                OptionKind.WORKUP_NEEDED,
                f"{_metastasis_text(snap)} with the primary site unknown",
                (ref.SSTR, ref.STAGE),
                ("the primary site is found",),
            )

    run.use("staging_imaging_done", snap.staging_imaging_done)
    if snap.tumors and (
        snap.staging_imaging_done is False
        or (snap.staging_imaging_done is None and metastatic is None)
    ):
        state = "not done" if snap.staging_imaging_done is False else "not recorded"
        run.add(
            "workup_staging_imaging",
            "Staging imaging (multiphase CT or MRI of abdomen/pelvis, chest CT)",
            OptionKind.WORKUP_NEEDED,
            f"staging imaging {state}; distant metastases neither found nor excluded",
            (ref.STAGE,),
            ("staging imaging is done and M is recorded",),
        )

    sstr_status = _sstr_positive(run)
    if sstr_status is None and any(_is_net(tumor) for tumor in snap.tumors):
        needs = []
        if metastatic is not False:
            needs.append("distant spread not excluded" if metastatic is None else "metastatic")
        needs.extend(
            "small-intestinal primary (staging, multifocal disease)"
            for tumor in snap.tumors
            if tumor.site is Site.JEJUNUM_ILEUM and _is_net(tumor)
        )
        if snap.functional_syndrome is FunctionalSyndrome.CARCINOID_SYNDROME:
            needs.append("carcinoid syndrome")
        if needs:
            state = "not done" if snap.sstr.done is not True else "done but result not recorded"
            run.add(
                "workup_sstr_pet",
                "Ga-68 DOTATATE PET (SSTR imaging) with Krenning score",
                OptionKind.WORKUP_NEEDED,
                f"well-differentiated NET, SSTR imaging {state}; needed because: "
                + ", ".join(dict.fromkeys(needs)),
                (ref.SSTR,),
                ("SSTR imaging result is recorded",),
            )

    run.use("symptoms", snap.symptoms)
    run.use("functional_syndrome", snap.functional_syndrome)
    run.use("markers.hiaa_mg_24h", snap.markers.hiaa_mg_24h)
    if snap.markers.hiaa_mg_24h is None:
        reasons = [
            f"symptom: {symptom.value.replace('_', ' ')}"
            for symptom in carcinoid_symptoms(snap.symptoms or ())
        ]
        if snap.functional_syndrome is FunctionalSyndrome.CARCINOID_SYNDROME:
            reasons.append("carcinoid syndrome recorded")
        if any(tumor.site is Site.JEJUNUM_ILEUM for tumor in snap.tumors):
            reasons.append("small-intestinal NET (baseline marker)")
        if reasons:
            run.add(
                "workup_5hiaa",
                "24-h urine 5-HIAA (with diet and drug instructions)",
                OptionKind.WORKUP_NEEDED,
                "5-HIAA not measured; " + ", ".join(reasons),
                (ref.MARKERS,),
                ("a 5-HIAA result is recorded",),
            )


def _localized(run: _Run, index: int, tumor: TumorFacts, metastatic: bool | None) -> None:
    """Site-specific options for a NET without known distant spread (REFERENCE §7)."""
    prefix = f"tumors[{index}]."
    desc = _describe(tumor)
    if metastatic is None:
        desc += " (distant spread not yet excluded)"
    if tumor.resected and tumor.site is not Site.APPENDIX:
        _after_resection(run, prefix, tumor, desc)
        return
    site = tumor.site
    if site is Site.STOMACH:
        _gastric(run, prefix, tumor, desc)
    elif site is Site.DUODENUM_AMPULLA:
        _duodenal(run, prefix, tumor, desc)
    elif site is Site.JEJUNUM_ILEUM:
        run.use(prefix + "multifocal", tumor.multifocal)
        multifocal = {True: "multifocal", False: "unifocal", None: "multifocality unknown"}
        run.add(
            "si_resection_lymphadenectomy",
            "Small-bowel resection with mesenteric lymphadenectomy; palpate the whole bowel",
            OptionKind.TREATMENT,
            f"{desc}, {multifocal[tumor.multifocal]}: resection with mesenteric "
            "lymphadenectomy, look for multifocal tumors",
            (ref.SMALL_INTESTINE,),
            ("unresectable mesenteric disease", "distant metastases (then see metastatic options)"),
        )
    elif site is Site.APPENDIX:
        _appendix(run, prefix, tumor, desc)
    elif site is Site.COLON_RECTUM:
        _rectal(run, prefix, tumor, desc)
    elif site is Site.PANCREAS:
        _pancreatic(run, prefix, tumor, desc)
    else:  # lung, or primary unknown: REFERENCE §7 gives no localized rule
        run.notes.append(f"{desc}: no localized-disease rule in REFERENCE §7")


def _size_workup(run: _Run, tumor: TumorFacts, desc: str, what: str) -> None:
    run.add(
        "workup_endoscopic_assessment",
        "Endoscopy / endoscopic ultrasound: size, depth and nodes",
        OptionKind.WORKUP_NEEDED,
        f"{desc}: {what} unknown",
        (ref.STAGE,),
        ("size and depth of invasion are recorded",),
    )


def _after_resection(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    run.use(prefix + "resected", tumor.resected)
    run.use(prefix + "margin", tumor.margin)
    if tumor.margin is Margin.POSITIVE:
        run.add(
            "re_resection_positive_margin",
            "Completion or re-resection for a positive margin",
            OptionKind.TREATMENT,
            f"{desc}, resected with a positive margin",
            (ref.STAGE, ref.SURVEILLANCE),
            ("margin re-read as negative",),
        )
    run.add(
        "surveillance_after_resection",
        "Surveillance after resection (review, markers, imaging)",
        OptionKind.SURVEILLANCE,
        f"{desc}, resected (margin {tumor.margin or 'unknown'})",
        (ref.SURVEILLANCE,),
        ("residual or metastatic disease",),
    )


def _gastric(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    run.use(prefix + "gastric_type", tumor.gastric_type)
    gastric_type = tumor.gastric_type
    if gastric_type is None:
        run.add(
            "workup_gastric_type",
            "Gastric NET type: fasting gastrin, gastric pH, fundic biopsies (atrophic gastritis)",
            OptionKind.WORKUP_NEEDED,
            f"{desc}: gastric type (1, 2 or 3) not recorded",
            (ref.GASTRIC, ref.MARKERS),
            ("gastric type is recorded",),
        )
    elif gastric_type is GastricType.TYPE_1:
        if tumor.size_cm is None:
            _size_workup(run, tumor, desc, "size")
        elif tumor.size_cm <= 1:
            run.add(
                "gastric_type1_endoscopic",
                "Endoscopic surveillance or endoscopic resection",
                OptionKind.TREATMENT,
                f"type 1 {desc} (<= 1 cm)",
                (ref.GASTRIC,),
                ("size > 1 cm", "muscularis propria invasion", "G3"),
            )
        else:
            run.add(
                "gastric_type1_resection",
                "Endoscopic or surgical resection after EUS staging",
                OptionKind.TREATMENT,
                f"type 1 {desc} (> 1 cm)",
                (ref.GASTRIC, ref.STAGE),
                ("size <= 1 cm",),
            )
    elif gastric_type is GastricType.TYPE_2:
        run.add(
            "gastric_type2_treat_gastrinoma",
            "Find and treat the gastrinoma (MEN1); gastric lesions endoscopically",
            OptionKind.TREATMENT,
            f"type 2 {desc}: driven by gastrinoma (Zollinger-Ellison), often MEN1",
            (ref.GASTRIC, ref.HEREDITARY),
            ("gastric type revised",),
        )
    else:
        run.add(
            "gastric_type3_surgery",
            "Gastric resection with lymphadenectomy, as for adenocarcinoma",
            OptionKind.TREATMENT,
            f"type 3 (sporadic) {desc}",
            (ref.GASTRIC,),
            ("gastric type revised to 1 or 2",),
        )
        if tumor.size_cm is not None and tumor.size_cm <= 1 and tumor.grade is Grade.G1:
            run.add(
                "gastric_type3_endoscopic",
                "Endoscopic resection (small G1 type 3)",
                OptionKind.TREATMENT,
                f"type 3 {desc}: small G1 may be resected endoscopically",
                (ref.GASTRIC,),
                ("size > 1 cm", "G2/G3", "muscularis invasion or nodes"),
            )


def _duodenal(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    run.use(prefix + "subsite", tumor.subsite)
    run.use(prefix + "n", tumor.n)
    run.use(prefix + "depth", tumor.depth)
    run.use(prefix + "functional", tumor.functional)
    size = tumor.size_cm
    adverse = [
        text
        for text, present in (
            (f"{_num(size or 0)} cm > 1 cm", size is not None and size > 1),
            (tumor.grade.value if tumor.grade else "", tumor.grade in (Grade.G2, Grade.G3)),
            ("ampullary", tumor.subsite is Subsite.AMPULLA),
            ("node-positive", tumor.n is N.N1),
            (f"invades {tumor.depth}", tumor.depth in _DEEP),
            ("functional (gastrinoma)", tumor.functional is True),
        )
        if present
    ]
    unknown = [
        name
        for name, value in (
            ("size", size),
            ("grade", tumor.grade),
            ("subsite", tumor.subsite),
            ("N", tumor.n),
            ("depth", tumor.depth),
            ("functional status", tumor.functional),
        )
        if value is None
    ]
    if adverse:
        run.add(
            "duodenal_surgical_resection",
            "Surgical resection (local excision or pancreaticoduodenectomy) with lymphadenectomy",
            OptionKind.TREATMENT,
            f"{desc}: {', '.join(adverse)}",
            (ref.DUODENUM,),
            ("<= 1 cm G1 non-ampullary N0 non-functional lesion confined to submucosa",),
        )
    elif unknown:
        _size_workup(run, tumor, desc, ", ".join(unknown))
    else:
        run.add(
            "duodenal_endoscopic_resection",
            "Endoscopic resection",
            OptionKind.TREATMENT,
            f"non-ampullary {desc}, N0, confined to {tumor.depth}, non-functional",
            (ref.DUODENUM,),
            ("size > 1 cm", "ampullary", "G2/G3", "nodes", "muscularis invasion", "gastrinoma"),
        )


def _appendix(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    run.use(prefix + "mesoappendix_invasion_mm", tumor.mesoappendix_invasion_mm)
    run.use(prefix + "margin", tumor.margin)
    run.use(prefix + "lymphovascular_invasion", tumor.lymphovascular_invasion)
    adverse = []
    unknown = []
    if tumor.size_cm is None:
        unknown.append("size")
    elif tumor.size_cm > 2:
        adverse.append(f"size {_num(tumor.size_cm)} cm > 2 cm")
    meso = tumor.mesoappendix_invasion_mm
    if meso is None:
        unknown.append("mesoappendiceal invasion")
    elif meso > 3:
        adverse.append(f"mesoappendiceal invasion {_num(meso)} mm > 3 mm")
    if tumor.margin is None:
        unknown.append("margin")
    elif tumor.margin is Margin.POSITIVE:
        adverse.append("positive margin")
    if tumor.lymphovascular_invasion is None:
        unknown.append("lymphovascular invasion")
    elif tumor.lymphovascular_invasion:
        adverse.append("lymphovascular invasion")
    if tumor.grade is None:
        unknown.append("grade")
    elif tumor.grade is not Grade.G1:
        adverse.append(tumor.grade.value)
    if adverse:
        run.add(
            "appendix_right_hemicolectomy",
            "Consider right hemicolectomy",
            OptionKind.TREATMENT,
            f"{desc}: {', '.join(adverse)}",
            (ref.APPENDIX,),
            ("<= 2 cm, G1, negative margin, no LVI, mesoappendiceal invasion <= 3 mm",),
        )
    elif unknown:
        run.add(
            "workup_pathology_review",
            "Pathology review: differentiation, Ki-67 and WHO grade",
            OptionKind.WORKUP_NEEDED,
            f"{desc}: appendectomy specimen features unknown ({', '.join(unknown)}); "
            "they decide between appendectomy alone and right hemicolectomy",
            (ref.APPENDIX, ref.GRADE),
            ("all features are recorded",),
        )
    else:
        run.add(
            "appendix_appendectomy",
            "Appendectomy alone",
            OptionKind.TREATMENT,
            f"{desc}: <= 2 cm, G1, negative margin, no LVI, mesoappendiceal invasion "
            f"{_num(meso or 0)} mm",
            (ref.APPENDIX,),
            ("size > 2 cm", "mesoappendix > 3 mm", "positive margin", "LVI", "G2/G3"),
        )


def _rectal(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    run.use(prefix + "depth", tumor.depth)
    run.use(prefix + "n", tumor.n)
    size = tumor.size_cm
    deep = tumor.depth in _DEEP
    nodes = tumor.n is N.N1
    if size is None and not (deep or nodes):
        _size_workup(run, tumor, desc, "size")
        return
    if (size is not None and size > 2) or deep or nodes:
        findings = [f"{_num(size)} cm > 2 cm" if size is not None and size > 2 else ""]
        findings += [
            f"invades {tumor.depth}" if deep else "",
            "node-positive (N1)" if nodes else "",
        ]
        run.add(
            "rectal_surgery",
            "Surgical resection (anterior resection / TME)",
            OptionKind.TREATMENT,
            f"{desc}: {', '.join(f for f in findings if f)}",
            (ref.RECTAL, ref.STAGE),
            ("<= 2 cm, confined to submucosa, node-negative",),
        )
    elif (
        size is not None
        and size < 1
        and tumor.grade is Grade.G1
        and tumor.depth in _SHALLOW
        and tumor.n is not N.N1
    ):
        run.add(
            "rectal_endoscopic_resection",
            "Endoscopic resection",
            OptionKind.TREATMENT,
            f"{desc}: < 1 cm, G1, confined to {tumor.depth}",
            (ref.RECTAL,),
            ("size >= 1 cm", "G2/G3", "muscularis invasion", "nodes"),
        )
    else:
        unknown = [
            name
            for name, value in (("grade", tumor.grade), ("depth", tumor.depth), ("N", tumor.n))
            if value is None
        ]
        note = f" (unknown: {', '.join(unknown)})" if unknown else ""
        run.add(
            "rectal_staging_then_resection",
            "Staging (EUS or pelvic MRI), then endoscopic or surgical resection by features",
            OptionKind.TREATMENT,
            f"{desc}: 1-2 cm or not low-risk{note}",
            (ref.RECTAL,),
            ("< 1 cm G1 confined to submucosa (endoscopic)", "> 2 cm, muscularis or nodes"),
        )


def _pancreatic(run: _Run, prefix: str, tumor: TumorFacts, desc: str) -> None:
    snap = run.snap
    run.use(prefix + "functional", tumor.functional)
    syndrome = snap.functional_syndrome
    functional: bool | None
    if tumor.functional is not None:
        functional = tumor.functional
    elif syndrome is None:
        functional = None
    else:
        functional = syndrome in _PANCREATIC_SYNDROMES
    if functional is None:
        run.add(
            "workup_functional_hormones",
            "Functional hormone workup (gastrin, insulin/proinsulin/C-peptide with glucose, "
            "glucagon, VIP) guided by symptoms",
            OptionKind.WORKUP_NEEDED,
            f"{desc}: functional status unknown",
            (ref.MARKERS, ref.PANCREAS),
            ("functional status is recorded",),
        )
    size = tumor.size_cm
    if functional is False and size is not None and size <= 2 and tumor.grade is Grade.G1:
        run.add(
            "pancreas_surveillance",
            "Active surveillance (imaging)",
            OptionKind.SURVEILLANCE,
            f"non-functional {desc} (<= 2 cm, G1)",
            (ref.PANCREAS,),
            ("size > 2 cm", "growth", "G2/G3", "functional syndrome", "dilated duct or nodes"),
        )
    if functional or (size is not None and size > 2) or tumor.grade in (Grade.G2, Grade.G3):
        why = "functional" if functional else "> 2 cm or G2/G3"
        run.add(
            "pancreas_surgery",
            "Surgical resection (pancreatectomy or enucleation) with lymphadenectomy",
            OptionKind.TREATMENT,
            f"{'functional ' if functional else ''}{desc}: {why}",
            (ref.PANCREAS,),
            ("non-functional <= 2 cm G1 (surveillance is an option)", "unresectable disease"),
        )
    elif functional is False and (size is None or tumor.grade is None):
        missing = "size" if size is None else "grade"
        run.notes.append(f"pancreatic NET: {missing} unknown, surveillance vs surgery undecided")


def _nec(run: _Run, metastatic: bool | None) -> None:
    """Poorly differentiated NEC (REFERENCE §1, §8)."""
    tumor = next(tumor for tumor in run.snap.tumors if _is_nec(tumor))
    setting = {
        True: f"metastatic ({_metastasis_text(run.snap)}): first-line",
        False: "localized: perioperative or with radiotherapy, within multimodal treatment",
        None: "extent unknown (staging pending)",
    }[metastatic]
    run.add(
        "nec_platinum_etoposide",
        "Platinum-etoposide chemotherapy",
        OptionKind.TREATMENT,
        f"{_describe(tumor)}; {setting}",
        (ref.NEC,),
        ("pathology revised to well-differentiated NET G3",),
    )


def _prrt_facts(run: _Run, tumor: TumorFacts, *, first_line: bool) -> prrt.PRRTFacts:
    """The snapshot's PRRT facts by `prrt.facts_from_snapshot` (REFERENCE §5); records the
    inputs read."""
    snap = run.snap
    labs = snap.labs
    for name, value in (
        ("age", snap.age),
        ("performance.karnofsky", snap.performance.karnofsky),
        ("labs.creatinine_clearance_ml_min", labs.creatinine_clearance_ml_min),
        ("labs.hemoglobin_g_dl", labs.hemoglobin_g_dl),
        ("labs.wbc_10e9_l", labs.wbc_10e9_l),
        ("labs.platelets_10e9_l", labs.platelets_10e9_l),
        ("labs.bilirubin_x_uln", labs.bilirubin_x_uln),
        ("labs.albumin_g_l", labs.albumin_g_l),
    ):
        run.use(name, value)
    _sstr_positive(run)  # records the SSTR inputs; the builder reads the same status
    # NETTER-1 uptake judges the lowest target-lesion score (REFERENCE §4, §5).
    run.use("sstr.lowest_krenning_score", snap.sstr.lowest_krenning_score)
    return prrt.facts_from_snapshot(snap, tumor, first_line=first_line)


# Criterion key (after its program prefix) -> (PRRTFacts attribute, or "site"; text template).
_PRRT_VALUES: dict[str, tuple[str, str]] = {
    "age": ("age_years", "age {}"),
    "uptake": ("min_target_krenning", "Krenning {}"),
    "creatinine_clearance": ("creatinine_clearance_ml_min", "CrCl {} mL/min"),
    "hemoglobin": ("hemoglobin_g_dl", "Hb {} g/dL"),
    "wbc": ("wbc_10e9_per_l", "WBC {} x10^9/L"),
    "platelets": ("platelets_10e9_per_l", "platelets {} x10^9/L"),
    "bilirubin": ("bilirubin_x_uln", "bilirubin {} x ULN"),
    "albumin": ("albumin_g_l", "albumin {} g/L"),
    "karnofsky": ("karnofsky", "Karnofsky {}"),
    "ki67": ("ki67_percent", "Ki-67 {} %"),
    "gep_net": ("site", "{}"),
    "midgut": ("site", "{}"),
}


def _prrt_value(key: str, facts: prrt.PRRTFacts, tumor: TumorFacts) -> str | None:
    """The patient's value behind criterion `key`, as text; None when unknown or not shown."""
    spec = _PRRT_VALUES.get(key.split("_", 1)[1])
    if spec is None:
        return None
    attribute, template = spec
    if attribute == "site":
        return None if tumor.site is None else template.format(tumor.site.value)
    value = getattr(facts, attribute)
    return None if value is None else template.format(_num(value))


def _prrt_criteria_text(
    results: list[prrt.CriterionResult], facts: prrt.PRRTFacts, tumor: TumorFacts
) -> str:
    """`status: criterion (value) [source]; ...` grouped by status, in criterion order."""
    groups: dict[prrt.Status, list[str]] = {}
    for result in results:
        criterion = result.criterion
        value = _prrt_value(criterion.key, facts, tumor)
        shown = criterion.description if value is None else f"{criterion.description} ({value})"
        groups.setdefault(result.status, []).append(f"{shown} [{criterion.source}]")
    return "; ".join(
        f"{status.value.replace('_', ' ')}: {', '.join(groups[status])}"
        for status in (prrt.Status.MET, prrt.Status.NOT_MET, prrt.Status.UNKNOWN)
        if status in groups
    )


def _prrt_gate(
    run: _Run,
    tumor: TumorFacts,
    label: str,
    required: tuple[str, ...],
    context: tuple[str, ...] = (),
    *,
    first_line: bool,
) -> tuple[str, tuple[str, ...]] | None:
    """PRRT eligibility by `prrt.assess_eligibility` (REFERENCE §5).

    Returns:
        The rationale (every required criterion met, with the patient's values and sources,
        then the trial-population criteria in `context` with their status) and the criteria's
        sources; None when a required criterion is not met (a note says which) or unknown (the
        workup that would settle it is added instead).
    """
    facts = _prrt_facts(run, tumor, first_line=first_line)
    eligibility = prrt.assess_eligibility(facts)
    by_key = {result.criterion.key: result for result in eligibility.criteria}
    needed = [by_key[key] for key in required]
    not_met = [r for r in needed if r.status is prrt.Status.NOT_MET]
    unknown = [r for r in needed if r.status is prrt.Status.UNKNOWN]
    if not_met:
        run.notes.append(f"{label}: not listed: {_prrt_criteria_text(not_met, facts, tumor)}")
        return None
    if any(r.criterion.key.endswith("_uptake") for r in unknown):
        run.add(
            "workup_krenning_score",
            "Score SSTR uptake against liver (Krenning) on the SSTR PET",
            OptionKind.WORKUP_NEEDED,
            f"{label} considered; SSTR-positive but the lowest target-lesion Krenning score "
            "is not recorded",
            (ref.SSTR, ref.PRRT),
            ("Krenning score recorded",),
        )
        return None
    if unknown:
        run.add(
            "workup_prrt_eligibility",
            "PRRT eligibility: age, renal and liver function, blood counts, performance status",
            OptionKind.WORKUP_NEEDED,
            f"{label} considered; {_prrt_criteria_text(unknown, facts, tumor)}",
            (ref.PRRT,),
            ("all eligibility values recorded",),
        )
        return None
    text = _prrt_criteria_text(needed, facts, tumor)
    if context:
        population = _prrt_criteria_text([by_key[key] for key in context], facts, tumor)
        text += f"; trial population (not required): {population}"
    sources = tuple(dict.fromkeys(r.criterion.source for r in needed))
    return text, sources


def _metastatic_net(run: _Run, index_tumor: TumorFacts) -> None:
    """Metastatic well-differentiated NET (REFERENCE §5, §8)."""
    snap = run.snap
    desc = f"{_describe(index_tumor)}, {_metastasis_text(snap)}"
    grade = index_tumor.grade
    ki67 = index_tumor.ki67_percent
    sstr = _sstr_positive(run)
    progressive = _progressive(run)
    ssa_given = any(treatment.kind in _SSA for treatment in snap.treatments)
    systemic_given = any(treatment.kind in _SYSTEMIC for treatment in snap.treatments)
    run.use("treatments.kinds", ", ".join(t.kind.value for t in snap.treatments))
    site = index_tumor.site

    if sstr is False:
        run.notes.append("SSA and PRRT: not listed: SSTR-negative disease")
    if ssa_given and snap.progression_on_ssa is None:
        run.add(
            "workup_progression_assessment",
            "Restaging (RECIST) to assess progression on SSA",
            OptionKind.WORKUP_NEEDED,
            f"{desc}: on SSA, progression status unknown",
            (ref.SSA, ref.STAGE),
            ("progression status recorded",),
        )

    if sstr and grade in (Grade.G1, Grade.G2) and snap.progression_on_ssa is not True:
        run.add(
            "ssa_first_line",
            ("Continue" if ssa_given else "Start")
            + " somatostatin analogue (octreotide LAR or lanreotide)",
            OptionKind.TREATMENT,
            f"{desc}, {_sstr_text(run)}",
            (ref.SSA, ref.SSTR),
            ("SSTR-negative", "progression on SSA", "G3 / Ki-67 > 20 %"),
        )
    elif sstr and grade is Grade.G3:
        run.notes.append("SSA first line: not listed: G3 (antiproliferative data in G1/G2)")

    if sstr and snap.progression_on_ssa:
        eligible = _prrt_gate(
            run,
            index_tumor,
            "PRRT after SSA progression",
            _PRRT_AFTER_SSA,
            _PRRT_AFTER_SSA_CONTEXT,
            first_line=not systemic_given,
        )
        if eligible:
            run.add(
                "prrt_after_ssa_progression",
                "PRRT: Lu-177 dotatate 7.4 GBq every 8 weeks x 4",
                OptionKind.TREATMENT,
                f"{desc}: progression on SSA; {eligible[0]}",
                (ref.PRRT, *eligible[1]),
                (
                    "uptake < liver in a target lesion",
                    "creatinine clearance < 50 mL/min",
                    "Karnofsky < 60",
                    "inadequate blood counts",
                ),
            )

    netter2 = (
        sstr
        and not systemic_given
        and grade in (Grade.G2, Grade.G3)
        and ki67 is not None
        and 10 <= ki67 <= 55
    )
    if netter2:
        eligible = _prrt_gate(
            run, index_tumor, "first-line PRRT (NETTER-2)", _PRRT_NETTER2, first_line=True
        )
        if eligible:
            run.add(
                "prrt_first_line_netter2",
                "First-line PRRT with octreotide LAR (NETTER-2 setting)",
                OptionKind.TREATMENT,
                f"{desc}, untreated; {eligible[0]}",
                (ref.NETTER2, *eligible[1]),
                (
                    "Ki-67 < 10 % or > 55 %",
                    "prior systemic treatment",
                    "uptake <= liver (Krenning < 3)",
                ),
            )

    gep_or_lung = site in GEP_SITES or site is Site.LUNG
    if progressive and grade in (Grade.G1, Grade.G2) and gep_or_lung:
        run.add(
            "everolimus",
            "Everolimus 10 mg daily",
            OptionKind.TREATMENT,
            f"progressive {desc}",
            (ref.EVEROLIMUS,),
            ("stable disease", "G3", "carcinoid syndrome as the indication (RADIANT-2 negative)"),
        )
    if site is Site.PANCREAS:
        if progressive and grade in (Grade.G1, Grade.G2):
            run.add(
                "sunitinib",
                "Sunitinib 37.5 mg daily",
                OptionKind.TREATMENT,
                f"progressive {desc}",
                (ref.SUNITINIB,),
                ("stable disease", "non-pancreatic primary"),
            )
        if progressive or grade is Grade.G3:
            why = "progressive" if progressive else "G3"
            run.add(
                "captem",
                "Capecitabine-temozolomide (CAPTEM)",
                OptionKind.TREATMENT,
                f"{why} {desc}",
                (ref.CAPTEM,),
                ("non-pancreatic primary", "stable low-grade disease"),
            )

    mets = snap.metastases
    run.use("metastases.liver_dominant", mets.liver_dominant)
    liver_dominant = mets.liver_dominant
    if liver_dominant is None and mets.hepatic:
        liver_dominant = True if mets.extrahepatic_sites == () else None
    if liver_dominant and mets.hepatic is not False:
        extent = "liver-only" if mets.extrahepatic_sites == () else "liver-dominant"
        run.add(
            "liver_directed_therapy",
            "Liver-directed therapy (resection, ablation, embolization/TACE/TARE)",
            OptionKind.TREATMENT,
            f"{desc}: {extent} disease",
            (ref.LIVER_DIRECTED,),
            ("significant extrahepatic disease",),
        )


def _carcinoid_syndrome(run: _Run) -> None:
    """Carcinoid syndrome (REFERENCE §8)."""
    snap = run.snap
    if snap.functional_syndrome is not FunctionalSyndrome.CARCINOID_SYNDROME:
        return
    hiaa = snap.markers.hiaa_mg_24h
    hiaa_text = f"5-HIAA {_num(hiaa)} mg/24 h" if hiaa is not None else "5-HIAA not measured"
    on_ssa = any(treatment.kind in _SSA for treatment in snap.treatments)
    run.add(
        "ssa_syndrome_control",
        ("Continue" if on_ssa else "Start")
        + " somatostatin analogue for symptom control; short-acting octreotide for breakthrough",
        OptionKind.TREATMENT,
        f"carcinoid syndrome, {hiaa_text}",
        (ref.SSA_SYNDROME,),
        ("syndrome not confirmed",),
    )
    run.use("persistent_diarrhea_on_ssa", snap.persistent_diarrhea_on_ssa)
    if snap.persistent_diarrhea_on_ssa:
        run.add(
            "telotristat",
            "Telotristat ethyl 250 mg three times daily",
            OptionKind.TREATMENT,
            f"carcinoid syndrome diarrhea persisting on SSA, {hiaa_text}",
            (ref.TELOTRISTAT,),
            ("diarrhea controlled on SSA", "diarrhea from another cause (e.g. bile acids)"),
        )
    run.use("echo_done", snap.echo_done)
    run.use("nt_probnp_done", snap.nt_probnp_done)
    missing = [
        name
        for name, done in (("NT-proBNP", snap.nt_probnp_done), ("echocardiography", snap.echo_done))
        if not done
    ]
    if missing:
        run.add(
            "screen_carcinoid_heart_disease",
            "Carcinoid heart disease screening: NT-proBNP and echocardiography",
            OptionKind.SCREENING,
            f"carcinoid syndrome, {hiaa_text}; not recorded as done: {', '.join(missing)}",
            (ref.HEART,),
            ("NT-proBNP and echocardiography recorded as done",),
        )


def _hereditary(run: _Run) -> None:
    """Genetic counselling when a hereditary syndrome is suspected (REFERENCE §6)."""
    snap = run.snap
    hered = snap.hereditary
    run.use("hereditary.known_syndrome", hered.known_syndrome)
    run.use("hereditary.family_history", hered.family_history)
    run.use("age", snap.age)
    reasons = []
    if hered.known_syndrome is not None:
        reasons.append(f"known {hered.known_syndrome.value}")
    if hered.family_history:
        reasons.append("family history of NET or NET syndrome")
    net_tumors = [tumor for tumor in snap.tumors if not _is_nec(tumor)]
    if len(net_tumors) > 1:
        reasons.append(f"{len(net_tumors)} separate NETs")
    if any(
        tumor.multifocal and tumor.site in (Site.PANCREAS, Site.DUODENUM_AMPULLA)
        for tumor in net_tumors
    ):
        reasons.append("multifocal duodenopancreatic NET")
    if snap.age is not None and snap.age < _YOUNG_ONSET_AGE and net_tumors:
        reasons.append(f"young onset (age {snap.age})")
    if snap.functional_syndrome is FunctionalSyndrome.GASTRINOMA:
        reasons.append("gastrinoma")
    if any(tumor.gastric_type is GastricType.TYPE_2 for tumor in net_tumors):
        reasons.append("type 2 gastric NET")
    if reasons:
        run.add(
            "genetic_counselling",
            "Genetic counselling and germline testing",
            OptionKind.REFERRAL,
            ", ".join(reasons),
            (ref.HEREDITARY,),
            ("sporadic single NET, no family history, older onset",),
        )
