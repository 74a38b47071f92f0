"""The sources of netcare's rules: each REFERENCE section the rules cite, and every citation.

REFERENCE is the program's clinical specification (`shared/clinical/REFERENCE.md`); it does not
ship with netcare, so what a reader needs to know about a section lives here: its title, the
primary sources the section names, the netcare rules that implement it, and how far its values
are verified (REFERENCE's own "verify" marks, and what the verification record in
docs/clinical-rules.md §4 confirmed or left open). The staff page `/sources/` shows it, one
anchor per section (:attr:`Section.anchor`), and every rendered citation links there.

Citations: the strings netcare's results carry as their source (decision-support options, PRRT
criteria, calculator references) are the constants below and nowhere else; each starts with
the section's label ("REFERENCE §5"). :func:`pieces` finds the sections any such text cites,
including texts stored before a wording changed (a frozen tumor board summary).

Pure Python, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "OUTSIDE",
    "SECTIONS",
    "VERIFICATION_RECORD",
    "Rule",
    "Section",
    "Source",
    "Status",
    "ajcc_chapter",
    "cited_sections",
    "pieces",
    "section",
]

#: Where the verification of REFERENCE's values is recorded, and when it was done.
VERIFICATION_RECORD: Final = (
    "netcare's verification record (docs/clinical-rules.md §4) of 2026-11-25"
)


class Status(StrEnum):
    """How far a section's values are verified."""

    #: A value of the section is marked "verify" (by REFERENCE or by netcare) and still open.
    UNVERIFIED = "unverified"
    #: Nothing is marked for verification and no open point is recorded.
    NO_OPEN_POINT = "no_open_point"


@dataclass(frozen=True, slots=True)
class Source:
    """A primary source as a section names it.

    Attributes:
        name: as REFERENCE (or, for `Section.also_cited`, netcare's citation) names it.
        detail: the publication as netcare cites it elsewhere (e.g. journal and year), or "".
    """

    name: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A netcare rule implementing a section: what it does, in words, and where it lives."""

    description: str
    where: str


@dataclass(frozen=True, slots=True)
class Section:
    """One REFERENCE section (or :data:`OUTSIDE`) as the sources page shows it.

    Attributes:
        key: "0"-"9", or "outside" for rules REFERENCE does not cover.
        title: the section's heading in REFERENCE.
        primary_sources: the sources REFERENCE names in the section (may be empty).
        also_cited: sources netcare's citations of the section name that REFERENCE does not.
        rules: the netcare rules (and calculators) that implement the section.
        option_codes: the decision-support options that cite the section.
        reference_asks: REFERENCE's own "verify" instruction for the section, quoted; "" if none.
        checked: what the verification record confirmed.
        open_points: values still unverified, or netcare choices REFERENCE does not make.
    """

    key: str
    title: str
    primary_sources: tuple[Source, ...]
    also_cited: tuple[Source, ...]
    rules: tuple[Rule, ...]
    option_codes: tuple[str, ...]
    reference_asks: str
    checked: tuple[str, ...]
    open_points: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The stable id of the section on the sources page: "reference-5", "not-in-reference"."""
        return "not-in-reference" if self.key == OUTSIDE else f"reference-{self.key}"

    @property
    def label(self) -> str:
        """How citations name it: "REFERENCE §5" ("Not in REFERENCE" for :data:`OUTSIDE`)."""
        return "Not in REFERENCE" if self.key == OUTSIDE else f"REFERENCE §{self.key}"

    @property
    def status(self) -> Status:
        """UNVERIFIED while any open point remains."""
        return Status.UNVERIFIED if self.open_points else Status.NO_OPEN_POINT


#: Key of the entry for rules netcare applies that REFERENCE does not cover.
OUTSIDE: Final = "outside"


def _cite(key: str, detail: str) -> str:
    return f"REFERENCE §{key} ({detail})"


# --------------------------------------------------------------------------------------------
# Citations: the source strings netcare's results carry. Change the wording here only.

# Decision support (netcare.clinical.decision_support).
GRADE: Final = _cite("1", "WHO 2019/2022 classification and grade")
STAGE: Final = _cite("2", "AJCC 8th TNM")
MARKERS: Final = _cite("3", "biomarkers: 5-HIAA, chromogranin A, functional hormones")
SSTR: Final = _cite("4", "SSTR imaging, Krenning score; Ga-68 DOTATATE PET")
PRRT: Final = _cite("5", "Lu-177 dotatate; NETTER-1, FDA label")
NETTER2: Final = _cite("5", "NETTER-2: first-line Lu-177 dotatate, G2/G3 Ki-67 10-55 %")
HEREDITARY: Final = _cite("6", "hereditary syndromes: MEN1, NF1, TSC, VHL, familial SI-NET")
GASTRIC: Final = _cite("7", "gastric; ENETS/NCCN")
RECTAL: Final = _cite("7", "rectal; ENETS/NCCN")
APPENDIX: Final = _cite("7", "appendix; ENETS/NCCN")
PANCREAS: Final = _cite("7", "pancreas; ENETS/NCCN")
SMALL_INTESTINE: Final = _cite("7", "small intestine; ENETS/NCCN")
DUODENUM: Final = (
    _cite("2", "duodenum/ampulla T categories")
    + "; ENETS 2023 duodenal NET guidance (not in REFERENCE §7: verify)"
)
SSA: Final = _cite("8", "octreotide LAR, lanreotide; PROMID, CLARINET")
SSA_SYNDROME: Final = _cite("8", "SSA for carcinoid syndrome; short-acting octreotide")
TELOTRISTAT: Final = _cite("8", "telotristat ethyl; TELESTAR")
EVEROLIMUS: Final = _cite("8", "everolimus; RADIANT-3 pancreatic, RADIANT-4 lung/GI")
SUNITINIB: Final = _cite("8", "sunitinib; pancreatic NET phase 3 trial")
CAPTEM: Final = _cite("8", "capecitabine-temozolomide; ECOG E2211")
NEC: Final = f"{_cite('8', 'platinum-etoposide for NEC')}; {_cite('1', 'NEC definition')}"
HEART: Final = _cite("8", "carcinoid heart disease: NT-proBNP and echocardiography")
SURVEILLANCE: Final = _cite("9", "surveillance after resection; ENETS/NCCN")
LIVER_DIRECTED: Final = (
    "ENETS/NCCN liver-directed therapy for liver-dominant disease (not in REFERENCE: verify)"
)

# PRRT eligibility criteria (netcare.clinical.prrt).
LUTATHERA_LABEL: Final = "Lutathera USPI 4/2024, section 1 (REFERENCE §5)"
NETTER1_TRIAL: Final = "NETTER-1, Strosberg et al., N Engl J Med 2017;376:125 (REFERENCE §5)"
NETTER2_TRIAL: Final = "NETTER-2, Singh et al., Lancet 2024;403:2807 (REFERENCE §5)"

# Calculators and results (netcare.clinical.grading, staging; the surveillance app's plans).
WHO_DIGESTIVE: Final = "REFERENCE §1; WHO classification of digestive system tumours 2019"
WHO_THORACIC: Final = "REFERENCE §1; WHO classification of thoracic tumours"
AJCC_M: Final = "REFERENCE §2; AJCC 8th ed. ch. 29-34"
LUNG_TNM: Final = "REFERENCE §2; lung carcinoma TNM"
SURVEILLANCE_PLAN: Final = _cite("9", "ENETS/NCCN, simplified")


def ajcc_chapter(chapter: int) -> str:
    """The citation of one AJCC 8th chapter: "REFERENCE §2; AJCC 8th ed. ch. 31"."""
    return f"REFERENCE §2; AJCC 8th ed. ch. {chapter}"


# --------------------------------------------------------------------------------------------
# The sections

_NETTER1 = Source("NETTER-1", "Strosberg et al., N Engl J Med 2017;376:125")
_NETTER2 = Source("NETTER-2", "Singh et al., Lancet 2024;403:2807")

SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        key="0",
        title="Calculator vocabulary",
        primary_sources=(),
        also_cited=(),
        rules=(
            Rule("Site, T, N, M and stage-group words shared by every rule, the API and the "
                 "database", "clinical.vocabulary"),
            Rule("The fixed calculators who_grade, ajcc8_stage, ajcc8_m, decay and hiaa_units; "
                 "invalid input is refused naming the field", "clinical.calculators"),
        ),
        option_codes=(),
        reference_asks="",
        checked=(),
        open_points=(),
    ),
    Section(
        key="1",
        title="WHO classification and grade (digestive system 2019; endocrine 2022)",
        primary_sources=(
            Source("WHO classification, digestive system tumours (2019)"),
            Source("WHO classification, endocrine tumours (2022)"),
            Source("WHO thoracic classification (lung and thymus carcinoids)"),
        ),
        also_cited=(),
        rules=(
            Rule("WHO category (NET or NEC) and grade from differentiation, Ki-67 and mitoses; "
                 "calculator who_grade", "clinical.grading.classify"),
            Rule("Typical or atypical lung/thymus carcinoid; calculator lung_carcinoid",
                 "clinical.grading.classify_lung_carcinoid"),
            Rule("MiNEN (each component at least 30 %); calculator minen",
                 "clinical.grading.is_minen"),
        ),
        option_codes=("workup_pathology_review", "nec_platinum_etoposide"),
        reference_asks='Grade boundaries (Ki-67 exactly 3 % or 20 %, mitoses exactly 2 or 20): '
                       '"verify exact handling".',
        checked=(
            "Grade cut-offs (Ki-67 < 3 %, 3–20 %, > 20 %; mitoses < 2, 2–20, > 20 per 2 mm²), "
            "the higher grade applying, and NEC not being graded: match the WHO 2019 "
            "summaries checked.",
            "Lung carcinoids (typical < 2 mitoses and no necrosis; atypical 2–10 and/or "
            "necrosis; carcinoma > 10): match pathology summaries.",
        ),
        open_points=("MiNEN (each component ≥ 30 %): not re-checked.",),
    ),
    Section(
        key="2",
        title="AJCC 8th edition TNM for NETs (chapters 29–34)",
        primary_sources=(
            Source("AJCC 8th edition, chapters 29–34",
                   "stomach ch. 29, duodenum and ampulla ch. 30, jejunum and ileum ch. 31, "
                   "appendix ch. 32, colon and rectum ch. 33, pancreas ch. 34"),
            Source("Lung carcinoma TNM", "for lung NETs, which netcare does not stage"),
        ),
        also_cited=(),
        rules=(
            Rule("Stage group from T, N and M, per site; calculator ajcc8_stage",
                 "clinical.staging.stage, stage_group"),
            Rule("T, N and M from size, depth of invasion, nodes and metastases; calculators "
                 "ajcc8_t, ajcc8_n, ajcc8_m",
                 "clinical.staging.t_from_findings, n_from_findings, m_from_metastases"),
        ),
        option_codes=(
            "workup_staging_imaging", "workup_endoscopic_assessment", "workup_primary_site",
            "workup_progression_assessment", "gastric_type1_resection", "rectal_surgery",
            "re_resection_positive_margin", "duodenal_endoscopic_resection",
            "duodenal_surgical_resection",
        ),
        reference_asks='"verify against the chapter summaries".',
        checked=(
            "Jejunum/ileum T, N1 (< 12 nodes), N2 (mesenteric mass > 2 cm or ≥ 12 nodes), "
            "M1a/M1b/M1c and stage groups: match summaries of chapter 31.",
            "T categories of stomach, duodenum/ampulla, appendix and pancreas: match pathology "
            "summaries of the chapters.",
        ),
        open_points=(
            "Stage tables of stomach, duodenum/ampulla and appendix were not found verbatim: "
            "they follow REFERENCE §2.",
            "Colon/rectum stage groups rest on REFERENCE and an ENETS summary; the AJCC table "
            "was not seen in full.",
            "Colon/rectum T1a/T1b at exactly 1.0 cm: sources differ; netcare gives T1b with a "
            "note (stage I either way).",
        ),
    ),
    Section(
        key="3",
        title="Biomarkers",
        primary_sources=(),
        also_cited=(),
        rules=(
            Rule("24-h urine 5-HIAA: units, interpretation against the laboratory's range, and "
                 "the collection instructions; calculators hiaa_units, hiaa_interpretation",
                 "clinical.biomarkers"),
            Rule("Chromogranin A confounders and functional hormone panels; calculator "
                 "cga_confounders", "clinical.biomarkers"),
        ),
        option_codes=("workup_5hiaa", "workup_functional_hormones", "workup_gastric_type"),
        reference_asks='5-HIAA reference range: "verify and make the range configurable per '
                       'laboratory"; interfering foods and drugs: "verify the lists".',
        checked=(
            "Foods and drugs to avoid before and during the collection: match laboratories' "
            "patient instructions.",
        ),
        open_points=(
            "The 5-HIAA reference range differs between laboratories: the default "
            "(2–9 mg/24 h) is marked unverified until a laboratory's own range is configured.",
            "Whether some drugs raise or lower 5-HIAA differs between sources (methyldopa: "
            "verify).",
        ),
    ),
    Section(
        key="4",
        title="Somatostatin receptor imaging",
        primary_sources=(
            _NETTER1,
            Source("NETSPOT label", "Ga-68 DOTATATE"),
            Source("SNMMI guidance"),
        ),
        also_cited=(),
        rules=(
            Rule("Krenning score (from SUVmax, an approximation) and SSTR positivity for PRRT; "
                 "calculator krenning", "clinical.sstr"),
            Rule("Ga-68 DOTATATE activity (2 MBq/kg, at most 200 MBq), decay and imaging "
                 "window; calculators ga68_dotatate_activity, decay", "clinical.radionuclides"),
            Rule("Somatostatin analogue washout before SSTR PET; calculator ssa_washout",
                 "clinical.prrt.ssa_washout"),
            Rule("SSTR PET requests and their placement by the planner", "nuclear, planning"),
        ),
        option_codes=(
            "workup_sstr_pet", "workup_primary_site", "workup_krenning_score", "ssa_first_line",
        ),
        reference_asks='Krenning threshold for PRRT: "verify and record"; Ga-68 DOTATATE: '
                       '"verify against the NETSPOT label and SNMMI guidance".',
        checked=(
            "Ga-68 DOTATATE 2 MBq/kg up to 200 MBq, imaging 40–90 min after injection, "
            "long-acting SSA just before the next dose, short-acting up to 24 h before: "
            "match copies of the NETSPOT label.",
            "NETTER-2 required uptake above liver (Krenning 3–4).",
        ),
        open_points=(
            "NETTER-1's uptake ≥ liver (Krenning ≥ 2) is taken from REFERENCE, not checked "
            "against the trial.",
            "SNMMI guidance was not checked.",
            "The Krenning score netcare derives from SUVmax approximates a visual scale: the "
            "nuclear-medicine reading is authoritative.",
        ),
    ),
    Section(
        key="5",
        title="PRRT (lutetium Lu 177 dotatate)",
        primary_sources=(
            Source("FDA label of lutetium Lu 177 dotatate (Lutathera)",
                   "US prescribing information, revision 4/2024"),
            _NETTER1,
            _NETTER2,
        ),
        also_cited=(),
        rules=(
            Rule("Eligibility against the label, NETTER-1 and NETTER-2, criterion by "
                 "criterion; calculator prrt_eligibility", "clinical.prrt.assess_eligibility"),
            Rule("Dose modification (7.4 or 3.7 GBq, withhold, discontinue); calculator "
                 "prrt_dose_modification", "clinical.prrt.dose_modification"),
            Rule("Somatostatin analogue washout before each dose and octreotide LAR 4–24 h "
                 "after; calculator ssa_washout",
                 "clinical.prrt.ssa_washout, octreotide_lar_window"),
            Rule("Lu-177 decay and GBq to mCi; calculators decay, gbq_to_mci",
                 "clinical.radionuclides"),
            Rule("PRRT courses, cycles and dose orders", "nuclear"),
        ),
        option_codes=(
            "prrt_after_ssa_progression", "prrt_first_line_netter2", "workup_prrt_eligibility",
            "workup_krenning_score",
        ),
        reference_asks='"verify against the current FDA label"; NETTER-2 figures: "verify".',
        checked=(
            "7.4 GBq (200 mCi) every 8 weeks (± 1 week) for 4 doses; indication from 12 years "
            "(US label 4/2024; REFERENCE's \"adults\" is the EU wording).",
            "Long-acting SSA stopped ≥ 4 weeks before each dose, short-acting until 24 h "
            "before.",
            "Lu-177 half-life 6.647 days (EU product information).",
            "NETTER-2: Ki-67 10–55 %, median PFS 22.8 vs 8.5 months, uptake above liver.",
        ),
        open_points=(
            "Renal and hepatic dose-modification triggers (creatinine clearance < 40 mL/min, "
            "40 % changes, bilirubin > 3 × ULN, albumin < 30 g/L with prothrombin ratio "
            "< 70 %) were not found in the label text retrieved: taken from REFERENCE.",
            "Recovery of anemia or neutropenia before resuming: REFERENCE says grade 0–1, a "
            "label summary says 0–2; netcare keeps 0–1 and says so.",
            "NETTER-1 blood-count, bilirubin and albumin thresholds are protocol values not "
            "found in the sources checked: each is marked \"protocol value, verify\".",
            "NETTER-1 Ki-67 ≤ 20 %, creatinine clearance ≥ 50 mL/min and Karnofsky ≥ 60 are "
            "taken from REFERENCE.",
        ),
    ),
    Section(
        key="6",
        title="Hereditary syndromes (genetic counselling when suspected)",
        primary_sources=(),
        also_cited=(),
        rules=(
            Rule("Suspected MEN1, NF1, TSC, VHL or familial SI-NET and whether to counsel; "
                 "calculator hereditary_screening", "clinical.hereditary.assess_hereditary"),
            Rule("Genetic-counselling flag on a referral", "referrals.flags"),
        ),
        option_codes=("genetic_counselling", "gastric_type2_treat_gastrinoma"),
        reference_asks="",
        checked=(),
        open_points=(
            "\"Young onset\" has no number in REFERENCE: netcare counts a NET before age 40 "
            "(netcare's choice, verify).",
        ),
    ),
    Section(
        key="7",
        title="Localized disease management thresholds (for decision support)",
        primary_sources=(),
        also_cited=(Source("ENETS/NCCN"),),
        rules=(
            Rule("Tumor board options for localized gastric, small-intestinal, appendiceal, "
                 "rectal and pancreatic NETs", "clinical.decision_support.options_for"),
        ),
        option_codes=(
            "workup_pathology_review", "workup_functional_hormones", "workup_gastric_type",
            "gastric_type1_endoscopic", "gastric_type1_resection",
            "gastric_type2_treat_gastrinoma", "gastric_type3_surgery",
            "gastric_type3_endoscopic", "si_resection_lymphadenectomy",
            "appendix_appendectomy", "appendix_right_hemicolectomy",
            "rectal_endoscopic_resection", "rectal_staging_then_resection", "rectal_surgery",
            "pancreas_surveillance", "pancreas_surgery",
        ),
        reference_asks="",
        checked=(),
        open_points=(
            "REFERENCE §7 names no guideline: the ENETS/NCCN attribution is netcare's, not "
            "checked.",
            "Colon and rectum are one site in netcare: the rectal thresholds apply to both.",
        ),
    ),
    Section(
        key="8",
        title="Medicines",
        primary_sources=(),
        also_cited=(
            Source("PROMID"), Source("CLARINET"), Source("TELESTAR"),
            Source("RADIANT-3", "pancreatic NET"), Source("RADIANT-4", "lung and GI NET"),
            Source("Sunitinib phase 3 trial", "pancreatic NET"), Source("ECOG E2211"),
        ),
        rules=(
            Rule("Tumor board options for somatostatin analogues, telotristat, everolimus, "
                 "sunitinib, capecitabine-temozolomide, platinum-etoposide, carcinoid crisis "
                 "prophylaxis and carcinoid heart disease screening",
                 "clinical.decision_support.options_for"),
        ),
        option_codes=(
            "ssa_first_line", "ssa_syndrome_control", "telotristat", "everolimus", "sunitinib",
            "captem", "nec_platinum_etoposide", "octreotide_periprocedural",
            "screen_carcinoid_heart_disease", "workup_progression_assessment",
        ),
        reference_asks="",
        checked=(),
        open_points=(
            "REFERENCE §8 names no trial: the trials netcare's citations name were not checked.",
        ),
    ),
    Section(
        key="9",
        title="Surveillance (ENETS/NCCN, simplified)",
        primary_sources=(Source("ENETS and NCCN guidelines", "simplified"),),
        also_cited=(),
        rules=(
            Rule("Follow-up schedule by site, grade, resection and treatment; calculator "
                 "surveillance_schedule", "clinical.surveillance.follow_up_schedule"),
            Rule("Follow-up plans and the follow-up worklist", "surveillance"),
        ),
        option_codes=("surveillance_after_resection", "re_resection_positive_margin"),
        reference_asks='"verify per site".',
        checked=(),
        open_points=(
            "The intervals need verifying per site and patient: every plan says so.",
            "Yearly SSTR PET in metastatic disease is a netcare default, not in REFERENCE §9.",
        ),
    ),
    Section(
        key=OUTSIDE,
        title="Rules REFERENCE does not cover",
        primary_sources=(),
        also_cited=(
            Source("ENETS 2023 duodenal NET guidance"),
            Source("ENETS/NCCN", "liver-directed therapy"),
        ),
        rules=(
            Rule("Tumor board options for duodenal and ampullary NETs (endoscopic or surgical "
                 "resection) and for liver-directed therapy",
                 "clinical.decision_support.options_for"),
        ),
        option_codes=(
            "duodenal_endoscopic_resection", "duodenal_surgical_resection",
            "liver_directed_therapy",
        ),
        reference_asks="",
        checked=(),
        open_points=(
            "Duodenal and ampullary NET options follow ENETS 2023 guidance as netcare cites "
            "it: not in REFERENCE §7, verify.",
            "Liver-directed therapy for liver-dominant disease (resection, ablation, "
            "embolization): not in REFERENCE, verify.",
        ),
    ),
)

_BY_KEY: Final = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    """The section with `key` ("5", or :data:`OUTSIDE`); KeyError for one REFERENCE lacks."""
    return _BY_KEY[key]


# "not in REFERENCE" (optionally "§7") cites OUTSIDE; "REFERENCE §4" cites §4, and so do the
# further numbers of a list or range that follows it ("§4-5", "§4, §5", "§1 and §8").
_CITATION = re.compile(
    r"(?P<outside>not in REFERENCE(?: §\d+)?)"
    r"|(?P<first>REFERENCE §(?P<number>\d+))(?P<more>(?:(?:\s*[-–,]\s*|\s+and\s+)§?\d+)*)",
    re.IGNORECASE,
)
_MORE = re.compile(r"(?P<gap>(?:\s*[-–,]\s*|\s+and\s+)§?)(?P<number>\d+)")


def pieces(text: str) -> tuple[tuple[str, Section | None], ...]:
    """`text` cut into pieces that join back to it: each citation of a section with that
    section, the text between with None.

    "REFERENCE §8 (x); REFERENCE §1 (y)" -> ("REFERENCE §8", §8), (" (x); ", None),
    ("REFERENCE §1", §1), (" (y)", None). "REFERENCE §4-5" cites §4 and §5 (the "5" is a piece
    of its own). "not in REFERENCE" and "not in REFERENCE §7" cite :data:`OUTSIDE`. A section
    number REFERENCE does not have stays plain text.
    """
    out: list[tuple[str, Section | None]] = []
    position = 0
    for match in _CITATION.finditer(text):
        out.append((text[position:match.start()], None))
        if match["outside"]:
            out.append((match["outside"], _BY_KEY[OUTSIDE]))
        else:
            out.append((match["first"], _BY_KEY.get(match["number"])))
            for more in _MORE.finditer(match["more"]):
                out.append((more["gap"], None))
                out.append((more["number"], _BY_KEY.get(more["number"])))
        position = match.end()
    out.append((text[position:], None))
    return tuple((piece, cited) for piece, cited in out if piece)


def cited_sections(text: str) -> tuple[Section, ...]:
    """The sections `text` cites, in order of first citation, each once."""
    found = {cited.key: cited for _, cited in pieces(text) if cited is not None}
    return tuple(found.values())
