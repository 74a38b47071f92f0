"""PatientSnapshot: validation naming the field, and a lossless JSON round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical.errors import ClinicalInputError
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
    MarkerTrend,
    Metastases,
    PatientSnapshot,
    PerformanceStatus,
    PrrtLabs,
    Sex,
    SstrImaging,
    Symptom,
    Treatment,
    TreatmentKind,
    TumorFacts,
)
from netcare.clinical.vocabulary import Category, Differentiation, Grade, M, N, Site, Subsite, T

AS_OF = date(2025, 3, 1)
PAST = st.dates(min_value=date(2000, 1, 1), max_value=AS_OF)


def opt(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """The strategy or None (unknown)."""
    return st.none() | strategy


def sized(low: float, high: float) -> st.SearchStrategy[object]:
    """Finite floats in [low, high] (or None)."""
    return opt(st.floats(min_value=low, max_value=high, allow_nan=False))


@st.composite
def tumors(draw: st.DrawFn) -> TumorFacts:
    """A valid TumorFacts: site-dependent fields only where the site allows them."""
    site = draw(opt(st.sampled_from(Site)))
    poor = draw(st.booleans())
    return TumorFacts(
        site=site,  # type: ignore[arg-type]
        subsite=draw(opt(st.sampled_from(Subsite))) if site is Site.DUODENUM_AMPULLA else None,  # type: ignore[arg-type]
        size_cm=draw(sized(0.1, 50)),  # type: ignore[arg-type]
        differentiation=Differentiation.POOR if poor else Differentiation.WELL,
        ki67_percent=draw(sized(0, 100)),  # type: ignore[arg-type]
        mitoses_per_2mm2=draw(sized(0, 200)),  # type: ignore[arg-type]
        category=Category.NEC if poor else Category.NET,
        grade=None if poor else draw(opt(st.sampled_from(Grade))),  # type: ignore[arg-type]
        t=draw(opt(st.sampled_from([T.TX, T.T1, T.T2, T.T3, T.T4]))),  # type: ignore[arg-type]
        n=draw(opt(st.sampled_from([N.NX, N.N0, N.N1]))),  # type: ignore[arg-type]
        m=draw(opt(st.sampled_from(M))),  # type: ignore[arg-type]
        stage=draw(opt(st.sampled_from(["I", "IIA", "IIIB", "IV"]))),  # type: ignore[arg-type]
        gastric_type=draw(opt(st.sampled_from(GastricType))) if site is Site.STOMACH else None,  # type: ignore[arg-type]
        depth=draw(opt(st.sampled_from(Depth))),  # type: ignore[arg-type]
        margin=draw(opt(st.sampled_from(Margin))),  # type: ignore[arg-type]
        lymphovascular_invasion=draw(opt(st.booleans())),  # type: ignore[arg-type]
        mesoappendix_invasion_mm=draw(sized(0, 30)) if site is Site.APPENDIX else None,  # type: ignore[arg-type]
        resected=draw(opt(st.booleans())),  # type: ignore[arg-type]
        functional=draw(opt(st.booleans())),  # type: ignore[arg-type]
        multifocal=draw(opt(st.booleans())),  # type: ignore[arg-type]
    )


@st.composite
def treatments(draw: st.DrawFn) -> Treatment:
    """A valid Treatment (end not before start, both not after AS_OF)."""
    start = draw(opt(PAST))
    end = draw(opt(st.dates(min_value=start, max_value=AS_OF))) if start else None  # type: ignore[arg-type]
    return Treatment(
        kind=draw(st.sampled_from(TreatmentKind)),
        start=start,  # type: ignore[arg-type]
        end=end,  # type: ignore[arg-type]
        best_response=draw(opt(st.sampled_from(BestResponse))),  # type: ignore[arg-type]
    )


@st.composite
def snapshots(draw: st.DrawFn) -> PatientSnapshot:
    """A valid PatientSnapshot with every part drawn."""
    done = draw(opt(st.booleans()))
    krenning = draw(opt(st.integers(0, 4))) if done is not False else None
    lowest = draw(opt(st.integers(0, 4 if krenning is None else krenning)))
    lowest = lowest if done is not False else None
    positive = draw(opt(st.booleans())) if done is not False and krenning != 0 else None
    hepatic = draw(opt(st.booleans()))
    return PatientSnapshot(
        as_of=AS_OF,
        age=draw(opt(st.integers(0, 120))),  # type: ignore[arg-type]
        sex=draw(opt(st.sampled_from(Sex))),  # type: ignore[arg-type]
        symptoms=draw(opt(st.lists(st.sampled_from(Symptom), unique=True).map(tuple))),  # type: ignore[arg-type]
        functional_syndrome=draw(opt(st.sampled_from(FunctionalSyndrome))),  # type: ignore[arg-type]
        hereditary=HereditaryFindings(
            draw(opt(st.sampled_from(HereditarySyndrome))),  # type: ignore[arg-type]
            draw(opt(st.booleans())),  # type: ignore[arg-type]
        ),
        performance=PerformanceStatus(
            draw(opt(st.integers(0, 10).map(lambda k: k * 10))),  # type: ignore[arg-type]
            draw(opt(st.integers(0, 5))),  # type: ignore[arg-type]
            draw(opt(PAST)),  # type: ignore[arg-type]
        ),
        tumors=tuple(draw(st.lists(tumors(), max_size=3))),
        metastases=Metastases(
            hepatic,  # type: ignore[arg-type]
            draw(opt(st.lists(st.sampled_from(ExtrahepaticSite), unique=True).map(tuple))),  # type: ignore[arg-type]
            draw(opt(st.booleans())) if hepatic is not False else None,  # type: ignore[arg-type]
        ),
        sstr=SstrImaging(
            done,  # type: ignore[arg-type]
            krenning,  # type: ignore[arg-type]
            positive,  # type: ignore[arg-type]
            draw(opt(PAST)) if done is not False else None,  # type: ignore[arg-type]
            lowest,  # type: ignore[arg-type]
        ),
        markers=Markers(
            draw(sized(0, 500)),  # type: ignore[arg-type]
            draw(opt(PAST)),  # type: ignore[arg-type]
            draw(sized(0, 5000)),  # type: ignore[arg-type]
            draw(opt(PAST)),  # type: ignore[arg-type]
            draw(opt(st.sampled_from(MarkerTrend))),  # type: ignore[arg-type]
            draw(opt(st.sampled_from(MarkerTrend))),  # type: ignore[arg-type]
        ),
        labs=PrrtLabs(  # each value up to the field's laboratory limit
            **{name: draw(sized(0, limit)) for name, limit in PrrtLabs._MAXIMA.items()}
        ),
        treatments=tuple(draw(st.lists(treatments(), max_size=3))),
        progression_on_ssa=draw(opt(st.booleans())),  # type: ignore[arg-type]
        staging_imaging_done=draw(opt(st.booleans())),  # type: ignore[arg-type]
        echo_done=draw(opt(st.booleans())),  # type: ignore[arg-type]
        nt_probnp_done=draw(opt(st.booleans())),  # type: ignore[arg-type]
        persistent_diarrhea_on_ssa=draw(opt(st.booleans())),  # type: ignore[arg-type]
        prior_board_recommendations=tuple(draw(st.lists(st.text(max_size=20), max_size=2))),
    )


@given(snapshots())
def test_it_round_trips_through_json(snapshot: PatientSnapshot) -> None:
    """from_dict(json(to_dict(s))) == s for every valid snapshot."""
    assert snapshot == PatientSnapshot.from_dict(json.loads(json.dumps(snapshot.to_dict())))


@given(snapshots())
def test_decision_support_accepts_every_valid_snapshot(snapshot: PatientSnapshot) -> None:
    """The rules never fail on a valid snapshot, and always return the disclaimer."""
    from netcare.clinical.decision_support import DISCLAIMER, options_for

    assert DISCLAIMER == options_for(snapshot).disclaimer


def test_missing_keys_mean_unknown() -> None:
    """Only as_of is required; everything else defaults to unknown or empty."""
    expected = PatientSnapshot(as_of=AS_OF)
    assert expected == PatientSnapshot.from_dict({"as_of": "2025-03-01"})
    assert expected.symptoms is None
    assert () == expected.tumors


BAD_DICTS = [
    ({}, "as_of", "is required"),
    ([], "PatientSnapshot", "must be an object"),
    ({"as_of": "2025-3-1"}, "as_of", "ISO date"),
    ({"as_of": "2025-02-30"}, "as_of", "ISO date"),
    ({"as_of": 20250301}, "as_of", "ISO date"),
    ({"as_of": "2025-03-01", "shoe_size": 44}, "shoe_size", "not a known field"),
    ({"as_of": "2025-03-01", "age": 130}, "age", "between 0 and 120"),
    ({"as_of": "2025-03-01", "age": "60"}, "age", "an integer"),
    ({"as_of": "2025-03-01", "age": True}, "age", "an integer"),
    ({"as_of": "2025-03-01", "sex": "x"}, "sex", "one of 'female'"),
    ({"as_of": "2025-03-01", "symptoms": "flushing"}, "symptoms", "must be a list"),
    ({"as_of": "2025-03-01", "symptoms": ["itching"]}, "symptoms[0]", "one of"),
    ({"as_of": "2025-03-01", "symptoms": ["flushing", "flushing"]}, "symptoms", "repeat"),
    (
        {"as_of": "2025-03-01", "tumors": [{"ki67_percent": 120}]},
        "tumors[0].ki67_percent",
        "0 and 100",
    ),
    (
        {"as_of": "2025-03-01", "tumors": [{"ki67_percent": "high"}]},
        "tumors[0].ki67_percent",
        "a number",
    ),
    ({"as_of": "2025-03-01", "tumors": [{"size_cm": 0}]}, "tumors[0].size_cm", "more than 0"),
    (
        {"as_of": "2025-03-01", "tumors": [{"mitoses_per_2mm2": -1}]},
        "tumors[0].mitoses_per_2mm2",
        "0 or more",
    ),
    ({"as_of": "2025-03-01", "tumors": [{"site": "liver"}]}, "tumors[0].site", "one of"),
    (
        {"as_of": "2025-03-01", "tumors": [{"site": "pancreas", "subsite": "duodenum"}]},
        "tumors[0].subsite",
        "duodenum_ampulla",
    ),
    (
        {"as_of": "2025-03-01", "tumors": [{"gastric_type": "type_1"}]},
        "tumors[0].gastric_type",
        "stomach",
    ),
    (
        {
            "as_of": "2025-03-01",
            "tumors": [{"site": "colon_rectum", "mesoappendix_invasion_mm": 1}],
        },
        "tumors[0].mesoappendix_invasion_mm",
        "appendix",
    ),
    (
        {"as_of": "2025-03-01", "tumors": [{"category": "NEC", "grade": "G3"}]},
        "tumors[0].grade",
        "NEC",
    ),
    (
        {"as_of": "2025-03-01", "tumors": [{"category": "NET", "differentiation": "poor"}]},
        "tumors[0].category",
        "NEC",
    ),
    (
        {"as_of": "2025-03-01", "tumors": [{"category": "NEC", "differentiation": "well"}]},
        "tumors[0].category",
        "NET",
    ),
    ({"as_of": "2025-03-01", "tumors": [{"site": "stomach", "n": "N2"}]}, "tumors[0].n", "N2"),
    ({"as_of": "2025-03-01", "tumors": [{"site": "stomach", "t": "T1a"}]}, "tumors[0].t", "T1a"),
    ({"as_of": "2025-03-01", "tumors": [{"stage": "V"}]}, "tumors[0].stage", "stage group"),
    (
        {"as_of": "2025-03-01", "tumors": [{"mesoappendix_invasion_mm": -1, "site": "appendix"}]},
        "tumors[0].mesoappendix_invasion_mm",
        "0 or more",
    ),
    ({"as_of": "2025-03-01", "tumors": ["pancreas"]}, "tumors[0]", "an object"),
    (
        {"as_of": "2025-03-01", "performance": {"karnofsky": 75}},
        "performance.karnofsky",
        "multiple of 10",
    ),
    (
        {"as_of": "2025-03-01", "performance": {"karnofsky": 110}},
        "performance.karnofsky",
        "0 and 100",
    ),
    ({"as_of": "2025-03-01", "performance": {"ecog": 6}}, "performance.ecog", "0 and 5"),
    (
        {"as_of": "2025-03-01", "performance": {"ecog": 1, "assessed_on": "2025-04-01"}},
        "performance.assessed_on",
        "after the snapshot",
    ),
    (
        {"as_of": "2025-03-01", "metastases": {"hepatic": False, "liver_dominant": True}},
        "metastases.liver_dominant",
        "hepatic",
    ),
    ({"as_of": "2025-03-01", "sstr": {"krenning_score": 5}}, "sstr.krenning_score", "0 and 4"),
    ({"as_of": "2025-03-01", "sstr": {"done": False, "krenning_score": 3}}, "sstr.done", "result"),
    (
        {"as_of": "2025-03-01", "sstr": {"lowest_krenning_score": 5}},
        "sstr.lowest_krenning_score",
        "0 and 4",
    ),
    (
        {"as_of": "2025-03-01", "sstr": {"krenning_score": 1, "lowest_krenning_score": 4}},
        "sstr.lowest_krenning_score",
        "above the highest Krenning score 1",
    ),
    (
        {"as_of": "2025-03-01", "sstr": {"done": False, "lowest_krenning_score": 2}},
        "sstr.done",
        "result",
    ),
    (
        {"as_of": "2025-03-01", "sstr": {"positive": True, "krenning_score": 0}},
        "sstr.positive",
        "Krenning",
    ),
    (
        {"as_of": "2025-03-01", "sstr": {"scan_date": "2025-04-01"}},
        "sstr.scan_date",
        "after the snapshot",
    ),
    ({"as_of": "2025-03-01", "markers": {"hiaa_mg_24h": -2}}, "markers.hiaa_mg_24h", "0 or more"),
    ({"as_of": "2025-03-01", "markers": {"cga_ng_ml": -2}}, "markers.cga_ng_ml", "0 or more"),
    ({"as_of": "2025-03-01", "markers": {"cga_trend": "up"}}, "markers.cga_trend", "rising"),
    (
        {"as_of": "2025-03-01", "labs": {"platelets_10e9_l": -5}},
        "labs.platelets_10e9_l",
        "0 or more",
    ),
    (
        {"as_of": "2025-03-01", "treatments": [{"start": "2024-01-01"}]},
        "treatments[0].kind",
        "is required",
    ),
    (
        {
            "as_of": "2025-03-01",
            "treatments": [{"kind": "prrt", "start": "2024-02-01", "end": "2024-01-01"}],
        },
        "treatments[0].end",
        "before the start",
    ),
    (
        {"as_of": "2025-03-01", "treatments": [{"kind": "prrt", "start": "2025-06-01"}]},
        "treatments[0].start",
        "after the snapshot",
    ),
    ({"as_of": "2025-03-01", "progression_on_ssa": "yes"}, "progression_on_ssa", "true or false"),
    (
        {"as_of": "2025-03-01", "prior_board_recommendations": [3]},
        "prior_board_recommendations[0]",
        "text",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "words"), BAD_DICTS, ids=[b[1] + ":" + b[2] for b in BAD_DICTS]
)
def test_from_dict_refuses_bad_input_naming_the_field(data: object, field: str, words: str) -> None:
    """Each invalid value is refused with a ClinicalInputError naming its dotted field."""
    with pytest.raises(ClinicalInputError) as caught:
        PatientSnapshot.from_dict(data)
    assert field == caught.value.field
    assert words in caught.value.detail


def test_direct_construction_is_validated_too() -> None:
    """Wrong Python types are refused on direct construction, naming the field."""
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: TumorFacts(site="pancreas"), "site"),  # type: ignore[arg-type]
        (lambda: TumorFacts(ki67_percent=float("nan")), "ki67_percent"),
        (lambda: PatientSnapshot(as_of=datetime(2025, 3, 1)), "as_of"),  # noqa: DTZ001
        (lambda: PatientSnapshot(as_of=None), "as_of"),  # type: ignore[arg-type]
        (lambda: PatientSnapshot(as_of=AS_OF, tumors=[]), "tumors"),  # type: ignore[arg-type]
        (lambda: PatientSnapshot(as_of=AS_OF, tumors=(1,)), "tumors[0]"),  # type: ignore[arg-type]
        (
            lambda: (
                Markers(hiaa_date=AS_OF + timedelta(days=1)).hiaa_date
                and PatientSnapshot(
                    as_of=AS_OF, markers=Markers(hiaa_date=AS_OF + timedelta(days=1))
                )
            ),
            "markers.hiaa_date",
        ),
    ]
    for build, field in cases:
        with pytest.raises(ClinicalInputError) as caught:
            build()
        assert field == caught.value.field


def test_repeated_text_is_allowed_in_board_recommendations() -> None:
    """Two identical recommendation texts are kept (text lists may repeat)."""
    snapshot = PatientSnapshot(as_of=AS_OF, prior_board_recommendations=("SSA", "SSA"))
    assert ["SSA", "SSA"] == snapshot.to_dict()["prior_board_recommendations"]


def test_nested_part_from_dict_alone() -> None:
    """Parts have their own from_dict; errors name the part's own field."""
    assert SstrImaging(done=True, krenning_score=3) == SstrImaging.from_dict(
        {"done": True, "krenning_score": 3}
    )
    with pytest.raises(ClinicalInputError) as caught:
        SstrImaging.from_dict({"krenning_score": -1})
    assert "krenning_score" == caught.value.field


def test_sstr_lowest_krenning_round_trips_and_old_dicts_load() -> None:
    """The lowest target-lesion score is stored and read back; a stored SSTR part written
    before it existed (no key) loads with it unknown (tumor-board snapshots are frozen)."""
    sstr = SstrImaging(done=True, krenning_score=4, positive=False, lowest_krenning_score=1)
    assert 1 == sstr.to_dict()["lowest_krenning_score"]
    assert sstr == SstrImaging.from_dict(json.loads(json.dumps(sstr.to_dict())))
    old = SstrImaging.from_dict({"done": True, "krenning_score": 4, "positive": True,
                                 "scan_date": "2025-02-01"})
    assert (4, None) == (old.krenning_score, old.lowest_krenning_score)
    assert 3 == SstrImaging(lowest_krenning_score=3).lowest_krenning_score  # highest unknown
