"""Decision support: rationale values, result shape, notes and edge rules (REFERENCE §1-§8)."""

from __future__ import annotations

import json
from datetime import date

from netcare.clinical.decision_support import DISCLAIMER, OptionKind, options_for
from netcare.clinical.snapshot import (
    Depth,
    ExtrahepaticSite,
    FunctionalSyndrome,
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
from netcare.clinical.vocabulary import Category, Differentiation, Grade, M, N, Site

AS_OF = date(2025, 3, 1)
NO_METS = Metastases(hepatic=False, extrahepatic_sites=())
LIVER = Metastases(hepatic=True, extrahepatic_sites=())
GOOD_LABS = PrrtLabs(80, 210, 12.5, 3.1, 0.8, 41, 6.2)
HIAA = Markers(hiaa_mg_24h=6.0)


def net(site: Site | None, **facts: object) -> TumorFacts:
    """A well-differentiated NET."""
    return TumorFacts(site=site, differentiation=Differentiation.WELL, **facts)  # type: ignore[arg-type]


def snap(*tumors: TumorFacts, **fields: object) -> PatientSnapshot:
    """A snapshot on AS_OF."""
    return PatientSnapshot(as_of=AS_OF, tumors=tumors, **fields)  # type: ignore[arg-type]


SI_MET = snap(
    net(Site.JEJUNUM_ILEUM, size_cm=2.1, ki67_percent=14, grade=Grade.G2, m=M.M1A),
    age=62,
    metastases=LIVER,
    staging_imaging_done=True,
    sstr=SstrImaging(done=True, krenning_score=3, lowest_krenning_score=3),
    progression_on_ssa=True,
    treatments=(Treatment(TreatmentKind.OCTREOTIDE_LAR),),
    labs=GOOD_LABS,
    performance=PerformanceStatus(karnofsky=80),
    markers=HIAA,
)


def test_prrt_rationale_carries_the_patients_values() -> None:
    """The PRRT rationale names Ki-67, grade, Krenning, metastases and the labs (REFERENCE §5)."""
    option = options_for(SI_MET).option("prrt_after_ssa_progression")
    assert option is not None
    for text in (
        "Ki-67 14 % (G2)",
        "Krenning 3",
        "liver metastases",
        "CrCl 80 mL/min",
        "Karnofsky 80",
        "platelets 210",
        "albumin 41 g/L",
        "WBC 6.2 x10^9/L",
        "met: SSTR-positive tumour",
        "trial population (not required): met: well-differentiated NET",
        "[Lutathera USPI 4/2024, section 1 (REFERENCE §5)]",
    ):
        assert text in option.rationale, text
    assert OptionKind.TREATMENT == option.kind
    assert any("§5" in source for source in option.sources)


def test_rectal_rationale_carries_size_grade_and_depth() -> None:
    """The rectal endoscopic option quotes size, Ki-67, grade and depth (REFERENCE §7)."""
    patient = snap(
        net(
            Site.COLON_RECTUM,
            size_cm=0.7,
            ki67_percent=1.5,
            grade=Grade.G1,
            depth=Depth.SUBMUCOSA,
            n=N.N0,
        ),
        metastases=NO_METS,
        staging_imaging_done=True,
    )
    option = options_for(patient).option("rectal_endoscopic_resection")
    assert option is not None
    assert "colorectal NET, 0.7 cm, Ki-67 1.5 % (G1): < 1 cm, G1, confined to submucosa" == (
        option.rationale
    )


def test_appendix_rationale_names_each_adverse_feature() -> None:
    """All adverse appendix features are listed with their values (REFERENCE §7)."""
    patient = snap(
        net(
            Site.APPENDIX,
            size_cm=2.6,
            grade=Grade.G2,
            mesoappendix_invasion_mm=5.0,
            margin=Margin.POSITIVE,
            lymphovascular_invasion=True,
            resected=True,
        ),
        metastases=NO_METS,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, positive=True),
    )
    option = options_for(patient).option("appendix_right_hemicolectomy")
    assert option is not None
    assert (
        "appendiceal NET, 2.6 cm, G2: size 2.6 cm > 2 cm, mesoappendiceal invasion 5 mm > 3 mm, "
        "positive margin, lymphovascular invasion, G2"
    ) == option.rationale


def test_ssa_without_krenning_says_so() -> None:
    """SSTR-positive by the reader without a Krenning score still allows SSA (REFERENCE §4)."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=1, grade=Grade.G1),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, positive=True),
        markers=HIAA,
    )
    option = options_for(patient).option("ssa_first_line")
    assert option is not None
    assert option.rationale.endswith("SSTR-positive (Krenning score not recorded)")
    assert option.title.startswith("Start")


def test_result_is_json_able_and_names_its_inputs() -> None:
    """to_dict is JSON; inputs_used holds dotted snapshot fields with plain values."""
    result = options_for(SI_MET)
    data = json.loads(json.dumps(result.to_dict()))
    assert DISCLAIMER == data["disclaimer"]
    assert [option.code for option in result.options] == [o["code"] for o in data["options"]]
    used = dict(result.inputs_used)
    assert "jejunum_ileum" == used["tumors[0].site"]
    assert 14 == used["tumors[0].ki67_percent"]
    assert "none" == used["metastases.extrahepatic_sites"]
    assert 80 == used["labs.creatinine_clearance_ml_min"]
    assert None is result.option("no_such_option")


def test_workup_comes_before_treatment() -> None:
    """Options are ordered: workup, treatment, surveillance, referral, screening."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=1, grade=Grade.G1),
        metastases=LIVER,
        staging_imaging_done=True,
        functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
        sstr=SstrImaging(done=True, krenning_score=4),
        age=35,
    )
    kinds = [option.kind for option in options_for(patient).options]
    order = [
        OptionKind.WORKUP_NEEDED,
        OptionKind.TREATMENT,
        OptionKind.SURVEILLANCE,
        OptionKind.REFERRAL,
        OptionKind.SCREENING,
    ]
    assert kinds == sorted(kinds, key=order.index)


def test_krenning_below_liver_is_a_note_not_an_option() -> None:
    """Krenning 1 read as positive: PRRT is left out with a note (REFERENCE §4, §5)."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=5, grade=Grade.G2),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=1, positive=True, lowest_krenning_score=1),
        progression_on_ssa=True,
        markers=HIAA,
    )
    result = options_for(patient)
    assert "prrt_after_ssa_progression" not in result.codes
    assert (
        "PRRT after SSA progression: not listed: not met: uptake >= liver in all target lesions "
        "(Krenning >= 2) (Krenning 1) [NETTER-1, Strosberg et al., N Engl J Med 2017;376:125 "
        "(REFERENCE §5)]",
    ) == result.notes


def test_a_target_lesion_below_liver_is_judged_not_the_highest() -> None:
    """Target lesions scoring 4 and 1: the uptake criterion shows Krenning 1, not 4, and PRRT
    is left out (NETTER-1 uptake >= liver in all target lesions, REFERENCE §4, §5)."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=5, grade=Grade.G2),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=4, positive=True, lowest_krenning_score=1),
        progression_on_ssa=True,
        markers=HIAA,
    )
    result = options_for(patient)
    assert "prrt_after_ssa_progression" not in result.codes
    assert any("not met: uptake >= liver in all target lesions (Krenning >= 2) (Krenning 1)"
               in note for note in result.notes)
    assert not any("(Krenning 4)" in note for note in result.notes)
    used = dict(result.inputs_used)
    assert (4, 1) == (used["sstr.krenning_score"], used["sstr.lowest_krenning_score"])


def test_sstr_negative_and_g3_notes() -> None:
    """SSTR-negative disease and G3 disease explain why SSA is not listed (REFERENCE §8)."""
    negative = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=5, grade=Grade.G2),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=1),
        markers=HIAA,
    )
    assert ("SSA and PRRT: not listed: SSTR-negative disease",) == options_for(negative).notes
    g3 = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=60, grade=Grade.G3),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=3),
        markers=HIAA,
    )
    assert "SSA first line: not listed: G3 (antiproliferative data in G1/G2)" in (
        options_for(g3).notes
    )


def test_pancreas_missing_size_or_grade_is_a_note() -> None:
    """Non-functional pancreatic NET with size or grade unknown: undecided (REFERENCE §7)."""
    for tumor, missing in (
        (net(Site.PANCREAS, ki67_percent=1, grade=Grade.G1, functional=False), "size"),
        (net(Site.PANCREAS, size_cm=1.2, ki67_percent=1, functional=False), "grade"),
    ):
        result = options_for(snap(tumor, metastases=NO_METS, staging_imaging_done=True))
        assert {"pancreas_surveillance", "pancreas_surgery"}.isdisjoint(result.codes)
        assert (f"pancreatic NET: {missing} unknown, surveillance vs surgery undecided",) == (
            result.notes
        )


def test_localized_pancreatic_net_without_sstr_needs_no_pet() -> None:
    """A localized pancreatic NET with SSTR unknown gets no PET workup (REFERENCE §4)."""
    patient = snap(
        net(Site.PANCREAS, size_cm=1.2, ki67_percent=1, grade=Grade.G1, functional=False),
        metastases=NO_METS,
        staging_imaging_done=True,
    )
    assert "workup_sstr_pet" not in options_for(patient).codes


def test_carcinoid_syndrome_needs_sstr_imaging() -> None:
    """Carcinoid syndrome with SSTR status unknown asks for the PET even when M0 (REFERENCE §4)."""
    patient = snap(
        net(Site.PANCREAS, size_cm=3.0, ki67_percent=1, grade=Grade.G1, functional=True),
        metastases=NO_METS,
        staging_imaging_done=True,
        functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
        markers=HIAA,
    )
    option = options_for(patient).option("workup_sstr_pet")
    assert option is not None
    assert option.rationale.endswith("needed because: carcinoid syndrome")


def test_sstr_done_without_result_asks_for_the_result() -> None:
    """SSTR imaging done but not read: the PET workup says the result is missing."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, ki67_percent=1, grade=Grade.G1),
        metastases=LIVER,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True),
    )
    option = options_for(patient).option("workup_sstr_pet")
    assert option is not None
    assert "done but result not recorded" in option.rationale


def test_localized_lung_and_unknown_primary_get_a_note() -> None:
    """No REFERENCE §7 rule for localized lung NET: a note, no option."""
    patient = snap(
        net(Site.LUNG, size_cm=1.5, ki67_percent=1, grade=Grade.G1),
        metastases=NO_METS,
        staging_imaging_done=True,
    )
    result = options_for(patient)
    assert ("lung NET, 1.5 cm, Ki-67 1 % (G1): no localized-disease rule in REFERENCE §7",) == (
        result.notes
    )


def test_resected_si_net_is_followed_up() -> None:
    """A resected SI-NET with a negative margin: surveillance only (REFERENCE §9)."""
    patient = snap(
        net(
            Site.JEJUNUM_ILEUM,
            size_cm=1.5,
            ki67_percent=1,
            grade=Grade.G1,
            resected=True,
            margin=Margin.NEGATIVE,
        ),
        metastases=NO_METS,
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=3),
        markers=HIAA,
    )
    result = options_for(patient)
    assert ("surveillance_after_resection",) == result.codes


def test_metastases_from_tumor_m_and_extrahepatic_text() -> None:
    """M1 on the tumor counts as metastatic; extrahepatic sites appear in the rationale."""
    patient = snap(
        TumorFacts(
            site=Site.PANCREAS, differentiation=Differentiation.POOR, ki67_percent=80, m=M.M1B
        ),
        metastases=Metastases(extrahepatic_sites=(ExtrahepaticSite.DISTANT_LYMPH_NODE,)),
    )
    option = options_for(patient).option("nec_platinum_etoposide")
    assert option is not None
    assert (
        "pancreatic NEC, size unknown, Ki-67 80 %; metastatic (extrahepatic metastases "
        "(distant lymph node)): first-line"
    ) == option.rationale


def test_localized_nec_and_m0_from_the_tumor() -> None:
    """M0 on the tumor excludes spread; an NEC gets multimodal platinum-etoposide."""
    patient = snap(
        TumorFacts(site=Site.COLON_RECTUM, category=Category.NEC, size_cm=3.0, m=M.M0),
        staging_imaging_done=True,
    )
    option = options_for(patient).option("nec_platinum_etoposide")
    assert option is not None
    assert option.rationale.endswith(
        "localized: perioperative or with radiotherapy, within multimodal treatment"
    )


def test_grade_without_ki67_and_m1_without_tumor_site() -> None:
    """A grade with no Ki-67 is described by grade; M1 without sites says 'distant metastases'."""
    patient = snap(net(None, grade=Grade.G1, m=M.M1), staging_imaging_done=True)
    option = options_for(patient).option("workup_primary_site")
    assert option is not None
    assert "distant metastases (M1) with the primary site unknown" == option.rationale
    review = options_for(patient).option("workup_pathology_review")
    assert review is not None
    assert "primary site unknown NET, size unknown, G1: Ki-67 and mitotic count not recorded" == (
        review.rationale
    )


def test_the_same_code_merges_reasons_once() -> None:
    """Two tumors needing pathology review give one option with both reasons, no repeats."""
    tumor = TumorFacts(site=Site.PANCREAS, size_cm=1.0)
    result = options_for(snap(tumor, tumor, metastases=NO_METS, staging_imaging_done=True))
    option = result.option("workup_pathology_review")
    assert option is not None
    expected = (
        "pancreatic neuroendocrine neoplasm (differentiation unknown), 1 cm: differentiation "
        "(NET or NEC) not recorded, Ki-67 and mitotic count not recorded"
    )
    assert expected == option.rationale


def test_symptoms_trigger_5hiaa_even_without_a_tumor() -> None:
    """Flushing without a 5-HIAA result asks for the test (REFERENCE §3)."""
    result = options_for(snap(symptoms=(Symptom.FLUSHING,)))
    option = result.option("workup_5hiaa")
    assert option is not None
    assert "5-HIAA not measured; symptom: flushing" == option.rationale


def test_carcinoid_syndrome_with_measured_5hiaa() -> None:
    """Carcinoid syndrome with a 5-HIAA value quotes it; SSA already given continues."""
    patient = snap(
        net(Site.JEJUNUM_ILEUM, size_cm=1.0, ki67_percent=1, grade=Grade.G1, m=M.M0),
        functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
        markers=Markers(hiaa_mg_24h=48.5),
        treatments=(Treatment(TreatmentKind.LANREOTIDE),),
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=3),
    )
    option = options_for(patient).option("ssa_syndrome_control")
    assert option is not None
    assert "carcinoid syndrome, 5-HIAA 48.5 mg/24 h" == option.rationale
    assert option.title.startswith("Continue")


def test_appendix_with_nothing_known_needs_pathology() -> None:
    """An appendiceal NET with no specimen features recorded: pathology review (REFERENCE §7)."""
    patient = snap(net(Site.APPENDIX), metastases=NO_METS, staging_imaging_done=True)
    result = options_for(patient)
    assert {"appendix_appendectomy", "appendix_right_hemicolectomy"}.isdisjoint(result.codes)
    option = result.option("workup_pathology_review")
    assert option is not None
    assert (
        "appendectomy specimen features unknown (size, mesoappendiceal invasion, margin, "
        "lymphovascular invasion, grade)"
    ) in option.rationale
