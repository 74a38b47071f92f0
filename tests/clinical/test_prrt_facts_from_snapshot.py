"""PRRT facts from a patient snapshot: the one builder decision support and the PRRT form's
chart prefill share (REFERENCE §5; SSTR status §4, differentiation §1)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.prrt import (
    GEP_SITES,
    MIDGUT_BY_SITE,
    PRRTFacts,
    Status,
    assess_eligibility,
    facts_from_snapshot,
    sourced_facts,
    sstr_status,
)
from netcare.clinical.snapshot import (
    PatientSnapshot,
    PerformanceStatus,
    PrrtLabs,
    SstrImaging,
    TumorFacts,
)
from netcare.clinical.vocabulary import Category, Differentiation, Site

AS_OF = date(2026, 11, 25)
WELL, POOR = Differentiation.WELL, Differentiation.POOR
NET, NEC = Category.NET, Category.NEC


def _facts(tumor: TumorFacts | None = None, **snapshot: object) -> PRRTFacts:
    return facts_from_snapshot(
        PatientSnapshot(as_of=AS_OF, **snapshot),  # type: ignore[arg-type]
        tumor,
        first_line=None,
    )


@pytest.mark.parametrize(
    ("differentiation", "category", "expected", "source"),
    [
        (None, None, None, ()),
        (None, NET, WELL, ("tumor.category",)),  # WHO: a NET is well differentiated
        (None, NEC, None, ()),
        (WELL, None, WELL, ("tumor.differentiation",)),
        (WELL, NET, WELL, ("tumor.differentiation",)),
        (POOR, None, POOR, ("tumor.differentiation",)),
        (POOR, NEC, POOR, ("tumor.differentiation",)),
    ],
)
def test_differentiation_as_reported_else_well_for_a_net(
    differentiation: Differentiation | None,
    category: Category | None,
    expected: Differentiation | None,
    source: tuple[str, ...],
) -> None:
    """The same value decision support always used: well for a NET, else as reported."""
    tumor = TumorFacts(differentiation=differentiation, category=category)
    snap = PatientSnapshot(as_of=AS_OF, tumors=(tumor,))
    assert expected is facts_from_snapshot(snap, tumor, first_line=None).differentiation
    by_name = {f.name: f for f in sourced_facts(snap, tumor, first_line=None)}
    assert (expected, source) == (by_name["differentiation"].value,
                                  by_name["differentiation"].inputs)


@pytest.mark.parametrize(
    ("positive", "krenning", "expected", "source"),
    [
        (None, None, None, ()),
        (True, None, True, ("sstr.positive",)),
        (False, 4, False, ("sstr.positive",)),  # the reader's call wins
        (True, 1, True, ("sstr.positive",)),
        (None, 1, False, ("sstr.krenning_score",)),
        (None, 2, True, ("sstr.krenning_score",)),  # >= liver (NETTER-1)
        (None, 4, True, ("sstr.krenning_score",)),
    ],
)
def test_sstr_status_is_the_readers_call_else_krenning_at_least_2(
    positive: bool | None, krenning: int | None, expected: bool | None, source: tuple[str, ...]
) -> None:
    sstr = SstrImaging(positive=positive, krenning_score=krenning)
    assert expected is sstr_status(sstr)
    snap = PatientSnapshot(as_of=AS_OF, sstr=sstr)
    assert expected is facts_from_snapshot(snap, None, first_line=None).sstr_positive
    by_name = {f.name: f for f in sourced_facts(snap, None, first_line=None)}
    assert source == by_name["sstr_positive"].inputs
    # The scan's highest score alone never stands in for the lowest target-lesion score.
    assert (None, ()) == (by_name["min_target_krenning"].value,
                          by_name["min_target_krenning"].inputs)


def test_min_target_krenning_is_the_lowest_target_lesion_score() -> None:
    """NETTER-1 uptake >= liver in all target lesions (REFERENCE §4, §5): lesions scoring 4
    and 1 give 1, not the highest 4, and the check is not met."""
    sstr = SstrImaging(done=True, krenning_score=4, lowest_krenning_score=1, positive=False)
    snap = PatientSnapshot(as_of=AS_OF, sstr=sstr)
    facts = facts_from_snapshot(snap, None, first_line=None)
    assert 1 == facts.min_target_krenning
    by_name = {f.name: f for f in sourced_facts(snap, None, first_line=None)}
    assert (1, ("sstr.lowest_krenning_score",)) == (by_name["min_target_krenning"].value,
                                                    by_name["min_target_krenning"].inputs)
    uptake = {r.criterion.key: r.status for r in assess_eligibility(facts).criteria}
    assert Status.NOT_MET is uptake["n1_uptake"]


@pytest.mark.parametrize("highest", [2, 3, 4])
def test_unknown_lowest_score_stays_unknown_whatever_the_highest(highest: int) -> None:
    """Only the highest score recorded: the uptake criterion is unknown, not met on the
    highest (the safe reading, REFERENCE §4, §5)."""
    snap = PatientSnapshot(
        as_of=AS_OF, sstr=SstrImaging(done=True, krenning_score=highest, positive=True)
    )
    facts = facts_from_snapshot(snap, None, first_line=None)
    assert None is facts.min_target_krenning
    uptake = {r.criterion.key: r.status for r in assess_eligibility(facts).criteria}
    assert Status.UNKNOWN is uptake["n1_uptake"]


def test_a_snapshot_stored_before_the_lowest_score_loads_as_unknown() -> None:
    """A tumor-board snapshot frozen without ``lowest_krenning_score`` still loads; the lowest
    score is unknown and the highest is kept."""
    stored = {"as_of": "2025-03-01",
              "sstr": {"done": True, "krenning_score": 4, "positive": True,
                       "scan_date": "2025-02-01"}}
    snap = PatientSnapshot.from_dict(stored)
    assert (4, None) == (snap.sstr.krenning_score, snap.sstr.lowest_krenning_score)
    assert None is facts_from_snapshot(snap, None, first_line=None).min_target_krenning


@pytest.mark.parametrize(
    ("site", "gep_net", "midgut"),
    [
        (None, None, None),
        (Site.JEJUNUM_ILEUM, True, True),
        (Site.APPENDIX, True, True),
        (Site.COLON_RECTUM, True, None),  # midgut or hindgut: depends on the segment
        (Site.PANCREAS, True, False),
        (Site.STOMACH, True, False),
        (Site.DUODENUM_AMPULLA, True, False),
        (Site.LUNG, False, False),
    ],
)
def test_site_decides_gep_and_midgut(
    site: Site | None, gep_net: bool | None, midgut: bool | None
) -> None:
    facts = _facts(TumorFacts(site=site))
    assert (gep_net, midgut) == (facts.gep_net, facts.midgut)
    assert (site in GEP_SITES, MIDGUT_BY_SITE.get(site, False)) == (  # type: ignore[arg-type]
        (gep_net, midgut) if site is not None else (False, False)
    )


def test_without_a_tumor_its_facts_are_unknown() -> None:
    facts = _facts(None, age=64, progression_on_ssa=True)
    assert (None, None, None, None) == (
        facts.gep_net, facts.midgut, facts.differentiation, facts.ki67_percent
    )
    assert (64, True) == (facts.age_years, facts.progression_on_octreotide_lar)


@pytest.mark.parametrize(
    ("snapshot", "tumor", "first_line", "field"),
    [
        ({"as_of": AS_OF}, None, None, "snapshot"),
        (PatientSnapshot(as_of=AS_OF), {"site": "pancreas"}, None, "tumor"),
        (PatientSnapshot(as_of=AS_OF), None, "yes", "first_line"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(
    snapshot: object, tumor: object, first_line: object, field: str
) -> None:
    for build in (facts_from_snapshot, sourced_facts):
        with pytest.raises(ClinicalInputError) as raised:
            build(snapshot, tumor, first_line=first_line)  # type: ignore[operator]
        assert field == raised.value.field


def test_sstr_status_refuses_what_is_not_sstr_imaging() -> None:
    with pytest.raises(ClinicalInputError) as raised:
        sstr_status({"positive": True})  # type: ignore[arg-type]
    assert "sstr" == raised.value.field


def _opt(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


def _amount(high: float) -> st.SearchStrategy[object]:
    return _opt(st.floats(min_value=0, max_value=high, allow_nan=False))


@st.composite
def _cases(draw: st.DrawFn) -> tuple[PatientSnapshot, TumorFacts | None, bool | None]:
    poor = draw(_opt(st.booleans()))
    tumor = draw(
        _opt(
            st.builds(
                TumorFacts,
                site=_opt(st.sampled_from(list(Site))),
                differentiation=st.just(None if poor is None else POOR if poor else WELL)
                | st.none(),
                category=st.just(None if poor is None else NEC if poor else NET) | st.none(),
                ki67_percent=_amount(100),
            )
        )
    )
    krenning = draw(_opt(st.integers(0, 4)))
    lowest = draw(_opt(st.integers(0, 4 if krenning is None else krenning)))
    positive = draw(_opt(st.booleans())) if krenning != 0 else None
    snapshot = PatientSnapshot(
        as_of=AS_OF,
        age=draw(_opt(st.integers(0, 120))),  # type: ignore[arg-type]
        performance=PerformanceStatus(karnofsky=draw(_opt(st.sampled_from(range(0, 101, 10))))),  # type: ignore[arg-type]
        tumors=() if tumor is None else (tumor,),  # type: ignore[arg-type]
        sstr=SstrImaging(krenning_score=krenning, positive=positive,  # type: ignore[arg-type]
                         lowest_krenning_score=lowest),  # type: ignore[arg-type]
        labs=PrrtLabs(
            creatinine_clearance_ml_min=draw(_amount(500)),  # type: ignore[arg-type]
            platelets_10e9_l=draw(_amount(5000)),  # type: ignore[arg-type]
            hemoglobin_g_dl=draw(_amount(30)),  # type: ignore[arg-type]
            bilirubin_x_uln=draw(_amount(100)),  # type: ignore[arg-type]
            albumin_g_l=draw(_amount(100)),  # type: ignore[arg-type]
            wbc_10e9_l=draw(_amount(500)),  # type: ignore[arg-type]
        ),
        progression_on_ssa=draw(_opt(st.booleans())),  # type: ignore[arg-type]
    )
    return snapshot, tumor, draw(_opt(st.booleans()))  # type: ignore[return-value]


@given(_cases())
def test_any_valid_snapshot_gives_facts_and_every_fact_says_where_it_came_from(
    case: tuple[PatientSnapshot, TumorFacts | None, bool | None],
) -> None:
    """Total on valid snapshots; values copied from the snapshot; each fact listed once, in
    PRRTFacts order, with its snapshot input exactly when it is known."""
    snap, tumor, first_line = case
    facts = facts_from_snapshot(snap, tumor, first_line=first_line)
    labs = snap.labs
    assert (
        snap.age, snap.performance.karnofsky, snap.progression_on_ssa,
        snap.sstr.lowest_krenning_score,
        labs.creatinine_clearance_ml_min, labs.hemoglobin_g_dl, labs.wbc_10e9_l,
        labs.platelets_10e9_l, labs.bilirubin_x_uln, labs.albumin_g_l, first_line,
    ) == (
        facts.age_years, facts.karnofsky, facts.progression_on_octreotide_lar,
        facts.min_target_krenning, facts.creatinine_clearance_ml_min, facts.hemoglobin_g_dl,
        facts.wbc_10e9_per_l, facts.platelets_10e9_per_l, facts.bilirubin_x_uln,
        facts.albumin_g_l, facts.first_line,
    )
    assert (None if tumor is None else tumor.ki67_percent) == facts.ki67_percent
    if tumor is not None and tumor.differentiation is not None:
        assert tumor.differentiation is facts.differentiation
    listed = sourced_facts(snap, tumor, first_line=first_line)
    assert [f.name for f in fields(PRRTFacts)] == [f.name for f in listed]
    for fact in listed:
        assert getattr(facts, fact.name) == fact.value
        assert (fact.value is None) is (fact.inputs == ())
