"""Patient scenarios for the decision-support rules (REFERENCE sections 1-8).

Each scenario names the REFERENCE section that justifies it, the option codes that must appear
and those that must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from netcare.clinical.decision_support import DISCLAIMER, OptionKind, options_for
from netcare.clinical.snapshot import (
    BestResponse,
    Depth,
    ExtrahepaticSite,
    FunctionalSyndrome,
    GastricType,
    HereditaryFindings,
    HereditarySyndrome,
    Margin,
    Markers,
    Metastases,
    PatientSnapshot,
    PerformanceStatus,
    PrrtLabs,
    SstrImaging,
    Symptom,
    Treatment,
    TreatmentKind,
    TumorFacts,
)
from netcare.clinical.vocabulary import Category, Differentiation, Grade, M, N, Site, Subsite

AS_OF = date(2025, 3, 1)
NO_METS = Metastases(hepatic=False, extrahepatic_sites=())
LIVER_ONLY = Metastases(hepatic=True, extrahepatic_sites=())
LIVER_AND_BONE = Metastases(hepatic=True, extrahepatic_sites=(ExtrahepaticSite.BONE,))
# Every target lesion scores the same (lowest = highest), as these scenarios mean.
SSTR_K3 = SstrImaging(done=True, krenning_score=3, positive=True, lowest_krenning_score=3)
SSTR_K4 = SstrImaging(done=True, krenning_score=4, lowest_krenning_score=4)
SSTR_NEG = SstrImaging(done=True, krenning_score=0, positive=False)
GOOD_LABS = PrrtLabs(
    creatinine_clearance_ml_min=80,
    platelets_10e9_l=210,
    hemoglobin_g_dl=12.5,
    neutrophils_10e9_l=3.1,
    bilirubin_x_uln=0.8,
    albumin_g_l=41,
    wbc_10e9_l=6.2,
)
KPS90 = PerformanceStatus(karnofsky=90)
ON_LAR = (Treatment(TreatmentKind.OCTREOTIDE_LAR, start=date(2023, 5, 1)),)


def net(site: Site | None, **facts: object) -> TumorFacts:
    """A well-differentiated NET at `site` with the given facts."""
    return TumorFacts(
        site=site,
        differentiation=Differentiation.WELL,
        category=Category.NET,
        **facts,  # type: ignore[arg-type]
    )


def local(*tumors: TumorFacts, **fields: object) -> PatientSnapshot:
    """A patient with staging done and no distant metastases."""
    values: dict[str, Any] = {
        "metastases": NO_METS,
        "staging_imaging_done": True,
        "sstr": SSTR_K3,
        "markers_known": True,
    }
    values.update(fields)
    return patient(*tumors, **values)


def patient(*tumors: TumorFacts, markers_known: bool = False, **fields: object) -> PatientSnapshot:
    """A snapshot on AS_OF; `markers_known` records a 5-HIAA so its workup stays out."""
    if markers_known:
        fields.setdefault("markers", Markers(hiaa_mg_24h=6.0, hiaa_date=date(2025, 2, 1)))
    return PatientSnapshot(as_of=AS_OF, tumors=tumors, **fields)  # type: ignore[arg-type]


def metastatic(*tumors: TumorFacts, **fields: object) -> PatientSnapshot:
    """A 62-year-old with liver-only metastases, imaging done, SSTR Krenning 3."""
    values: dict[str, Any] = {
        "age": 62,
        "metastases": LIVER_ONLY,
        "staging_imaging_done": True,
        "sstr": SSTR_K3,
        "markers_known": True,
    }
    values.update(fields)
    return patient(*tumors, **values)


@dataclass(frozen=True)
class Scenario:
    """One patient, the REFERENCE section, the codes that must and must not appear."""

    reference: str
    snapshot: PatientSnapshot
    must: frozenset[str]
    must_not: frozenset[str]


def scenario(
    id_: str, reference: str, snapshot: PatientSnapshot, must: set[str], must_not: set[str]
) -> object:
    """A pytest param for a scenario."""
    return pytest.param(Scenario(reference, snapshot, frozenset(must), frozenset(must_not)), id=id_)


SI_G2 = net(Site.JEJUNUM_ILEUM, size_cm=2.1, ki67_percent=14, grade=Grade.G2, m=M.M1A)
PANC_G2 = net(Site.PANCREAS, size_cm=3.4, ki67_percent=8, grade=Grade.G2, functional=False)
APPX_OK = {
    "size_cm": 1.2,
    "grade": Grade.G1,
    "ki67_percent": 1,
    "margin": Margin.NEGATIVE,
    "lymphovascular_invasion": False,
    "mesoappendix_invasion_mm": 1.0,
    "resected": True,
}
RECTAL_SMALL = {
    "size_cm": 0.6,
    "grade": Grade.G1,
    "ki67_percent": 1,
    "depth": Depth.SUBMUCOSA,
    "n": N.N0,
}
DUO_SMALL = {
    "subsite": Subsite.DUODENUM,
    "size_cm": 0.8,
    "grade": Grade.G1,
    "ki67_percent": 2,
    "n": N.N0,
    "depth": Depth.SUBMUCOSA,
    "functional": False,
}
APPX_HEMI = {"appendix_right_hemicolectomy"}
APPX_BOTH = {"appendix_appendectomy", "appendix_right_hemicolectomy"}
RECTAL_ALL = {"rectal_endoscopic_resection", "rectal_staging_then_resection", "rectal_surgery"}
PRRT = {"prrt_after_ssa_progression", "prrt_first_line_netter2"}

SCENARIOS = [
    # --- gastric (REFERENCE §7 gastric)
    scenario(
        "gastric-type1-small",
        "§7 gastric type 1 <= 1 cm",
        local(
            net(
                Site.STOMACH,
                size_cm=0.6,
                grade=Grade.G1,
                ki67_percent=1,
                gastric_type=GastricType.TYPE_1,
            )
        ),
        {"gastric_type1_endoscopic"},
        {"gastric_type1_resection", "gastric_type3_surgery", "workup_gastric_type"},
    ),
    scenario(
        "gastric-type1-large",
        "§7 gastric type 1 > 1 cm",
        local(
            net(
                Site.STOMACH,
                size_cm=1.5,
                grade=Grade.G1,
                ki67_percent=1,
                gastric_type=GastricType.TYPE_1,
            )
        ),
        {"gastric_type1_resection"},
        {"gastric_type1_endoscopic"},
    ),
    scenario(
        "gastric-type1-size-unknown",
        "§7 gastric type 1: size decides",
        local(net(Site.STOMACH, grade=Grade.G1, ki67_percent=1, gastric_type=GastricType.TYPE_1)),
        {"workup_endoscopic_assessment"},
        {"gastric_type1_endoscopic", "gastric_type1_resection"},
    ),
    scenario(
        "gastric-type2",
        "§7 gastric type 2; §6 MEN1",
        local(
            net(
                Site.STOMACH,
                size_cm=0.5,
                grade=Grade.G1,
                ki67_percent=1,
                gastric_type=GastricType.TYPE_2,
            )
        ),
        {"gastric_type2_treat_gastrinoma", "genetic_counselling"},
        {"gastric_type3_surgery"},
    ),
    scenario(
        "gastric-type3-large",
        "§7 gastric type 3 surgery",
        local(
            net(
                Site.STOMACH,
                size_cm=2.5,
                grade=Grade.G2,
                ki67_percent=6,
                gastric_type=GastricType.TYPE_3,
            )
        ),
        {"gastric_type3_surgery"},
        {"gastric_type3_endoscopic", "gastric_type1_endoscopic"},
    ),
    scenario(
        "gastric-type3-small-g1",
        "§7 gastric type 3: small G1 endoscopic",
        local(
            net(
                Site.STOMACH,
                size_cm=0.8,
                grade=Grade.G1,
                ki67_percent=1,
                gastric_type=GastricType.TYPE_3,
            )
        ),
        {"gastric_type3_surgery", "gastric_type3_endoscopic"},
        set(),
    ),
    scenario(
        "gastric-type-unknown",
        "§7 gastric: type decides",
        local(net(Site.STOMACH, size_cm=0.8, grade=Grade.G1, ki67_percent=1)),
        {"workup_gastric_type"},
        {"gastric_type1_endoscopic", "gastric_type3_surgery"},
    ),
    # --- duodenum (REFERENCE §2; ENETS duodenal)
    scenario(
        "duodenal-small-low-risk",
        "§2 duodenum T1; ENETS duodenal",
        local(net(Site.DUODENUM_AMPULLA, **DUO_SMALL)),
        {"duodenal_endoscopic_resection"},
        {"duodenal_surgical_resection"},
    ),
    scenario(
        "ampullary-small",
        "§2 ampulla; ENETS duodenal",
        local(net(Site.DUODENUM_AMPULLA, **{**DUO_SMALL, "subsite": Subsite.AMPULLA})),
        {"duodenal_surgical_resection"},
        {"duodenal_endoscopic_resection"},
    ),
    scenario(
        "duodenal-depth-unknown",
        "§2 duodenum: depth decides",
        local(net(Site.DUODENUM_AMPULLA, **{**DUO_SMALL, "depth": None})),
        {"workup_endoscopic_assessment"},
        {"duodenal_endoscopic_resection", "duodenal_surgical_resection"},
    ),
    # --- small intestine (REFERENCE §7 small intestine)
    scenario(
        "si-localized-multifocal",
        "§7 small intestine; §3 5-HIAA",
        local(
            net(Site.JEJUNUM_ILEUM, size_cm=1.4, grade=Grade.G1, ki67_percent=2, multifocal=True),
            markers_known=False,
        ),
        {"si_resection_lymphadenectomy", "workup_5hiaa"},
        {"ssa_first_line", "everolimus"} | PRRT,
    ),
    scenario(
        "si-localized-sstr-unknown",
        "§7 small intestine; §4 SSTR imaging",
        local(
            net(Site.JEJUNUM_ILEUM, size_cm=1.4, grade=Grade.G1, ki67_percent=2),
            sstr=SstrImaging(done=False),
        ),
        {"workup_sstr_pet", "si_resection_lymphadenectomy"},
        {"ssa_first_line"},
    ),
    # --- appendix (REFERENCE §7 appendix)
    scenario(
        "appendix-small-no-adverse",
        "§7 appendix <= 2 cm, no adverse features",
        local(net(Site.APPENDIX, **APPX_OK)),
        {"appendix_appendectomy"},
        APPX_HEMI | {"workup_pathology_review"},
    ),
    scenario(
        "appendix-large",
        "§7 appendix > 2 cm",
        local(net(Site.APPENDIX, **{**APPX_OK, "size_cm": 2.5})),
        APPX_HEMI,
        {"appendix_appendectomy"},
    ),
    scenario(
        "appendix-mesoappendix-4mm",
        "§7 appendix mesoappendiceal invasion > 3 mm",
        local(net(Site.APPENDIX, **{**APPX_OK, "mesoappendix_invasion_mm": 4.0})),
        APPX_HEMI,
        {"appendix_appendectomy"},
    ),
    scenario(
        "appendix-positive-margin",
        "§7 appendix positive margin",
        local(net(Site.APPENDIX, **{**APPX_OK, "margin": Margin.POSITIVE})),
        APPX_HEMI,
        {"appendix_appendectomy"},
    ),
    scenario(
        "appendix-lvi",
        "§7 appendix lymphovascular invasion",
        local(net(Site.APPENDIX, **{**APPX_OK, "lymphovascular_invasion": True})),
        APPX_HEMI,
        {"appendix_appendectomy"},
    ),
    scenario(
        "appendix-g2",
        "§7 appendix G2",
        local(net(Site.APPENDIX, **{**APPX_OK, "grade": Grade.G2, "ki67_percent": 5})),
        APPX_HEMI,
        {"appendix_appendectomy"},
    ),
    scenario(
        "appendix-lvi-unknown",
        "§7 appendix: unknown feature is not 'no adverse feature'",
        local(net(Site.APPENDIX, **{**APPX_OK, "lymphovascular_invasion": None})),
        {"workup_pathology_review"},
        APPX_BOTH,
    ),
    # --- rectum (REFERENCE §7 rectal)
    scenario(
        "rectal-small-g1-submucosa",
        "§7 rectal < 1 cm G1 submucosa",
        local(net(Site.COLON_RECTUM, **RECTAL_SMALL)),
        {"rectal_endoscopic_resection"},
        RECTAL_ALL - {"rectal_endoscopic_resection"},
    ),
    scenario(
        "rectal-1-2cm",
        "§7 rectal 1-2 cm",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "size_cm": 1.5})),
        {"rectal_staging_then_resection"},
        RECTAL_ALL - {"rectal_staging_then_resection"},
    ),
    scenario(
        "rectal-small-g2",
        "§7 rectal < 1 cm but G2",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "grade": Grade.G2, "ki67_percent": 4})),
        {"rectal_staging_then_resection"},
        {"rectal_endoscopic_resection"},
    ),
    scenario(
        "rectal-small-depth-unknown",
        "§7 rectal: depth unknown needs staging",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "depth": None})),
        {"rectal_staging_then_resection"},
        {"rectal_endoscopic_resection", "rectal_surgery"},
    ),
    scenario(
        "rectal-large",
        "§7 rectal > 2 cm",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "size_cm": 2.5})),
        {"rectal_surgery"},
        RECTAL_ALL - {"rectal_surgery"},
    ),
    scenario(
        "rectal-muscularis",
        "§7 rectal muscularis invasion",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "depth": Depth.MUSCULARIS_PROPRIA})),
        {"rectal_surgery"},
        {"rectal_endoscopic_resection"},
    ),
    scenario(
        "rectal-node-positive-size-unknown",
        "§7 rectal nodes",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "size_cm": None, "n": N.N1})),
        {"rectal_surgery"},
        {"rectal_endoscopic_resection", "workup_endoscopic_assessment"},
    ),
    scenario(
        "rectal-size-unknown",
        "§7 rectal: size decides",
        local(net(Site.COLON_RECTUM, **{**RECTAL_SMALL, "size_cm": None})),
        {"workup_endoscopic_assessment"},
        RECTAL_ALL,
    ),
    scenario(
        "rectal-resected-positive-margin",
        "§9 surveillance; re-resection for positive margin",
        local(net(Site.COLON_RECTUM, **RECTAL_SMALL, resected=True, margin=Margin.POSITIVE)),
        {"re_resection_positive_margin", "surveillance_after_resection"},
        RECTAL_ALL,
    ),
    # --- pancreas (REFERENCE §7 pancreas)
    scenario(
        "pancreas-nf-small-g1",
        "§7 pancreas non-functional <= 2 cm G1",
        local(net(Site.PANCREAS, size_cm=1.5, grade=Grade.G1, ki67_percent=1, functional=False)),
        {"pancreas_surveillance"},
        {"pancreas_surgery", "workup_functional_hormones"},
    ),
    scenario(
        "pancreas-nf-large",
        "§7 pancreas > 2 cm",
        local(net(Site.PANCREAS, size_cm=3.0, grade=Grade.G1, ki67_percent=1, functional=False)),
        {"pancreas_surgery"},
        {"pancreas_surveillance"},
    ),
    scenario(
        "pancreas-insulinoma",
        "§7 pancreas functional",
        local(
            net(Site.PANCREAS, size_cm=1.2, grade=Grade.G1, ki67_percent=1),
            functional_syndrome=FunctionalSyndrome.INSULINOMA,
        ),
        {"pancreas_surgery"},
        {"pancreas_surveillance", "workup_functional_hormones"},
    ),
    scenario(
        "pancreas-functional-unknown",
        "§7 pancreas: surveillance needs non-functional; §3 hormones",
        local(
            net(Site.PANCREAS, size_cm=1.5, grade=Grade.G1, ki67_percent=1),
            symptoms=(Symptom.HIGH_BLOOD_SUGAR,),
        ),
        {"workup_functional_hormones"},
        {"pancreas_surveillance", "pancreas_surgery"},
    ),
    # --- metastatic well-differentiated NET (REFERENCE §5, §8)
    scenario(
        "met-si-g1-sstr-positive",
        "§8 SSA first line (PROMID, CLARINET)",
        metastatic(net(Site.JEJUNUM_ILEUM, size_cm=1.8, grade=Grade.G1, ki67_percent=2)),
        {"ssa_first_line", "liver_directed_therapy"},
        PRRT | {"everolimus", "workup_sstr_pet", "si_resection_lymphadenectomy"},
    ),
    scenario(
        "met-sstr-unknown",
        "§4: SSA needs SSTR status -> PET",
        metastatic(net(Site.JEJUNUM_ILEUM, grade=Grade.G1, ki67_percent=2), sstr=SstrImaging()),
        {"workup_sstr_pet"},
        {"ssa_first_line"} | PRRT,
    ),
    scenario(
        "met-progression-on-ssa-eligible",
        "§5 PRRT after SSA progression (NETTER-1); §8 everolimus (RADIANT-4)",
        metastatic(
            SI_G2, progression_on_ssa=True, treatments=ON_LAR, labs=GOOD_LABS, performance=KPS90
        ),
        {"prrt_after_ssa_progression", "everolimus"},
        {"ssa_first_line", "prrt_first_line_netter2", "workup_prrt_eligibility"},
    ),
    scenario(
        "met-progression-labs-unknown",
        "§5 PRRT eligibility unknown -> labs",
        metastatic(SI_G2, progression_on_ssa=True, treatments=ON_LAR),
        {"workup_prrt_eligibility"},
        {"prrt_after_ssa_progression"},
    ),
    scenario(
        "met-progression-crcl-low",
        "§5 creatinine clearance < 50 mL/min",
        metastatic(
            SI_G2,
            progression_on_ssa=True,
            treatments=ON_LAR,
            performance=KPS90,
            labs=PrrtLabs(35, 210, 12.5, 3.1, 0.8, 41, 6.2),
        ),
        {"everolimus"},
        PRRT | {"workup_prrt_eligibility"},
    ),
    scenario(
        "met-progression-krenning-unknown",
        "§4/§5 uptake >= liver needs a Krenning score",
        metastatic(
            SI_G2,
            progression_on_ssa=True,
            treatments=ON_LAR,
            labs=GOOD_LABS,
            performance=KPS90,
            sstr=SstrImaging(done=True, positive=True),
        ),
        {"workup_krenning_score"},
        PRRT,
    ),
    scenario(
        "met-progression-lowest-krenning-unknown",
        "§4/§5 uptake >= liver in all target lesions: the highest score alone does not tell",
        metastatic(
            SI_G2,
            progression_on_ssa=True,
            treatments=ON_LAR,
            labs=GOOD_LABS,
            performance=KPS90,
            sstr=SstrImaging(done=True, krenning_score=4, positive=True),
        ),
        {"workup_krenning_score", "everolimus"},
        PRRT,
    ),
    scenario(
        "met-progression-target-lesion-krenning-1",
        "§4/§5 a target lesion below liver (Krenning 4 and 1): NETTER-1 uptake not met",
        metastatic(
            SI_G2,
            progression_on_ssa=True,
            treatments=ON_LAR,
            labs=GOOD_LABS,
            performance=KPS90,
            sstr=SstrImaging(done=True, krenning_score=4, positive=True, lowest_krenning_score=1),
        ),
        {"everolimus"},
        PRRT | {"workup_krenning_score", "workup_prrt_eligibility"},
    ),
    scenario(
        "met-pancreas-sstr-negative-progressive",
        "§8 everolimus, sunitinib, CAPTEM (pancreatic)",
        metastatic(
            PANC_G2,
            sstr=SSTR_NEG,
            treatments=(
                Treatment(TreatmentKind.EVEROLIMUS, best_response=None),
                Treatment(TreatmentKind.SURGERY, best_response=None),
                Treatment(TreatmentKind.CAPTEM, best_response=None),
                Treatment(TreatmentKind.LANREOTIDE, end=date(2024, 1, 1), best_response=None),
            ),
            progression_on_ssa=None,
            metastases=LIVER_AND_BONE,
        ),
        {"workup_progression_assessment"},
        {"ssa_first_line", "liver_directed_therapy"} | PRRT,
    ),
    scenario(
        "met-pancreas-progressive",
        "§8 everolimus, sunitinib, CAPTEM (pancreatic)",
        metastatic(
            PANC_G2,
            sstr=SSTR_NEG,
            treatments=(
                Treatment(TreatmentKind.SURGERY, best_response=None),
                Treatment(TreatmentKind.CAPTEM, best_response=None),
                Treatment(TreatmentKind.SUNITINIB, best_response=BestResponse.PROGRESSIVE_DISEASE),
            ),
            metastases=LIVER_AND_BONE,
        ),
        {"everolimus", "sunitinib", "captem"},
        {"ssa_first_line", "liver_directed_therapy"} | PRRT,
    ),
    scenario(
        "met-pancreas-g3-netter2",
        "§5 NETTER-2 first line G2/G3 Ki-67 10-55 %; §8 CAPTEM",
        metastatic(
            net(Site.PANCREAS, size_cm=4, ki67_percent=30, grade=Grade.G3, functional=False),
            sstr=SSTR_K4,
            labs=GOOD_LABS,
            performance=KPS90,
        ),
        {"prrt_first_line_netter2", "captem"},
        {"ssa_first_line", "prrt_after_ssa_progression", "sunitinib"},
    ),
    scenario(
        "met-pancreas-g3-netter2-krenning2",
        "§4/§5 NETTER-2 needs uptake > liver (Krenning >= 3); §8 CAPTEM",
        metastatic(
            net(Site.PANCREAS, size_cm=4, ki67_percent=30, grade=Grade.G3, functional=False),
            sstr=SstrImaging(done=True, krenning_score=2, positive=True, lowest_krenning_score=2),
            labs=GOOD_LABS,
            performance=KPS90,
        ),
        {"captem"},
        PRRT | {"workup_prrt_eligibility"},
    ),
    scenario(
        "met-progression-wbc-low",
        "§5 adequate blood counts (NETTER-1: white cells >= 2 x10^9/L)",
        metastatic(
            SI_G2,
            progression_on_ssa=True,
            treatments=ON_LAR,
            performance=KPS90,
            labs=PrrtLabs(80, 210, 12.5, 1.0, 0.8, 41, 1.6),
        ),
        {"everolimus"},
        PRRT | {"workup_prrt_eligibility"},
    ),
    scenario(
        "met-progression-age-unknown",
        "§5 label: age >= 12 years; unknown age -> PRRT eligibility workup",
        metastatic(
            SI_G2,
            age=None,
            progression_on_ssa=True,
            treatments=ON_LAR,
            labs=GOOD_LABS,
            performance=KPS90,
        ),
        {"workup_prrt_eligibility", "everolimus"},
        PRRT,
    ),
    scenario(
        "met-pancreas-ki67-60",
        "§5 NETTER-2 Ki-67 > 55 % excluded",
        metastatic(
            net(Site.PANCREAS, size_cm=4, ki67_percent=60, grade=Grade.G3, functional=False),
            sstr=SSTR_K4,
            labs=GOOD_LABS,
            performance=KPS90,
        ),
        {"captem"},
        PRRT | {"ssa_first_line"},
    ),
    scenario(
        "met-liver-and-bone",
        "liver-directed therapy needs liver-dominant disease",
        metastatic(
            net(Site.JEJUNUM_ILEUM, grade=Grade.G1, ki67_percent=2), metastases=LIVER_AND_BONE
        ),
        {"ssa_first_line"},
        {"liver_directed_therapy"},
    ),
    scenario(
        "met-liver-dominant-flag",
        "liver-directed therapy: clinician calls disease liver-dominant",
        metastatic(
            net(Site.JEJUNUM_ILEUM, grade=Grade.G1, ki67_percent=2),
            metastases=Metastases(
                hepatic=True, extrahepatic_sites=(ExtrahepaticSite.BONE,), liver_dominant=True
            ),
        ),
        {"liver_directed_therapy"},
        set(),
    ),
    scenario(
        "met-on-ssa-progression-unknown",
        "§8 SSA continues; restaging needed",
        metastatic(net(Site.JEJUNUM_ILEUM, grade=Grade.G1, ki67_percent=2), treatments=ON_LAR),
        {"ssa_first_line", "workup_progression_assessment"},
        PRRT | {"everolimus"},
    ),
    scenario(
        "met-lung-progressive",
        "§8 everolimus lung (RADIANT-4); PRRT labelled for GEP-NET",
        metastatic(
            net(Site.LUNG, ki67_percent=5, grade=Grade.G2),
            progression_on_ssa=True,
            treatments=ON_LAR,
            labs=GOOD_LABS,
            performance=KPS90,
        ),
        {"everolimus"},
        PRRT | {"sunitinib", "captem", "ssa_first_line"},
    ),
    scenario(
        "met-unknown-primary",
        "§2 M1 with primary unknown",
        metastatic(net(None, grade=Grade.G1, ki67_percent=1)),
        {"workup_primary_site", "ssa_first_line"},
        PRRT,
    ),
    # --- carcinoid syndrome (REFERENCE §8)
    scenario(
        "carcinoid-diarrhea-persists-screened",
        "§8 SSA, telotristat (TELESTAR); heart screening done",
        metastatic(
            SI_G2,
            functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
            treatments=ON_LAR,
            progression_on_ssa=False,
            persistent_diarrhea_on_ssa=True,
            echo_done=True,
            nt_probnp_done=True,
        ),
        {"ssa_syndrome_control", "telotristat", "ssa_first_line", "octreotide_periprocedural"},
        {"screen_carcinoid_heart_disease", "workup_5hiaa"},
    ),
    scenario(
        "carcinoid-diarrhea-unknown",
        "§8: unknown diarrhea control is not 'persisting'; heart screening",
        metastatic(
            SI_G2, functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME, echo_done=True
        ),
        {"ssa_syndrome_control", "screen_carcinoid_heart_disease"},
        {"telotristat"},
    ),
    scenario(
        "carcinoid-local-si-surgery",
        "§8 short-acting octreotide around procedures",
        local(
            net(Site.JEJUNUM_ILEUM, size_cm=1.4, grade=Grade.G1, ki67_percent=2),
            functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
        ),
        {"si_resection_lymphadenectomy", "octreotide_periprocedural", "ssa_syndrome_control"},
        {"ssa_first_line"},
    ),
    scenario(
        "flushing-no-5hiaa",
        "§3 functional symptoms without markers",
        local(
            net(Site.PANCREAS, size_cm=3.0, grade=Grade.G1, ki67_percent=1, functional=False),
            markers_known=False,
            symptoms=(Symptom.FLUSHING, Symptom.DIARRHEA),
        ),
        {"workup_5hiaa", "pancreas_surgery"},
        {"ssa_syndrome_control"},
    ),
    # --- NEC (REFERENCE §1, §8)
    scenario(
        "nec-metastatic",
        "§8 platinum-etoposide for NEC",
        metastatic(
            TumorFacts(
                site=Site.PANCREAS,
                differentiation=Differentiation.POOR,
                category=Category.NEC,
                ki67_percent=70,
            ),
            sstr=SstrImaging(),
        ),
        {"nec_platinum_etoposide"},
        {"ssa_first_line", "workup_sstr_pet", "pancreas_surgery"} | PRRT,
    ),
    scenario(
        "nec-extent-unknown",
        "§8 NEC; §2 staging",
        patient(
            TumorFacts(
                site=Site.COLON_RECTUM, differentiation=Differentiation.POOR, ki67_percent=80
            )
        ),
        {"nec_platinum_etoposide", "workup_staging_imaging"},
        {"rectal_surgery", "workup_sstr_pet"},
    ),
    # --- hereditary (REFERENCE §6)
    scenario(
        "men1-known",
        "§6 MEN1",
        local(
            net(Site.PANCREAS, size_cm=1.0, grade=Grade.G1, ki67_percent=1, functional=False),
            hereditary=HereditaryFindings(known_syndrome=HereditarySyndrome.MEN1),
        ),
        {"genetic_counselling", "pancreas_surveillance"},
        set(),
    ),
    scenario(
        "young-onset",
        "§6 young onset",
        local(
            net(Site.PANCREAS, size_cm=1.0, grade=Grade.G1, ki67_percent=1, functional=False),
            age=31,
        ),
        {"genetic_counselling"},
        set(),
    ),
    scenario(
        "sporadic-older",
        "§6: no reason to counsel",
        local(
            net(Site.PANCREAS, size_cm=1.0, grade=Grade.G1, ki67_percent=1, functional=False),
            age=67,
            hereditary=HereditaryFindings(family_history=False),
        ),
        set(),
        {"genetic_counselling"},
    ),
    scenario(
        "two-nets-family-gastrinoma",
        "§6 multiple NETs, family history, gastrinoma",
        local(
            net(Site.DUODENUM_AMPULLA, **{**DUO_SMALL, "functional": True}),
            net(Site.PANCREAS, size_cm=1.0, grade=Grade.G1, ki67_percent=1, multifocal=True),
            functional_syndrome=FunctionalSyndrome.GASTRINOMA,
            hereditary=HereditaryFindings(family_history=True),
        ),
        {"genetic_counselling", "duodenal_surgical_resection", "pancreas_surgery"},
        {"duodenal_endoscopic_resection"},
    ),
    # --- missing workup (REFERENCE §1-§4)
    scenario(
        "no-grade",
        "§1 grade needed",
        local(net(Site.JEJUNUM_ILEUM, size_cm=1.0)),
        {"workup_pathology_review"},
        set(),
    ),
    scenario(
        "differentiation-unknown",
        "§1 differentiation decides NET vs NEC",
        patient(TumorFacts(site=Site.PANCREAS, size_cm=2.0, ki67_percent=25)),
        {"workup_pathology_review", "workup_staging_imaging"},
        {"nec_platinum_etoposide", "pancreas_surgery", "workup_sstr_pet"},
    ),
    scenario(
        "no-tumor",
        "§1 diagnosis first",
        patient(symptoms=()),
        {"workup_pathology_review"},
        {"workup_staging_imaging", "workup_5hiaa"},
    ),
    scenario(
        "staging-not-done",
        "§2 staging imaging",
        patient(
            net(Site.JEJUNUM_ILEUM, size_cm=1.0, grade=Grade.G1, ki67_percent=1),
            staging_imaging_done=False,
            metastases=NO_METS,
        ),
        {"workup_staging_imaging", "workup_5hiaa", "workup_sstr_pet"},
        {"ssa_first_line"},
    ),
    scenario(
        "m-unknown",
        "§2: M unknown is not M0",
        patient(net(Site.APPENDIX, **APPX_OK)),
        {"workup_staging_imaging", "workup_sstr_pet", "appendix_appendectomy"},
        {"ssa_first_line"},
    ),
]


@pytest.mark.parametrize("case", SCENARIOS)
def test_it_lists_the_required_options_and_not_the_excluded(case: Scenario) -> None:
    """The codes in `must` appear, those in `must_not` do not (the scenario's REFERENCE)."""
    codes = set(options_for(case.snapshot).codes)
    assert case.reference
    assert set() == case.must - codes, case.reference
    assert set() == case.must_not & codes, case.reference


def test_there_are_at_least_forty_scenarios() -> None:
    """The brief asks for at least 40 patient scenarios."""
    assert len(SCENARIOS) >= 40


@pytest.mark.parametrize("case", SCENARIOS)
def test_every_option_is_sourced_and_says_what_would_remove_it(case: Scenario) -> None:
    """Each option cites a REFERENCE section or guideline and lists a would-not-apply finding."""
    result = options_for(case.snapshot)
    for option in result.options:
        assert option.sources, option.code
        assert option.would_not_apply_if, option.code
        assert option.rationale, option.code
        assert isinstance(option.kind, OptionKind)
    assert result.disclaimer == DISCLAIMER
