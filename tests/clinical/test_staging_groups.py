"""AJCC 8th stage groups: every cell of every site (REFERENCE §2, ch. 29-34)."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.staging import TNM, StageResult, stage, stage_group

# The specification, written out by hand from REFERENCE §2 (not derived from the code).
T_BY_SITE = {
    "stomach": ["TX", "T0", "T1", "T2", "T3", "T4"],
    "duodenum_ampulla": ["TX", "T1", "T2", "T3", "T4"],
    "jejunum_ileum": ["TX", "T0", "T1", "T2", "T3", "T4"],
    "appendix": ["TX", "T0", "T1", "T2", "T3", "T4"],
    "colon_rectum": ["TX", "T0", "T1", "T1a", "T1b", "T2", "T3", "T4"],
    "pancreas": ["TX", "T1", "T2", "T3", "T4"],
}
N_BY_SITE = {site: ["NX", "N0", "N1"] for site in T_BY_SITE} | {
    "jejunum_ileum": ["NX", "N0", "N1", "N2"]
}
ALL_M = ["M0", "M1", "M1a", "M1b", "M1c"]
ALL_T = ["TX", "T0", "T1", "T1a", "T1b", "T2", "T3", "T4"]
SUBSITES = {"duodenum_ampulla": ["duodenum", "ampulla"]}

STANDARD_M0 = {
    ("T1", "N0"): "I",
    ("T2", "N0"): "II",
    ("T3", "N0"): "II",
    ("T4", "N0"): "III",
    ("T1", "N1"): "III",
    ("T2", "N1"): "III",
    ("T3", "N1"): "III",
    ("T4", "N1"): "III",
}
JEJUNUM_ILEUM_M0 = STANDARD_M0 | {
    ("T1", "N2"): "III",
    ("T2", "N2"): "III",
    ("T3", "N2"): "III",
    ("T4", "N2"): "III",
}
COLON_RECTUM_M0 = {
    ("T1", "N0"): "I",
    ("T1a", "N0"): "I",
    ("T1b", "N0"): "I",
    ("T2", "N0"): "IIA",
    ("T3", "N0"): "IIB",
    ("T4", "N0"): "IIIA",
    ("T1", "N1"): "IIIB",
    ("T1a", "N1"): "IIIB",
    ("T1b", "N1"): "IIIB",
    ("T2", "N1"): "IIIB",
    ("T3", "N1"): "IIIB",
    ("T4", "N1"): "IIIB",
}
M0_TABLE = {
    "stomach": STANDARD_M0,
    "duodenum_ampulla": STANDARD_M0,
    "jejunum_ileum": JEJUNUM_ILEUM_M0,
    "appendix": STANDARD_M0,
    "colon_rectum": COLON_RECTUM_M0,
    "pancreas": STANDARD_M0,
}


def _cells() -> list[tuple[str, str | None, str, str, str, str | None]]:
    cells = []
    for site, ts in T_BY_SITE.items():
        for subsite, t, n, m in product(SUBSITES.get(site, [None]), ts, N_BY_SITE[site], ALL_M):
            expected = "IV" if m != "M0" else M0_TABLE[site].get((t, n))
            cells.append((site, subsite, t, n, m, expected))
    return cells


CELLS = _cells()


@pytest.mark.parametrize(("site", "subsite", "t", "n", "m", "expected"), CELLS)
def test_it_stages_every_cell(
    site: str, subsite: str | None, t: str, n: str, m: str, expected: str | None
) -> None:
    """Each valid (site, T, N, M) gives the REFERENCE §2 stage group (None: not stageable)."""
    assert expected == stage(site, t, n, m, subsite).stage


def test_the_table_covers_all_valid_cells() -> None:
    """Sanity: 645 valid cells across the six GEP sites (two duodenum_ampulla subsites)."""
    assert len(CELLS) == 645


@pytest.mark.parametrize(("site", "subsite", "t", "n", "m", "expected"), CELLS[::7])
def test_stage_group_matches_stage_for_a_built_tnm(
    site: str, subsite: str | None, t: str, n: str, m: str, expected: str | None
) -> None:
    """`stage_group(TNM(...))` and `stage(...)` agree (sampled cells)."""
    assert expected == stage_group(TNM(site, t, n, m, subsite)).stage  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("site", "t", "n", "note"),
    [
        ("stomach", "T4", "NX", "Every possible NX completion gives stage III"),
        ("jejunum_ileum", "T4", "NX", "Every possible NX completion gives stage III"),
        ("colon_rectum", "TX", "N1", "Every possible TX completion gives stage IIIB"),
        ("colon_rectum", "T2", "NX", "Stage would be one of IIA, IIIB once NX is known."),
        ("pancreas", "TX", "NX", "Stage would be one of I, II, III once TX and NX is known."),
    ],
)
def test_it_explains_what_an_x_category_hides(site: str, t: str, n: str, note: str) -> None:
    """TX/NX without M1 → no stage, with a note giving the stage(s) every completion gives."""
    result = stage(site, t, n, "M0")
    assert None is result.stage
    assert result.note is not None and result.note.startswith(note)


@pytest.mark.parametrize("site", ["stomach", "jejunum_ileum", "appendix", "colon_rectum"])
def test_it_does_not_stage_t0_without_m1(site: str) -> None:
    """T0 (no evidence of primary) is staged only with M1 (AJCC 8 tables), N1 included."""
    assert [
        stage(site, "T0", "N0", "M0").stage,
        stage(site, "T0", "N1", "M0").stage,
        stage(site, "T0", "N1", "M1b").stage,
    ] == [None, None, "IV"]
    assert stage(site, "T0", "N1", "M0").reason.startswith("T0")


@given(
    st.sampled_from(sorted(T_BY_SITE)).flatmap(
        lambda site: st.tuples(
            st.just(site),
            st.sampled_from(SUBSITES.get(site, [None])),
            st.sampled_from(T_BY_SITE[site]),
            st.sampled_from(N_BY_SITE[site]),
            st.sampled_from(["M1", "M1a", "M1b", "M1c"]),
        )
    )
)
def test_any_m1_is_stage_iv_for_every_site_but_lung(
    cell: tuple[str, str | None, str, str, str],
) -> None:
    """Property: any M1 gives stage IV for every GEP site, whatever T and N (incl. X)."""
    site, subsite, t, n, m = cell
    assert stage(site, t, n, m, subsite).stage == "IV"


@pytest.mark.parametrize("m", ALL_M)
def test_lung_uses_lung_carcinoma_tnm(m: str) -> None:
    """Lung: no stage and the note 'uses lung carcinoma TNM', even with M1."""
    result = stage("lung", "T1", "N0", m)
    assert (result.stage, result.note, result.tnm) == (None, "uses lung carcinoma TNM", None)


def test_lung_accepts_missing_categories() -> None:
    """Lung with no T/N/M still answers (nothing to stage here)."""
    assert None is stage("lung", None, None, None).stage


@pytest.mark.parametrize("field", ["t", "n", "m", "subsite"])
def test_lung_refuses_non_string_categories(field: str) -> None:
    """Lung categories must still be strings or null; the message names the field."""
    values: dict[str, object] = {"t": "T1", "n": "N0", "m": "M0", "subsite": None, field: 3}
    with pytest.raises(ClinicalInputError) as caught:
        stage("lung", values["t"], values["n"], values["m"], values["subsite"])  # type: ignore[arg-type]
    assert field == caught.value.field


@pytest.mark.parametrize(
    ("site", "t"), [(site, t) for site in T_BY_SITE for t in ALL_T if t not in T_BY_SITE[site]]
)
def test_it_refuses_a_t_that_does_not_exist_for_the_site(site: str, t: str) -> None:
    """E.g. T1a for pancreas, T0 for pancreas: refused naming `t` and the allowed values."""
    subsite = SUBSITES.get(site, [None])[0]
    with pytest.raises(ClinicalInputError) as caught:
        stage(site, t, "N0", "M0", subsite)
    assert caught.value.field == "t"
    assert ", ".join(T_BY_SITE[site]) in str(caught.value)


@pytest.mark.parametrize("site", [site for site in T_BY_SITE if site != "jejunum_ileum"])
def test_it_refuses_n2_outside_jejunum_ileum(site: str) -> None:
    """N2 exists only for jejunum/ileum; elsewhere it is refused naming `n`."""
    subsite = SUBSITES.get(site, [None])[0]
    with pytest.raises(ClinicalInputError, match=r"^n: .*N2 exists only for jejunum_ileum"):
        stage(site, "T1", "N2", "M0", subsite)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("duodenum_ampulla", "T1", "N0", "M0", None), "subsite"),
        (("duodenum_ampulla", "T1", "N0", "M0", "jejunum"), "subsite"),
        (("duodenum_ampulla", "T1", "N0", "M0", 1), "subsite"),
        (("stomach", "T1", "N0", "M0", "ampulla"), "subsite"),
        (("oesophagus", "T1", "N0", "M0", None), "site"),
        ((None, "T1", "N0", "M0", None), "site"),
        (("stomach", "T5", "N0", "M0", None), "t"),
        (("stomach", None, "N0", "M0", None), "t"),
        (("stomach", "T2(x)", "N0", "M0", None), "t"),
        (("stomach", "T1", "N3", "M0", None), "n"),
        (("stomach", "T1", None, "M0", None), "n"),
        (("stomach", "T1", "N0", "MX", None), "m"),
        (("stomach", "T1", "N0", None, None), "m"),
        (("stomach", ["T1"], "N0", "M0", None), "t"),
    ],
)
def test_it_refuses_invalid_categories_naming_the_field(
    args: tuple[object, ...], field: str
) -> None:
    """Unknown site/category, missing or misplaced subsite → error naming the field."""
    with pytest.raises(ClinicalInputError) as caught:
        stage(*args)  # type: ignore[arg-type]
    assert field == caught.value.field
    assert str(caught.value).startswith(f"{field}: ")


@pytest.mark.parametrize("t", ["T2(m)", "T2(3)"])
def test_it_accepts_the_multiple_tumour_suffix(t: str) -> None:
    """T2(m) / T2(3) stage like T2 and keep `multiple` on the TNM (REFERENCE §2)."""
    result = stage("stomach", t, "N0", "M0")
    assert (result.stage, result.tnm.multiple, result.tnm.t_label) == ("II", True, "T2(m)")  # type: ignore[union-attr]


def test_tnm_refuses_lung() -> None:
    """A lung TNM cannot be built here: lung uses the lung carcinoma TNM."""
    with pytest.raises(ClinicalInputError, match=r"^site: lung NETs"):
        TNM("lung", "T1", "N0", "M0")  # type: ignore[arg-type]


def test_tnm_refuses_a_non_bool_multiple() -> None:
    """`multiple` must be a real bool."""
    with pytest.raises(ClinicalInputError, match=r"^multiple: "):
        TNM("stomach", "T1", "N0", "M0", multiple="yes")  # type: ignore[arg-type]


def test_tnm_label_without_multiple() -> None:
    """Without multiple tumours the label is the plain T."""
    assert TNM("appendix", "T3", "N0", "M0").t_label == "T3"  # type: ignore[arg-type]


def test_stage_results_are_shared_and_immutable() -> None:
    """Results come from a precomputed table: equal inputs give the same object."""
    assert stage("pancreas", "T2", "N0", "M0") is stage("pancreas", "T2", "N0", "M0")


@pytest.mark.parametrize(
    ("stage_value", "tnm", "field"),
    [("V", None, "stage"), ("II", None, "tnm")],
)
def test_it_cannot_build_an_invalid_stage_result(
    stage_value: str, tnm: TNM | None, field: str
) -> None:
    """StageResult refuses unknown stage strings and a stage without its TNM."""
    with pytest.raises(ClinicalInputError) as caught:
        StageResult(stage_value, "reason", tnm)
    assert field == caught.value.field


def test_stage_result_note_is_none_without_notes() -> None:
    """`note` is None when there is nothing to add."""
    assert None is stage("stomach", "T1", "N0", "M0").note
