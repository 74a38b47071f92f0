"""Short-acting octreotide around procedures is offered only when a procedure is discussed."""

from __future__ import annotations

from datetime import date

from netcare.clinical.decision_support import options_for
from netcare.clinical.snapshot import (
    ExtrahepaticSite,
    FunctionalSyndrome,
    Metastases,
    PatientSnapshot,
    SstrImaging,
    TumorFacts,
)
from netcare.clinical.vocabulary import Differentiation, Grade, M, Site


def _carcinoid_patient(*, metastatic: bool) -> PatientSnapshot:
    tumor = TumorFacts(
        site=Site.JEJUNUM_ILEUM,
        differentiation=Differentiation.WELL,
        size_cm=1.8,
        ki67_percent=2,
        grade=Grade.G1,
        m=M.M1A if metastatic else M.M0,
    )
    return PatientSnapshot(
        as_of=date(2026, 11, 25),
        tumors=(tumor,),
        functional_syndrome=FunctionalSyndrome.CARCINOID_SYNDROME,
        metastases=Metastases(
            hepatic=False,
            extrahepatic_sites=(ExtrahepaticSite.BONE,) if metastatic else (),
        ),
        staging_imaging_done=True,
        sstr=SstrImaging(done=True, krenning_score=3),
    )


def test_localized_si_net_with_carcinoid_syndrome_gets_periprocedural_octreotide() -> None:
    """Resection is discussed, so octreotide cover for the operation is offered (REFERENCE §8)."""
    codes = options_for(_carcinoid_patient(metastatic=False)).codes
    assert {"si_resection_lymphadenectomy", "octreotide_periprocedural"} <= set(codes)


def test_metastatic_carcinoid_syndrome_without_a_procedure_gets_no_periprocedural_octreotide() -> (
    None
):
    """With bone metastases and no procedure under discussion there is nothing to cover."""
    codes = options_for(_carcinoid_patient(metastatic=True)).codes
    assert "octreotide_periprocedural" not in codes
    assert "ssa_syndrome_control" in codes
