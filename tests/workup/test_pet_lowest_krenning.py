"""A PET records both its highest and its lowest lesion Krenning score: the timeline shows the
highest, PRRT eligibility judges the lowest (NETTER-1: uptake >= liver in all target lesions,
REFERENCE §4, §5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from netcare.workup.actions import correct_result, record_result, timeline_text
from netcare.workup.api import result_out
from netcare.workup.models import PetScan

LESIONS_4_AND_1 = [
    {"location": "primary", "site": "terminal ileum", "size_mm": 18, "krenning_score": 4},
    {"location": "liver", "site": "segment VII", "size_mm": 22, "krenning_score": 1},
]


def _pet(patient: Any, by: Any, lesions: list[dict[str, Any]]) -> PetScan:
    result = record_result("pet", patient, {
        "performed_on": date(2026, 5, 2), "tracer": "ga68_dotatate", "liver_suvmax": 6.0,
        "spleen_suvmax": 20.0}, by=by, lesions=lesions)
    assert isinstance(result, PetScan)
    return result


def test_lesions_4_and_1_store_highest_4_and_lowest_1(pat_record: Any, theo: Any) -> None:
    """Read lesions 4 and 1: highest 4 (timeline), lowest 1, SSTR-negative for PRRT."""
    pet = _pet(pat_record, theo, LESIONS_4_AND_1)
    pet.refresh_from_db()
    assert (4, 1, False) == (pet.krenning_score, pet.lowest_krenning_score, pet.sstr_positive)
    assert timeline_text(pet)[0].startswith("Ga-68 DOTATATE PET/CT, Krenning 4")
    computed = result_out(pet)["computed"]
    assert (4, 1) == (computed["krenning_score"], computed["lowest_krenning_score"])


def test_derived_scores_give_the_lowest_too(pat_record: Any, theo: Any) -> None:
    """Scores derived from SUVmax (liver 6, spleen 20): SUV 30 -> 4, SUV 10 -> 3 (> liver)."""
    pet = _pet(pat_record, theo, [{"location": "primary", "suv_max": 30.0},
                                  {"location": "liver", "suv_max": 10.0}])
    pet.refresh_from_db()
    assert (4, 3, True) == (pet.krenning_score, pet.lowest_krenning_score, pet.sstr_positive)


def test_no_scored_lesion_leaves_both_unknown(pat_record: Any, theo: Any) -> None:
    pet = _pet(pat_record, theo, [{"location": "primary", "size_mm": 18}])
    pet.refresh_from_db()
    assert (None, None, None) == (pet.krenning_score, pet.lowest_krenning_score,
                                  pet.sstr_positive)


def test_a_correction_recomputes_the_lowest(pat_record: Any, theo: Any) -> None:
    """Correcting the lesions recomputes both scores; copying keeps them."""
    pet = _pet(pat_record, theo, LESIONS_4_AND_1)
    copied = correct_result(pet, {"impression": "typo"}, reason="typo", by=theo)
    assert isinstance(copied, PetScan)
    assert (4, 1) == (copied.krenning_score, copied.lowest_krenning_score)
    fixed = correct_result(copied, {}, reason="re-read", by=theo, lesions=[
        {"location": "primary", "krenning_score": 4}, {"location": "liver", "krenning_score": 3}])
    assert isinstance(fixed, PetScan)
    assert (4, 3, True) == (fixed.krenning_score, fixed.lowest_krenning_score,
                            fixed.sstr_positive)


def test_the_snapshot_carries_the_lowest_score(pat_record: Any, theo: Any) -> None:
    """The patient snapshot (tumors.snapshot_builder) carries both scores; PRRT facts take the
    lowest (Krenning 1), so the NETTER-1 uptake criterion is not met."""
    from netcare.clinical import prrt
    from netcare.tumors.snapshot_builder import snapshot_for

    _pet(pat_record, theo, LESIONS_4_AND_1)
    sstr = snapshot_for(pat_record).sstr
    assert (True, 4, 1, False) == (sstr.done, sstr.krenning_score, sstr.lowest_krenning_score,
                                   sstr.positive)
    facts = prrt.facts_from_snapshot(snapshot_for(pat_record), None, first_line=None)
    assert 1 == facts.min_target_krenning
    status = {r.criterion.key: r.status for r in prrt.assess_eligibility(facts).criteria}
    assert prrt.Status.NOT_MET is status["n1_uptake"]


def test_the_migration_backfills_existing_scans_from_their_lesions(
        transactional_db: Any, pat_record: Any, theo: Any) -> None:
    """Scans recorded before the field existed get the lowest of their lesions' stored scores;
    a scan without scored lesions stays unknown (migration workup 0003)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    scored = _pet(pat_record, theo, LESIONS_4_AND_1)
    unscored = _pet(pat_record, theo, [{"location": "primary", "size_mm": 18}])
    PetScan.objects.update(lowest_krenning_score=None)
    executor = MigrationExecutor(connection)
    before = [("workup", "0002_clinical_assessment_and_prrt_labs")]
    executor.migrate(before)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    scored.refresh_from_db()
    unscored.refresh_from_db()
    assert (4, 1) == (scored.krenning_score, scored.lowest_krenning_score)
    assert None is unscored.lowest_krenning_score
